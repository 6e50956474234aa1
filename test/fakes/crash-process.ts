// A child process for the crash-handler test: installs whybot's crash handlers as the executables do, then
// fails the way argv[2] says (an unhandled rejection or an uncaught exception) with the token in the message,
// while an interval would otherwise keep it alive.
import { installCrashHandlers } from '../../src/app/crash-handlers.ts';

installCrashHandlers({ secrets: () => [process.env.DISCORD_TOKEN, process.env.TELEGRAM_TOKEN] });
setInterval(() => undefined, 1000);
setTimeout(() => {
  const error = new Error(`boom while calling https://api.telegram.org/bot${process.env.TELEGRAM_TOKEN}/getMe`);
  if (process.argv[2] === 'rejection') void Promise.reject(error);
  else throw error;
}, 10);
