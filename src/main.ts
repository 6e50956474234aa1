// `npm start`: runs the bot (see src/cli/whybot.ts); extra arguments such as --replay FILE --at TIME pass through.
import { runProcess } from './cli/run-process.ts';

await runProcess(['start', ...process.argv.slice(2)]);
