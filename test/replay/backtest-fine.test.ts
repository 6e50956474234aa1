// `whybot backtest` with finer files: the rules see a drop inside an hour that the hourly closes hide, and every
// line's move is the same measure as the alert title beside it (the real August 2024 file, and generated files).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBacktestCommand, type BacktestLine } from '../../src/cli/backtest.ts';
import { formatPct } from '../../src/narrate/format.ts';

const SPOT = fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'whybot-backtest-fine-'));
const HOUR = 3_600_000;
const MIN = 60_000;
const START = Date.parse('2024-03-01T00:00:00Z');
const DIP_HOUR = START + 36 * HOUR;

async function backtest(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const code = await runBacktestCommand(argv, { stdout, stderr, env: {} });
  return { code, out, err };
}

function write(rel: string, rows: Array<[number, number, number, number, number]>): string {
  const file = join(tmp, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${rows.map(([t, o, h, l, c]) => [t, o, h, l, c, 10, t + 59_999, 0, 0, 0, 0, 0].join(',')).join('\n')}\n`,
  );
  return file;
}

/** Generated files: 48 flat hours at $60,000, one of which dips 4% inside the hour (visible only in its 1m file). */
function dipFiles() {
  const minutes: Array<[number, number, number, number, number]> = [];
  for (let i = 0; i < 60; i++) {
    const depth = i <= 30 ? i / 30 : (60 - i) / 30; // down to -4% at minute 30, back by minute 60
    const open = 60_000 * (1 - 0.04 * (i === 0 ? 0 : i <= 30 ? (i - 1) / 30 : (61 - i) / 30));
    const close = 60_000 * (1 - 0.04 * depth);
    minutes.push([DIP_HOUR + i * MIN, open, Math.max(open, close), Math.min(open, close), close]);
  }
  const low = Math.min(...minutes.map((m) => m[3]));
  const hours: Array<[number, number, number, number, number]> = [];
  for (let h = 0; h < 48; h++) {
    const t = START + h * HOUR;
    hours.push(t === DIP_HOUR ? [t, 60_000, 60_000, low, minutes[59]![4]] : [t, 60_000, 60_000, 60_000, 60_000]);
  }
  return {
    hourly: write('data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-03.csv', hours),
    minute: write('data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-03-02.csv', minutes),
  };
}

describe('backtest with finer files', () => {
  it('sees a 4% drop inside an hour in the 1m file that the hourly closes do not show', async () => {
    const { hourly, minute } = dipFiles();
    const coarse = await backtest(['--replay', hourly, '--rule', 'BTC:-3%:1h', '--no-headlines', '--format', 'json']);
    expect(coarse.code).toBe(0);
    expect(JSON.parse(coarse.out)).toEqual([]);
    const fine = await backtest([
      '--replay',
      `${hourly},${minute}`,
      '--rule',
      'BTC:-3%:1h',
      '--no-headlines',
      '--format',
      'json',
    ]);
    expect(fine.err).toBe('');
    const alerts = JSON.parse(fine.out) as BacktestLine[];
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const first = alerts[0]!;
    expect(Date.parse(first.at)).toBeGreaterThan(DIP_HOUR);
    expect(Date.parse(first.at)).toBeLessThan(DIP_HOUR + HOUR);
    expect(first.movePct).toBeLessThanOrEqual(-3);
    expect(first.alertTitle).toBe(`Drop alert: BTC ${formatPct(first.movePct)} within 1 h`);
    const text = await backtest(['--replay', `${hourly},${minute}`, '--rule', 'BTC:-3%:1h', '--no-headlines']);
    expect(text.out).toContain('(Binance spot)');
    expect(text.out).toContain('finest candles given (1m, 1h)');
  });

  it('on the real August 2024 file, every line states the same move as the alert title beside it', async () => {
    const { code, out } = await backtest(['--replay', SPOT, '--format', 'json']);
    expect(code).toBe(0);
    const alerts = JSON.parse(out) as BacktestLine[];
    expect(alerts.length).toBeGreaterThanOrEqual(4);
    for (const a of alerts) {
      expect(a.alertTitle).toContain(formatPct(a.movePct));
      expect(a.headline).toMatch(/\$\d/);
    }
  });
});
