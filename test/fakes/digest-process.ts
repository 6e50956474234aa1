// Test helper run as its own process (node --import tsx): one whybot process's digest pass on a shared database,
// posting through the real Telegram adapter to a fake Telegram, at a fixed time. Prints the pass's outcomes as
// JSON on stdout. Arguments: DB_PATH TELEGRAM_API_ROOT NOW_ISO OWNER [hang]; DB_PATH may be a postgres:// URL. With `hang`, writing the article
// never finishes: the process prints "explaining" once it has claimed a day, and waits there (to be killed).
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { runBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { DigestScheduler } from '../../src/deliver/digest-scheduler.ts';
import { FanOut } from '../../src/deliver/fan-out.ts';
import { openDatabase } from '../../src/store/database.ts';
import { openPg } from '../../src/store/pg/pg-db.ts';
import { pgRunner, sqliteRunner } from '../../src/store/sql-runner.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { fixedServices } from './fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const [dbPath, apiRoot, nowIso, owner, mode] = process.argv.slice(2);
if (!dbPath || !apiRoot || !nowIso || !owner)
  throw new Error('usage: digest-process DB_PATH TELEGRAM_API_ROOT NOW_ISO OWNER');
const now = Date.parse(nowIso);
const clock = { now: () => now, sleep: async () => undefined };
const { logger } = memoryLogger();
const pg = dbPath.startsWith('postgres') ? await openPg(dbPath) : undefined;
const db = pg ? undefined : openDatabase(dbPath);
const bot = await runBot(
  loadConfig({ TELEGRAM_TOKEN: '1:digest', TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: 'silent' }, PLATFORMS),
  fixedServices(),
  { logger },
);
const fanOut = new FanOut({ posters: bot.posters, logger });
const fixed = fixedServices();
const services: typeof fixed =
  mode === 'hang'
    ? {
        ...fixed,
        explain: () => {
          process.stdout.write('explaining\n');
          return new Promise(() => undefined);
        },
      }
    : fixed;
const scheduler = new DigestScheduler({
  store: new DigestStore(pg ? pgRunner(pg) : sqliteRunner(db!), 'UTC', clock),
  services,
  fanOut,
  clock,
  logger,
  owner,
});
try {
  const results = await scheduler.runOnce();
  process.stdout.write(
    `${JSON.stringify(results.map((r) => ({ channel: r.schedule.channel, outcome: r.outcome })))}\n`,
  );
} finally {
  await fanOut.stop();
  await bot.stop();
  db?.close();
  await pg?.close();
}
