// The exchange simulator in a process of its own, for benchmarks that measure the CPU of the bot's process alone
// (bench/why-cpu.ts): the same synthetic 60-day market as why-setup.ts. Prints its URL on the first line, then
// serves until its stdin closes.
import { startSimulator } from '../src/simulator/server.ts';
import { syntheticMarket } from '../test/helpers/synthetic-market.ts';
import { NOW, START } from './why-setup.ts';

const latencyMs = Number(process.argv[2] ?? 0);
const sim = await startSimulator({
  data: syntheticMarket({ start: START, hours: 60 * 24 }),
  now: () => NOW,
  latencyMs,
});
process.stdout.write(`${sim.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
