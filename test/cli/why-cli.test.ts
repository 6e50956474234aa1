// `whybot why` end to end: the real CLI entry, a replay of real August 2024 Binance klines through the
// exchange simulator and the real ccxt, the analysis and the templates; output read as a user reads it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { PROCESS_TEST_TIMEOUT_MS } from '../helpers/testkit.ts';

const CSV = fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The installed bin: the compiled CLI that `npm install` builds (prepare) into dist/. */
const BIN = join(ROOT, 'dist/src/cli/bin.js');
const env = {
  WHYBOT_SENTIMENT: 'off',
  WHYBOT_DB_PATH: join(mkdtempSync(join(tmpdir(), 'whybot-cli-')), 'whybot.sqlite'),
  LOG_LEVEL: 'silent',
};

const whybot = (...argv: string[]) => runCli(argv, env);

const forbidden = /NaN|undefined|Infinity|\$0(?![\d,.])/;

describe('whybot why --replay (real August 2024 klines)', () => {
  it('explains the 5 August 2024 crash from the data, and says it is a replay', async () => {
    const { code, out, err } = await whybot('why', '--replay', CSV, '--at', '2024-08-05T07:00:00Z');
    expect(err).toBe('');
    expect(code).toBe(0);
    const [headline] = out.split('\n');
    expect(headline).toMatch(/crash/i);
    expect(out).toContain('Replay of 5 August 2024');
    expect(out).toContain('$51,588'); // close of the 06:00-07:00 candle
    expect(out).toContain('15.2%');
    expect(out).not.toMatch(forbidden);
    // The supports it names are below the price.
    const supportLine = out.split('\n').find((l) => l.trim().startsWith('Support:'))!;
    const supports = [...supportLine.matchAll(/\$([\d,]+)/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(supports.length).toBeGreaterThanOrEqual(2);
    expect(supports.every((p) => p < 51_588)).toBe(true);
    // A BTC-only replay has no open interest, funding or liquidations: those sentences are absent.
    expect(out).not.toMatch(/open interest|funding|liquidat/i);
  });

  it('calls 20 August 2024 a rise, never a crash or a fall', async () => {
    const { code, out } = await whybot('why', '--replay', CSV, '--at', '2024-08-20T12:00:00Z');
    expect(code).toBe(0);
    expect(out).toContain('Replay of 20 August 2024');
    expect(out).toMatch(/up 3\.6%|3\.6% above/);
    expect(out).not.toMatch(/crash|plunge|sink|slump|tumble|fell|falls|sell-off/i);
    expect(out).not.toMatch(forbidden);
  });

  it('prints JSON with the article text and every figure with its source and time', async () => {
    const { code, out } = await whybot(
      'why',
      'btc',
      '--full',
      '--format',
      'json',
      '--replay',
      CSV,
      '--at',
      '2024-08-05T07:00:00Z',
    );
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      text: string;
      facts: Array<{ id: string; value: number; text: string; source: string; asOf: string }>;
      replay: { at: string };
    };
    expect(json.replay.at).toBe('2024-08-05T07:00:00.000Z');
    const price = json.facts.find((f) => f.id === 'BTC.price')!;
    expect(price).toMatchObject({ value: 51_588, text: '$51,588', source: 'Binance spot last prices' });
    for (const fact of json.facts) {
      expect(fact.source.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(fact.asOf))).toBe(false);
      expect(Number.isFinite(fact.value)).toBe(true);
    }
    // Every figure the article prints is in the text, and the text holds no number that is not a figure
    // (dates and the replay note aside).
    for (const fact of json.facts) expect(json.text).toContain(fact.text.replace(/^[-+]/, ''));
  });
});

describe('whybot why: bad input gets one clear line and exit code 2', () => {
  it.each([
    [['why', 'doge', '--replay', CSV], "I don't track doge; try one of BTC, ETH, BNB, SOL, XRP."],
    [
      ['why', '--replay', '/nonexistent/BTCUSDT-1h-2024-08.csv'],
      'Cannot read replay file /nonexistent/BTCUSDT-1h-2024-08.csv (ENOENT).',
    ],
    [['why', '--replay', CSV, '--at', 'yesterday'], '"yesterday" is not a time I understand'],
    [['why', '--replay', CSV, '--at', '2025-01-01T00:00:00Z'], 'outside the replayed data'],
    [['why', '--format', 'xml'], '--format must be text or json'],
  ])('%j', async (argv, message) => {
    const { code, out, err } = await whybot(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a replay of a coin the files do not hold says so', async () => {
    const { code, err } = await whybot('why', 'eth', '--replay', CSV, '--at', '2024-08-05T07:00:00Z');
    expect(code).toBe(2);
    expect(err).toContain('This replay holds no ETH data; it covers BTC.');
  });
});

describe('the installed bin (npx whybot), compiled', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  // CI's `npm ci` has built dist/ already (prepare); a checkout whose dist/ is missing or older than the
  // sources is built here first.
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  const built = () => {
    const stale =
      !existsSync(BIN) || statSync(BIN).mtimeMs < Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'commands')));
    if (stale) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    return BIN;
  };

  it('prints the usage for help', () => {
    const out = execFileSync(process.execPath, [built(), 'help'], { encoding: 'utf8' });
    expect(out).toContain('whybot why [COIN]');
  });

  it('explains a replay from compiled JavaScript exactly as the sources do, with the templates of the package', async () => {
    const argv = ['why', '--replay', CSV, '--at', '2024-08-05T07:00:00Z'];
    const out = execFileSync(process.execPath, [built(), ...argv], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    expect(out).toContain('Replay of recorded market data, not live.');
    expect(out).toBe((await whybot(...argv)).out);
  });
});
