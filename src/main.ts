// `npm start`: runs the bot (see src/cli/whybot.ts); extra arguments such as --replay FILE --at TIME pass through.
import { main } from './cli/whybot.ts';

process.exitCode = await main(['start', ...process.argv.slice(2)]);
