// Replay input: Binance dump files are read exactly as published, and bad files or times give clear errors.
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReplayTime, startReplay } from '../../src/app/replay.ts';
import { readSeriesFile, ReplayFileError } from '../../src/simulator/kline-files.ts';
import { MarketData } from '../../src/simulator/market-data.ts';

const AUGUST = fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'whybot-replay-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('reading Binance kline dumps', () => {
  it('reads the August 2024 file: 744 hourly candles with the crash low of $49,000 on 5 August', () => {
    const f = readSeriesFile(AUGUST);
    if (f.kind !== 'klines') throw new Error('expected klines');
    expect(f.symbol).toBe('BTCUSDT');
    expect(f.intervalMs).toBe(3_600_000);
    expect(f.candles).toHaveLength(744);
    const low = f.candles.reduce((a, b) => (b.l < a.l ? b : a));
    expect(low.l).toBe(49_000);
    expect(new Date(low.t).toISOString()).toBe('2024-08-05T06:00:00.000Z');
  });

  it('aggregates daily candles from hourly ones, and never returns candles from after "now"', () => {
    const data = MarketData.fromFiles([readSeriesFile(AUGUST)]);
    const now = Date.parse('2024-08-05T07:00:00Z');
    const daily = data.candles('BTCUSDT', 86_400_000, now);
    expect(daily.map((c) => new Date(c.t).toISOString().slice(0, 10))).toEqual([
      '2024-08-01',
      '2024-08-02',
      '2024-08-03',
      '2024-08-04',
      '2024-08-05',
    ]);
    const hourly = data.candles('BTCUSDT', 3_600_000, now);
    expect(hourly[hourly.length - 1]!.t).toBe(Date.parse('2024-08-05T06:00:00Z'));
    expect(hourly[hourly.length - 1]!.c).toBe(51_588);
    // The 5 August candle is partial: built from the seven closed hours 00:00-06:00 only.
    expect(daily[4]!.l).toBe(49_000);
  });

  it('accepts a header row and microsecond timestamps (newer dumps)', () => {
    const file = write(
      'ETHUSDT-1h-2025-01.csv',
      'open_time,open,high,low,close,volume\n1735689600000000,3000,3010,2990,3005,10\n',
    );
    const f = readSeriesFile(file);
    expect(f.kind === 'klines' && f.candles[0]!.t).toBe(1735689600000);
  });

  it.each([
    ['a missing file', join(dir, 'BTCUSDT-1h-2099-01.csv'), /Cannot read replay file .*ENOENT/],
    ['a name without a market', write('prices.csv', '1,2,3,4,5,6\n'), /Cannot tell the market/],
    ['an unknown interval', write('BTCUSDT-7x-2024-08.csv', '1,2,3,4,5,6\n'), /unknown interval "7x"/],
    [
      'a broken row',
      write('BTCUSDT-1h-2024-09.csv', '1725148800000,1,2,3,4,5\nnot,a,row,at,all,x\n'),
      /line 2: not a valid kline row/,
    ],
    ['an empty file', write('BTCUSDT-1h-2024-10.csv', '\n'), /no data rows/],
  ])('gives a clear error for %s', (_what, file, message) => {
    expect(() => readSeriesFile(file)).toThrow(ReplayFileError);
    expect(() => readSeriesFile(file)).toThrow(message);
  });
});

describe('replay time', () => {
  it('parses ISO times and rejects anything else', () => {
    expect(parseReplayTime('2024-08-05T07:00:00Z')).toBe(Date.parse('2024-08-05T07:00:00Z'));
    expect(() => parseReplayTime('yesterday')).toThrow(/not a time I understand/);
    expect(() => parseReplayTime('2024-13-45')).toThrow(/not a time I understand/);
  });

  it('defaults to the last candle close and refuses a time outside the data', async () => {
    const replay = await startReplay([AUGUST]);
    expect(new Date(replay.info.at).toISOString()).toBe('2024-09-01T00:00:00.000Z');
    await replay.close();
    await expect(startReplay([AUGUST], Date.parse('2024-10-01T00:00:00Z'))).rejects.toThrow(
      /outside the replayed data/,
    );
  });
});
