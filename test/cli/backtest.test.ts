// `whybot backtest`: the real rule engine over the real August 2024 klines, with the headlines of the articles
// the real services write over the replay at each alert's moment; and clear errors for bad input.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runBacktestCommand, type BacktestLine } from '../../src/cli/backtest.ts';
import { AUGUST_2024_CSV } from '../fakes/replay-services.ts';

async function backtest(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const code = await runBacktestCommand(argv, { stdout, stderr, env });
  return { code, out, err };
}

describe('whybot backtest', () => {
  it('lists the alerts of the default rules over August 2024, with time, move and a real headline', async () => {
    const { code, out, err } = await backtest(['--replay', AUGUST_2024_CSV]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const crash = lines.filter((l) => l.startsWith('2024-08-05'));
    expect(crash.length).toBeGreaterThanOrEqual(3);
    expect(lines.length - crash.length).toBeLessThanOrEqual(4);
    // the first crash alert: BTC -3% in 1 h, between two real closes of the file, with the alert's title stating
    // the same move, and the headline of the article posted with it on the next line
    expect(crash[0]).toMatch(
      /^2024-08-05 01:00 UTC {2}BTC:-3%:1h +crossed +-3\.4% {2}\$58,161 -> \$56,174 {2}"Drop alert: BTC -3\.4% within 1 h"$/,
    );
    const next = out.split('\n')[out.split('\n').indexOf(crash[0]!) + 1]!;
    expect(next).toMatch(/^ +article: "[^"]*\$56,174[^"]*"$/);
    expect(out).toContain('Rules: BTC falls 3% within 1 h');
    expect(out).toContain(`${lines.length.toString()} alerts.`);
    expect(out).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('takes other rules and writes JSON', async () => {
    const { code, out } = await backtest([
      '--replay',
      AUGUST_2024_CSV,
      '--rule',
      'BTC:-8%:24h',
      '--no-headlines',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const alerts = JSON.parse(out) as BacktestLine[];
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts.every((a) => a.rule === 'BTC:-8%:24h' && a.movePct <= -8 && a.headline === undefined)).toBe(true);
    expect(alerts[0]!.at.startsWith('2024-08-05')).toBe(true);
  });

  it('explains bad input in one line and exits 2', async () => {
    expect(await backtest([])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--replay needs at least one file.'),
    });
    expect(await backtest(['--replay', '/nope/BTCUSDT-1h-2024-08.csv'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('Cannot read replay file'),
    });
    expect(await backtest(['--replay', AUGUST_2024_CSV, '--rule', 'ETH:-3%:1h'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('no kline file for ETH; the replay holds BTC.'),
    });
    expect(await backtest(['--replay', AUGUST_2024_CSV, '--rule', 'BTC:-3%:1w'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('The window must be one of'),
    });
    expect(await backtest(['--replay', AUGUST_2024_CSV, '--bogus'])).toMatchObject({ code: 2 });
  });
});
