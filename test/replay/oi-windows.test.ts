// Open interest over two windows in a replay: the longer window's statement follows from its own data. Real
// Binance klines of March 2024 with generated open-interest files (Binance's "metrics" format, made up for this
// test, written to a temp folder) whose shape is known: flat for a month and falling only in the last 24 hours
// must not read "the unwinding did not start today"; falling all month must.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const KLINES = fileURLToPath(new URL('../../examples/binance/futures/um/BTCUSDT-1h-2024-03.csv', import.meta.url));
const AT = Date.parse('2024-03-28T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dir = mkdtempSync(join(tmpdir(), 'whybot-oi-windows-'));
const env = { WHYBOT_SENTIMENT: 'off', WHYBOT_DB_PATH: join(dir, 'whybot.sqlite'), LOG_LEVEL: 'silent' };

/** A generated metrics file: open interest in USD every 5 minutes over 35 days up to AT, from `usdAt(msBeforeAt)`. */
function metricsFile(name: string, usdAt: (ago: number) => number): string {
  const rows = ['create_time,symbol,sum_open_interest,sum_open_interest_value'];
  for (let ago = 35 * DAY; ago >= 0; ago -= 5 * 60_000) {
    const t = new Date(AT - ago).toISOString().replace('T', ' ').slice(0, 19);
    const usd = usdAt(ago);
    rows.push(`${t},BTCUSDT,${(usd / 70_000).toFixed(3)},${usd.toFixed(2)}`);
  }
  const file = join(dir, name, 'BTCUSDT-metrics-2024-03.csv');
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

async function leverage(file: string): Promise<string> {
  const { code, out, err } = await runCli(
    ['why', 'btc', '--full', '--replay', `${KLINES},${file}`, '--at', new Date(AT).toISOString()],
    env,
  );
  expect(err).toBe('');
  expect(code).toBe(0);
  return out;
}

describe('open interest over the day and the month in a replay', () => {
  it('GIVEN flat open interest until 24 hours ago, then -10% THEN the unwinding is not said to predate today', async () => {
    const out = await leverage(metricsFile('fresh', (ago) => (ago >= DAY ? 10e9 : 9e9 + (ago / DAY) * 1e9)));
    expect(out).toMatch(/shrank 10\.0% over the day/);
    expect(out).not.toContain('did not start today');
    expect(out).toMatch(/until the past day it had held steady, so the unwinding began within the day/);
  });

  it('GIVEN open interest falling all month and over the day THEN the unwinding did not start today', async () => {
    // 12e9 a month ago down to 10e9 a day ago (-16.7%), then to 9e9
    const out = await leverage(
      metricsFile('long', (ago) => (ago >= DAY ? 10e9 + ((ago - DAY) / (29 * DAY)) * 2e9 : 9e9 + (ago / DAY) * 1e9)),
    );
    expect(out).toMatch(/shrank 10\.0% over the day/);
    expect(out).toContain('so the unwinding did not start today');
  });

  it('GIVEN open interest rising until 24 hours ago, then falling below its level of a month ago THEN it says how much it had grown', async () => {
    // 10e9 a month ago up to 11e9 a day ago, then down to 9e9; the replay serves 29 whole days, and 29 days before
    // the replayed moment the file holds 10.034e9, so the span up to a day ago grew 9.6%
    const out = await leverage(
      metricsFile('rise', (ago) =>
        ago >= DAY ? 10e9 + ((30 * DAY - ago) / (29 * DAY)) * 1e9 : 9e9 + (ago / DAY) * 2e9,
      ),
    );
    expect(out).not.toContain('did not start today');
    expect(out).toMatch(/until the past day it had grown 9\.6%, so the unwinding began within the day/);
  });
});
