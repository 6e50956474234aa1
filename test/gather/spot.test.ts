// Issue 22 point 6, the gathering: spot candles beside the perpetual's. Replays read the spot kline files given
// with --spot up to the replayed moment; live reads Binance-compatible spot klines (the simulator here) and a
// failing venue leaves the part Missing with its reason. With both, a perpetual wick far below spot is named.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { parseKlineCsv } from '../../src/gather/kline-csv.ts';
import { spotBaseUrl, spotSource } from '../../src/gather/spot.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import type { Part, SpotCandlesPart } from '../../src/gather/types.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const HOUR = 3_600_000;
const AT = Date.parse('2024-08-05T07:00:00Z');
const SPOT = 'examples/binance/spot/BTCUSDT-1h-2024-08.csv';
const FUTURES = 'examples/binance/futures/um/BTCUSDT-1h-2024-08.csv';
const config = (env: Record<string, string> = {}) =>
  loadConfig({ WHYBOT_COINS: 'BTC', LOG_LEVEL: 'silent', ...env }, PLATFORMS);
const request = (now: number) => ({ now, coins: ['BTC'], signal: new AbortController().signal });
/** The spot source's answer for a build at `now`. */
const fetchSpot = async (source: ReturnType<typeof spotSource>, now: number) =>
  (await source!.fetch(request(now))) as Part<SpotCandlesPart> | undefined;

let sim: Simulator | undefined;
afterEach(async () => sim?.close());

describe('spot candles', () => {
  it('GIVEN data.binance.vision rows, with or without a header, in ms or µs THEN the candles are read as such', () => {
    const row = '1722470400000,64628.01,64841.29,64316.55,64645.90,1271.2,1722473999999,0,0,0,0,0';
    const micro = '1722470400000000,64628.01,64841.29,64316.55,64645.90,1271.2,1722473999999999,0,0,0,0,0';
    expect(parseKlineCsv('x.csv', `open_time,open,high,low,close,volume\n${row}`)).toEqual([
      { t: 1722470400000, o: 64628.01, h: 64841.29, l: 64316.55, c: 64645.9, v: 1271.2 },
    ]);
    expect(parseKlineCsv('x.csv', micro)[0]!.t).toBe(1722470400000);
    expect(() => parseKlineCsv('x.csv', `${row}\nnot,a,row,at,all,here`)).toThrow(/x\.csv line 2/);
  });

  it('GIVEN a replay with --spot THEN the past day of closed spot candles up to the replayed moment, nothing after', async () => {
    const source = spotSource({ config: config(), replay: { files: [FUTURES], at: AT }, files: { spot: [SPOT] } })!;
    const part = await fetchSpot(source, AT);
    expect(part?.ok).toBe(true);
    const btc = part!.ok ? part!.value.BTC : undefined;
    expect(btc?.ok).toBe(true);
    const candles = btc!.ok ? btc!.value : [];
    expect(candles.length).toBe(26);
    expect(candles.at(-1)!.t + HOUR).toBe(AT);
    expect(candles.every((c) => c.t + HOUR <= AT)).toBe(true);
  });

  it('GIVEN live data THEN Binance spot when the bot reads Binance USD-M itself, off when it reads elsewhere or is told so', () => {
    expect(spotBaseUrl(config())).toBe('https://api.binance.com');
    expect(spotBaseUrl(config({ WHYBOT_SPOT: 'off' }))).toBeUndefined();
    expect(spotBaseUrl(config({ WHYBOT_EXCHANGE_URL: 'http://127.0.0.1:9' }))).toBeUndefined();
    expect(spotBaseUrl(config({ WHYBOT_EXCHANGE: 'bybit' }))).toBeUndefined();
    expect(spotBaseUrl(config({ WHYBOT_SPOT_URL: 'http://127.0.0.1:9' }))).toBe('http://127.0.0.1:9');
  });

  it('GIVEN a spot venue answering, then failing THEN its candles, then a Missing part with the reason', async () => {
    const now = Date.parse('2024-06-01T00:00:00Z') + 40 * 24 * HOUR;
    sim = await startSimulator({ data: syntheticMarket({ hours: 40 * 24 }), now: () => now });
    const source = spotSource({ config: config({ WHYBOT_SPOT_URL: sim.url }) })!;
    const ok = await fetchSpot(source, now);
    const btc = ok?.ok ? ok.value.BTC : undefined;
    expect(btc?.ok && btc.value.length).toBeGreaterThanOrEqual(24);
    expect(sim.calls.some((c) => c.path === '/api/v3/klines')).toBe(true);
    sim.faults.add({ path: '/api/v3/klines', kind: 'server-error' });
    const failed = await fetchSpot(source, now);
    expect(failed?.ok).toBe(false);
  });

  it('GIVEN the 5 August 2024 replay with a spot file whose 06:00 low held 3% above the perpetual’s THEN the article names the gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whybot-spot-'));
    const file = join(dir, 'BTCUSDT-1h-2024-08.csv');
    const six = String(Date.parse('2024-08-05T06:00:00Z'));
    const lines = readFileSync(SPOT, 'utf8')
      .split('\n')
      .map((l) => {
        if (!l.startsWith(six)) return l;
        const cells = l.split(',');
        cells[3] = String(49_000 * 1.03);
        return cells.join(',');
      });
    writeFileSync(file, lines.join('\n'));
    const sources = [spotSource({ config: config(), replay: { files: [FUTURES], at: AT }, files: { spot: [file] } })!];
    const replay = await replayServices('2024-08-05T07:00:00Z', { files: [FUTURES], sources });
    try {
      const { document, facts } = await replay.services.explain({ form: 'full' });
      expect(facts?.perpSpot?.gap.value).toBeLessThan(-2);
      const text = document.sections.flatMap((s) => s.paragraphs).join('\n');
      expect(text).toMatch(/The perpetual briefly traded \d+\.\d% below spot/);
    } finally {
      await replay.close();
    }
  });
});
