// Markets beyond crypto, gathered: Yahoo's chart shape parsed (hours without trades left out, the open hour
// dropped), each market fetched from a local fake of the endpoint with its failures kept apart, the source off by
// default, and the replay file form (--markets) read and checked. All candles here are GENERATED TEST DATA.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { marketsSource, parseMarketsCsv, parseYahooChart } from '../../src/gather/markets.ts';
import { gatherSources } from '../../src/gather/snapshot-source.ts';
import { generatedCandles, startFakeYahoo, yahooChartBody } from '../fakes/yahoo-chart-server.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2024-08-05T12:00:00Z');
const FROM = NOW - 24 * HOUR;
let closeFake: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeFake?.();
  closeFake = undefined;
});

describe('parseYahooChart', () => {
  it('keeps closed hours with all four prices, oldest first', () => {
    const candles = generatedCandles(NOW - 4 * HOUR, 5, 100, -1); // the last one is still open at NOW
    const parsed = parseYahooChart(yahooChartBody('NQ=F', candles, [1]), NOW);
    expect(parsed.map((c) => c.t)).toEqual([NOW - 4 * HOUR, NOW - 2 * HOUR, NOW - HOUR]);
    expect(parsed[0]).toEqual({ ...candles[0], v: 0 });
  });

  it("names Yahoo's own error and a malformed body", () => {
    expect(() => parseYahooChart({ chart: { result: null, error: { description: 'No data found' } } }, NOW)).toThrow(
      'no chart: No data found',
    );
    expect(() => parseYahooChart({ chart: { result: [{ meta: {} }] } }, NOW)).toThrow(/malformed chart/);
  });
});

describe('the Yahoo source against a local fake', () => {
  it('is off unless WHYBOT_MARKETS=yahoo', () => {
    expect(marketsSource({ config: loadConfig({}, PLATFORMS) })).toBeUndefined();
  });

  it('reads every market; one failing is named among the failures, the others stay', async () => {
    const fake = await startFakeYahoo({
      'NQ=F': generatedCandles(FROM, 24, 18_000, -0.15),
      'ES=F': generatedCandles(FROM, 24, 5_300, -0.1),
      'GC=F': { status: 500 },
      'CL=F': generatedCandles(FROM, 24, 75, 0.01),
      'JPY=X': generatedCandles(FROM, 24, 146, -0.1),
      'DX-Y.NYB': generatedCandles(FROM, 24, 103, -0.02),
    });
    closeFake = fake.close;
    const source = marketsSource({
      config: loadConfig({ WHYBOT_MARKETS: 'yahoo', WHYBOT_MARKETS_URL: fake.url }, PLATFORMS),
    })!;
    const parts = await gatherSources([source], { now: NOW, coins: [] });
    if (!parts.markets?.ok) throw new Error(JSON.stringify(parts.markets));
    expect(parts.markets.source).toBe('Yahoo Finance chart');
    expect(parts.markets.asOf).toBe(NOW);
    const byId = Object.fromEntries(parts.markets.value.markets.map((m) => [m.id, m]));
    expect(byId['nasdaq100-futures']!.candles).toHaveLength(24);
    expect(byId['gold-futures']).toEqual({ id: 'gold-futures', candles: [], failed: true });
    expect(parts.markets.value.failures).toEqual(['GC=F: HTTP 500']);
    expect(fake.requests).toContain('/v8/finance/chart/NQ%3DF?interval=1h&range=5d');
  });

  it('is Missing, naming each failure, when no market answers; a stalled market times out', async () => {
    const fake = await startFakeYahoo({ 'NQ=F': 'stall' });
    closeFake = fake.close;
    const source = marketsSource({
      config: loadConfig(
        { WHYBOT_MARKETS: 'yahoo', WHYBOT_MARKETS_URL: fake.url, WHYBOT_MARKETS_TIMEOUT_MS: '2000' },
        PLATFORMS,
      ),
    })!;
    const parts = await gatherSources([source], { now: NOW, coins: [] });
    expect(parts.markets?.ok).toBe(false);
    const reason = (parts.markets as { reason: string }).reason;
    expect(reason).toContain('NQ=F: timed out after 2000 ms');
    expect(reason).toContain('ES=F: HTTP 404');
  });
});

describe('the replay file form', () => {
  const dir = mkdtempSync(join(tmpdir(), 'whybot-markets-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads hourly candles per market and serves only those closed by the replayed moment', async () => {
    const file = write(
      'markets.csv',
      '# GENERATED TEST DATA\nmarket,time,open,high,low,close\nnasdaq100-futures,2024-08-05T10:00:00Z,100,101,99,99.5\nnasdaq100-futures,2024-08-05T11:00:00Z,99.5,99.6,98,98.2\ngold-futures,2024-08-05T11:00:00Z,2400,2410,2399,2405\nnasdaq100-futures,2024-08-05T12:00:00Z,98.2,98.3,97,97.5\n',
    );
    const source = marketsSource({
      config: loadConfig({}, PLATFORMS),
      replay: { files: [], at: NOW },
      files: { markets: [file] },
    })!;
    const parts = await gatherSources([source], { now: NOW, coins: [], replay: { files: [], at: NOW } });
    if (!parts.markets?.ok) throw new Error(JSON.stringify(parts.markets));
    expect(parts.markets.source).toBe('markets file markets.csv');
    expect(parts.markets.value.markets.find((m) => m.id === 'nasdaq100-futures')!.candles.map((c) => c.c)).toEqual([
      99.5, 98.2,
    ]);
  });

  it('names the file and line of a bad row, and a missing header', () => {
    const bad = write('bad.csv', 'market,time,open,high,low,close\nnasdaq,2024-08-05T10:00:00Z,1,1,1,1\n');
    expect(() =>
      parseMarketsCsv(bad, 'market,time,open,high,low,close\nnasdaq,2024-08-05T10:00:00Z,1,1,1,1\n'),
    ).toThrow(`${bad} line 2: market`);
    expect(() => parseMarketsCsv(bad, 'gold-futures,2024-08-05T10:00:00,1,1,1,1\n')).toThrow(/header/);
    expect(() =>
      marketsSource({
        config: loadConfig({}, PLATFORMS),
        replay: { files: [], at: NOW },
        files: { markets: [join(dir, 'none.csv')] },
      }),
    ).toThrow(/cannot read the --markets file .*none\.csv \(ENOENT\)/);
  });

  it('leaves the part out of a replay given no file', () => {
    expect(
      marketsSource({ config: loadConfig({ WHYBOT_MARKETS: 'yahoo' }, PLATFORMS), replay: { files: [], at: NOW } }),
    ).toBeUndefined();
  });
});
