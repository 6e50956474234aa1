// Start-up failures through the real executable (`src/cli/bin.ts`, run from the sources with tsx) as a child process: each prints one
// line naming the setting or file and the fix, and ends with the documented exit code (2 bad settings or
// files, 1 runtime failure) within the test's timeout instead of hanging. Chat platforms are the fake Discord
// and Telegram servers, the exchange is the simulator; a platform that cannot be reached is retried, not fatal.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { openDatabase } from '../../src/store/database.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { runCli } from '../helpers/run-cli.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
/** tsx's loader by absolute URL: the child runs in a temp dir, where a bare `--import tsx` would not resolve. */
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const CSV = fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url));
const DIR = mkdtempSync(join(tmpdir(), 'whybot-startup-'));
const TG_TOKEN = '7350917262:AAHd9Kx0-secret-telegram-token-value';
const HOUR = 3_600_000;

let sim: Simulator;
let discord: FakeDiscord;
let telegram: FakeTelegram;
beforeAll(async () => {
  [sim, discord, telegram] = await Promise.all([
    startSimulator({ data: syntheticMarket({ start: 0, hours: 40 * 24 }), now: () => 40 * 24 * HOUR }),
    startFakeDiscord(),
    startFakeTelegram(),
  ]);
});
afterAll(async () => {
  await Promise.all([sim?.close(), discord?.close(), telegram?.close()]);
  rmSync(DIR, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  lines: string[];
  out: string;
}

let dbs = 0;
/** Run `whybot ...argv` in a child process (cwd: a temp dir, so no .env is read), stdin piped. */
function whybot(
  argv: string[],
  env: Record<string, string>,
  options: {
    input?: string;
    until?: (err: string) => boolean;
    killDelayMs?: number;
    cwd?: string;
    uid?: number;
  } = {},
): Promise<Run & { err: string }> {
  const child = spawn(process.execPath, ['--import', TSX, BIN, ...argv], {
    cwd: options.cwd ?? DIR,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    env: {
      PATH: process.env.PATH ?? '',
      WHYBOT_SENTIMENT: 'off',
      WHYBOT_COLLECTOR: 'off',
      WHYBOT_ALERTS: 'off',
      WHYBOT_EXCHANGE_URL: sim.url,
      WHYBOT_DB_PATH: join(DIR, `db-${++dbs}.sqlite`),
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let stopping = false;
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => {
    err += d;
    if (!stopping && options.until?.(err)) {
      stopping = true;
      setTimeout(() => child.kill('SIGTERM'), options.killDelayMs ?? 0);
    }
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) =>
    // the terminal prompt (replays) first says where its logs go: not part of the error
    child.on('close', (code) =>
      resolve({
        code,
        out,
        err,
        lines: err.split('\n').filter((l) => l !== '' && !l.startsWith('whybot: logs go to ')),
      }),
    ),
  );
}

const TIMEOUT = 60_000;

describe('start-up failures end the process with one line naming the setting or file', () => {
  it(
    'a templates folder that does not exist: exit 2',
    async () => {
      const r = await whybot(['why'], { WHYBOT_TEMPLATES_DIR: join(DIR, 'no-such-templates') });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        expect.stringMatching(
          /^whybot: WHYBOT_TEMPLATES_DIR: Cannot read the templates directory .*no-such-templates.*: point it at a copy of the repository's templates\/ folder/,
        ),
      ]);
    },
    TIMEOUT,
  );

  it(
    'a corrupt database file: exit 2, the file named',
    async () => {
      const file = join(DIR, 'corrupt.sqlite');
      writeFileSync(file, 'this is not a database '.repeat(200));
      const r = await whybot(['why'], { WHYBOT_DB_PATH: file });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        `whybot: WHYBOT_DB_PATH: ${file} is not a usable SQLite database (file is not a database): move it away (a new one is created) or restore a backup`,
      ]);
    },
    TIMEOUT,
  );

  it(
    'a database path that is a folder: exit 2, the file named',
    async () => {
      const file = join(DIR, 'a-folder.sqlite');
      mkdirSync(file, { recursive: true });
      const r = await whybot(['why'], { WHYBOT_DB_PATH: file });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        `whybot: WHYBOT_DB_PATH: ${file} is a folder, not a file: set WHYBOT_DB_PATH to a file in a folder this user can write`,
      ]);
    },
    TIMEOUT,
  );

  // Each used to hang (Node's recursive mkdir spins for ever under /proc) or end in "unexpected error".
  const SECONDS = 20_000;
  const FIX = 'set WHYBOT_DB_PATH to a file in a folder this user can write';
  it.each([
    [
      'a folder under /proc',
      '/proc/whybot-test/db.sqlite',
      `cannot create the folder /proc/whybot-test (the file system does not allow it there): ${FIX}`,
    ],
    [
      'a file under /proc',
      '/proc/whybot-test.sqlite',
      `cannot write /proc/whybot-test.sqlite (the file system does not allow it there): ${FIX}`,
    ],
  ])(
    'a database path that cannot be created (%s) names WHYBOT_DB_PATH within seconds: exit 2',
    async (_, file, why) => {
      const r = await whybot(['why'], { WHYBOT_DB_PATH: file });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([`whybot: WHYBOT_DB_PATH: ${why}`]);
    },
    SECONDS,
  );

  it(
    'a database path that is a dangling link names the link and its missing target: exit 2',
    async () => {
      const file = join(DIR, 'dangling.sqlite');
      symlinkSync(join(DIR, 'gone', 'db.sqlite'), file);
      const r = await whybot(['why'], { WHYBOT_DB_PATH: file });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        `whybot: WHYBOT_DB_PATH: ${file} is a link to ${join(DIR, 'gone', 'db.sqlite')}, which does not exist: create it, or ${FIX}`,
      ]);
    },
    SECONDS,
  );

  it(
    'a database on a full disk (a link to /dev/full) says the disk is full: exit 2',
    async () => {
      const file = join(DIR, 'full.sqlite');
      symlinkSync('/dev/full', file);
      const r = await whybot(['why'], { WHYBOT_DB_PATH: file });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        `whybot: WHYBOT_DB_PATH: cannot write ${file} (the disk is full): free some space, or set WHYBOT_DB_PATH to a file on another disk`,
      ]);
    },
    TIMEOUT,
  );

  it(
    'a database in a read-only folder names WHYBOT_DB_PATH: exit 2',
    async (context) => {
      // root writes anywhere: the child then runs as nobody, from a folder it may read
      const folder = join(DIR, 'read-only');
      mkdirSync(folder);
      chmodSync(folder, 0o555);
      const asRoot = process.getuid?.() === 0;
      chmodSync(DIR, 0o711); // nobody may pass through to it
      // ...which needs a checkout nobody may read (not one under /root)
      const readable = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(BIN)})`], {
        cwd: folder,
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      });
      if (readable.status !== 0) context.skip('the checkout is not readable by the unprivileged user');
      const file = join(folder, 'db.sqlite');
      const r = await whybot(['why'], { WHYBOT_DB_PATH: file }, asRoot ? { cwd: folder, uid: 65534 } : {});
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([`whybot: WHYBOT_DB_PATH: cannot write ${file} (permission denied): ${FIX}`]);
    },
    SECONDS,
  );

  it(
    'a log file that cannot be created names WHYBOT_LOG_FILE: exit 2',
    async () => {
      const r = await whybot(['start'], { WHYBOT_TERMINAL: 'on', WHYBOT_LOG_FILE: '/proc/whybot-test/whybot.log' });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        'whybot: WHYBOT_LOG_FILE: cannot create the folder /proc/whybot-test (the file system does not allow it there): set WHYBOT_LOG_FILE to a file in a folder this user can write',
      ]);
    },
    SECONDS,
  );

  it(
    'whybot collect with a corrupt database names the --db file: exit 2',
    async () => {
      const file = join(DIR, 'corrupt-collect.sqlite');
      writeFileSync(file, 'not sqlite '.repeat(300));
      const { code, err } = await runCli(['collect', '--db', file], { LOG_LEVEL: 'silent' });
      expect(code).toBe(2);
      expect(err).toBe(
        `whybot: --db: ${file} is not a usable SQLite database (file is not a database): move it away (a new one is created) or restore a backup\n`,
      );
    },
    TIMEOUT,
  );

  it(
    'an exchange ccxt does not know: exit 2',
    async () => {
      const r = await whybot(['why'], { WHYBOT_EXCHANGE: 'krakenx' });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        'whybot: WHYBOT_EXCHANGE: Unknown exchange "krakenx": use a ccxt id such as binanceusdm, bybit or okx.',
      ]);
    },
    TIMEOUT,
  );

  it(
    'a replay file that does not exist: exit 2, the file named',
    async () => {
      const r = await whybot(['start', '--replay', join(DIR, 'missing.csv')], {});
      expect(r.code).toBe(2);
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toContain('missing.csv');
    },
    TIMEOUT,
  );

  it(
    'a replay that fails after its simulator started ends (it used to print the error and hang)',
    async () => {
      const r = await whybot(['start', '--replay', CSV, '--at', '2024-08-05T07:00:00Z'], {
        WHYBOT_TEMPLATES_DIR: join(DIR, 'no-such-templates'),
      });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([expect.stringContaining('WHYBOT_TEMPLATES_DIR: Cannot read the templates directory')]);
    },
    TIMEOUT,
  );

  it(
    "a replay's /digest set is kept in memory: the live database is not touched",
    async () => {
      const file = join(DIR, 'live.sqlite');
      openDatabase(file).close();
      const before = readFileSync(file);
      const r = await whybot(
        ['start', '--replay', CSV, '--at', '2024-08-05T07:00:00Z'],
        { WHYBOT_DB_PATH: file },
        {
          input: '/digest set 08:00 UTC\n/digest show\n',
        },
      );
      expect(r.code).toBe(0);
      // the command did run, in the replay
      expect(r.out).toContain('Daily digest set: every day at 08:00 (UTC)');
      expect(r.err).toContain('a replay keeps digest schedules and alert settings in memory');
      const live = openDatabase(file, { readonly: true });
      try {
        expect(live.prepare('SELECT count(*) AS n FROM digest_schedules').get()).toEqual({ n: 0 });
      } finally {
        live.close();
      }
      expect(readFileSync(file).equals(before)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'a coin the exchange does not list is named at start-up: exit 2',
    async () => {
      const r = await whybot(['why'], { WHYBOT_COINS: 'BTC,PEPE' });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        'whybot: PEPE is not listed on Binance USD-M as a USDT perpetual; set WHYBOT_COINS to coins it lists',
      ]);
    },
    TIMEOUT,
  );

  it(
    'a quote currency the exchange does not settle in is named at start-up: exit 2',
    async () => {
      const r = await whybot(['why'], { WHYBOT_QUOTE: 'EUR' });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        'whybot: WHYBOT_QUOTE: Binance USD-M has no EUR-settled perpetuals; set WHYBOT_QUOTE to one of USDT',
      ]);
    },
    TIMEOUT,
  );
});

describe('settings people commonly get wrong, through the real executable', () => {
  it(
    'names each, one line per problem, before anything starts: exit 2',
    async () => {
      const r = await whybot(['start'], {
        DISCORD_BOT_TOKEN: 'secret-discord-value',
        TELEGRAM_BOT_TOKEN: TG_TOKEN,
        WHYBOT_COINS: 'BTC;ETH',
        REDIS_URL: 'http://127.0.0.1:6379',
        WHYBOT_CHART_QUEUE: '0x1000',
        WHYBOT_ALERT_RULES: 'BTC:+3%:1h',
      });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        'whybot: WHYBOT_COINS: "BTC;ETH" is not accepted; each entry must be a coin symbol (letters and digits, such as BTC or 1000PEPE), and coins are separated by commas: BTC,ETH',
        'whybot: WHYBOT_CHART_QUEUE must be a number (got "0x1000")',
        expect.stringMatching(
          /^whybot: WHYBOT_ALERT_RULES must be rules such as .*a threshold with a plus sign is a rise/,
        ),
        'whybot: REDIS_URL must be a URL starting with redis:// or rediss:// (got "http://127.0.0.1:6379")',
        'whybot: DISCORD_BOT_TOKEN is not a whybot setting (did you mean DISCORD_TOKEN?): see .env.example for the list',
        'whybot: TELEGRAM_BOT_TOKEN is not a whybot setting (did you mean TELEGRAM_TOKEN?): see .env.example for the list',
      ]);
      expect(r.err).not.toContain('secret-discord-value');
      expect(r.err).not.toContain('AAHd9Kx0');
    },
    TIMEOUT,
  );

  it(
    'a market written for a coin, and a rule on a coin not tracked: exit 2',
    async () => {
      const r = await whybot(['why'], { WHYBOT_COINS: 'BTCUSDT', WHYBOT_ALERT_RULES: 'ETH:-3%:1h' });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        'whybot: WHYBOT_COINS: "BTCUSDT" is a market, not a coin: write BTC (the quote currency is WHYBOT_QUOTE, USDT)',
        'whybot: WHYBOT_ALERT_RULES has a rule on ETH, which is not tracked (WHYBOT_COINS is BTCUSDT): add ETH to WHYBOT_COINS or change the rule',
      ]);
    },
    TIMEOUT,
  );
});

describe('chat platforms at start-up', () => {
  it(
    'a Telegram token refused (401) points to @BotFather, without the token: exit 2',
    async () => {
      telegram.fail('getMe', { error_code: 401, description: 'Unauthorized' });
      const r = await whybot(['start'], { TELEGRAM_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        'whybot: TELEGRAM_TOKEN was refused by Telegram (401 Unauthorized): get the current one from @BotFather (/token, or /revoke for a new one) and set TELEGRAM_TOKEN',
      ]);
      expect(r.err).not.toContain('AAHd9Kx0');
    },
    TIMEOUT,
  );

  it(
    'a Discord token refused (401) points to the Developer Portal: exit 2',
    async () => {
      discord.fail({
        method: 'GET',
        path: /^\/gateway\/bot$/,
        status: 401,
        body: { message: '401: Unauthorized', code: 0 },
      });
      const r = await whybot(['start'], { DISCORD_TOKEN: 'x'.repeat(70), DISCORD_API_URL: discord.apiUrl });
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        expect.stringMatching(
          /^whybot: DISCORD_TOKEN was refused by Discord \(401 Unauthorized\): make a new one in the Discord Developer Portal .*Bot > Reset Token\) and set DISCORD_TOKEN$/,
        ),
      ]);
    },
    TIMEOUT,
  );

  it(
    'Telegram unreachable at boot is retried with backoff and logged, not fatal; a signal then stops it cleanly',
    async () => {
      const closed = await closedPort();
      const retries = (err: string) => (err.match(/cannot reach Telegram at start-up; retrying/g) ?? []).length;
      const r = await whybot(
        ['start'],
        { TELEGRAM_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${closed}`, LOG_LEVEL: 'warn' },
        { until: (err) => retries(err) >= 2 },
      );
      expect(retries(r.err)).toBeGreaterThanOrEqual(2);
      expect(r.code).toBe(0);
      expect(r.err).not.toContain('AAHd9Kx0');
    },
    TIMEOUT,
  );
});

describe('Discord unreachable at boot', () => {
  it(
    'a 502 on login is retried past the READY time-out (no unhandled rejection), then serves, and SIGTERM exits 0',
    async () => {
      // discord.js tries GET /gateway/bot four times (three retries of a 5xx): the first login fails on all four
      for (let i = 0; i < 4; i++)
        discord.fail({ method: 'GET', path: /^\/gateway\/bot$/, status: 502, body: { message: 'Bad Gateway' } });
      const started = Date.now();
      let servingAt = 0;
      const r = await whybot(
        ['start'],
        {
          DISCORD_TOKEN: 'boot-test-token',
          DISCORD_API_URL: discord.apiUrl,
          // the first login's READY wait would end 1 s after it began: the old code left that rejection unhandled
          DISCORD_READY_TIMEOUT_SECONDS: '1',
          LOG_LEVEL: 'info',
        },
        {
          until: (err) => {
            if (servingAt === 0 && err.includes('"msg":"whybot is running"')) servingAt = Date.now();
            return servingAt > 0;
          },
          // keep running well past the point where the first READY wait timed out
          killDelayMs: 2500,
        },
      );
      const lines = r.err
        .split('\n')
        .flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : []));
      const retries = lines.filter((l) => /^cannot reach Discord at start-up; retrying/.test(String(l.msg)));
      expect(retries.length).toBeGreaterThanOrEqual(1);
      expect(String(retries[0]!.err)).toMatch(/502|Bad Gateway/);
      expect(r.err).not.toMatch(/unhandled|uncaught/i);
      expect(servingAt).toBeGreaterThan(0);
      // alive for more than the READY time-out after the failed login, then a clean stop
      expect(Date.now() - started).toBeGreaterThan(3000);
      expect(lines.some((l) => l.msg === 'whybot stopped')).toBe(true);
      expect(r.code).toBe(0);
    },
    TIMEOUT,
  );
});

describe('no chat token', () => {
  it(
    'and no terminal (stdin is not a TTY, as in a container): says so, exit 2',
    async () => {
      const r = await whybot(['start'], {});
      expect(r.code).toBe(2);
      expect(r.lines).toEqual([
        expect.stringMatching(
          /^whybot: no chat token and no terminal attached: set DISCORD_TOKEN or TELEGRAM_TOKEN .*WHYBOT_TERMINAL=on/,
        ),
      ]);
    },
    TIMEOUT,
  );

  it(
    'with WHYBOT_TERMINAL=on, commands piped in are answered and the end of input ends the bot (exit 0)',
    async () => {
      const r = await whybot(['start'], { WHYBOT_TERMINAL: 'on' }, { input: '/help\n' });
      expect(r.code).toBe(0);
      expect(r.out).toContain('/levels');
    },
    TIMEOUT,
  );
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
