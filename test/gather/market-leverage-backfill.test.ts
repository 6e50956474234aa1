// Backfilling the daily open-interest and funding records from the venues' history endpoints, end to end: the real
// ccxt against the venue simulator's Binance (latest 30 days, USD values) and Bybit (coins valued at the daily
// close, newest first, 200 rows a call) answers, stored in SQLite, then read back as the snapshot part. The past
// days are generated here, each day's figures different, so an off-by-one day or a lost page changes a total.
import { afterEach, describe, expect, it } from 'vitest';
import { backfillVenue } from '../../src/gather/market-leverage/backfill.ts';
import { startLeverageRecorder } from '../../src/gather/market-leverage/recorder.ts';
import { createLeverageExchange } from '../../src/gather/market-leverage/sample.ts';
import { marketHistorySource } from '../../src/gather/market-leverage/source.ts';
import { LeverageSimulator, type SimDay } from '../../src/simulator/leverage/server.ts';
import { MarketHistoryStore } from '../../src/store/market-history/store.ts';
import { sqliteEngine } from '../store/engines.ts';

const DAY = 86_400_000;
const T = Date.UTC(2025, 9, 10, 21, 0);
const TODAY = Math.floor(T / DAY);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** `n` generated days ending yesterday: coin amounts and closes that change every day, funding every 8 hours. */
function pastDays(n: number, coins0: number, close0: number): SimDay[] {
  return Array.from({ length: n }, (_, i) => ({
    coins: coins0 + i,
    close: close0 + 10 * i,
    rate: (i % 7) * 1e-5 - 2e-5,
  }));
}

async function setup() {
  let now = T;
  const sim = await LeverageSimulator.start(['BTC', 'ETH'], () => now);
  cleanups.push(() => sim.close());
  const place = sqliteEngine.place();
  cleanups.push(place.cleanup);
  const storage = await place.open();
  cleanups.push(() => storage.close());
  const store = new MarketHistoryStore(storage.sql);
  const btc = pastDays(400, 50_000, 60_000);
  const eth = pastDays(400, 900_000, 3_000);
  for (const v of ['binanceusdm', 'bybit'] as const) {
    sim.setDays(v, 'BTC', TODAY - 400, btc);
    sim.setDays(v, 'ETH', TODAY - 400, eth);
  }
  for (const v of ['binanceusdm', 'bybit', 'okx'] as const) {
    sim.set(v, 'BTC', { coins: 50_400, mark: 64_000, rate: 0.0001 });
    sim.set(v, 'ETH', { coins: 900_400, mark: 7_000, rate: 0.0001 });
  }
  /** The expected USD total and weighted funding of a day `k` days before today. */
  const expected = (k: number) => {
    const b = btc[400 - k]!;
    const e = eth[400 - k]!;
    const usd = b.coins * b.close + e.coins * e.close;
    return { usd, funding: (b.rate * b.coins * b.close + e.rate * e.coins * e.close) / usd };
  };
  return { sim, store, expected, at: (t: number) => (now = t), now: () => now };
}

describe('backfilling open interest and funding', () => {
  it('GIVEN 400 past days on each venue THEN Bybit gives the 365 asked for (in pages), Binance its latest 30, each day exact', async () => {
    const s = await setup();
    const bybit = await backfillVenue(
      'bybit',
      createLeverageExchange('bybit', s.sim.url),
      ['BTC', 'ETH'],
      TODAY - 365,
      TODAY - 1,
    );
    expect(bybit).toHaveLength(365);
    for (const k of [1, 2, 200, 201, 365]) {
      const row = bybit.find((r) => r.day === TODAY - k)!;
      expect(row.oiUsd).toBeCloseTo(s.expected(k).usd, 0);
      expect(row.fundingSum / row.fundingWeight).toBeCloseTo(s.expected(k).funding, 12);
      expect(row.at).toBe((TODAY - k + 1) * DAY);
    }
    // Binance serves its latest 30 days only: asking for more gives what it has, and no guessed day
    // a 429 with Retry-After fails the call (the recorder tries again later) and pauses the venue; then it answers
    const binanceEx = createLeverageExchange('binanceusdm', s.sim.url);
    s.sim.fail('binanceusdm', 429, 1);
    await expect(backfillVenue('binanceusdm', binanceEx, ['BTC', 'ETH'], TODAY - 60, TODAY - 1)).rejects.toThrow();
    await expect(backfillVenue('binanceusdm', binanceEx, ['BTC', 'ETH'], TODAY - 60, TODAY - 1)).rejects.toThrow(
      /asked us to wait/,
    );
    const asked = s.sim.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(s.sim.requests.length).toBe(asked); // nothing was sent during the pause
    const binance = await backfillVenue('binanceusdm', binanceEx, ['BTC', 'ETH'], TODAY - 60, TODAY - 1);
    expect(binance.map((r) => TODAY - r.day)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    expect(binance[binance.length - 1]!.oiUsd).toBeCloseTo(s.expected(1).usd, 0);
    // Bybit's 200-row pages: every open-interest, kline and funding call stayed within one page
    const pages = s.sim.requests.filter((r) => r.startsWith('/v5/market/funding/history'));
    expect(pages.length).toBeGreaterThan(2);
  });

  it('GIVEN the recorder with a short record THEN it backfills once a day, retries a failed venue an hour later, and the part ranks on the venues with history', async () => {
    const s = await setup();
    s.sim.fail('bybit', 500, 3); // the markets load and the first history calls fail
    const r = startLeverageRecorder({
      venues: ['binanceusdm', 'bybit', 'okx'],
      coins: ['BTC', 'ETH'],
      store: s.store,
      urls: { binanceusdm: s.sim.url, bybit: s.sim.url, okx: s.sim.url },
      intervalMs: 300_000,
      now: s.now,
    });
    cleanups.push(() => r.stop());
    await r.round();
    const historyCalls = () => s.sim.requests.filter((q) => /openInterestHist|intervalTime=1d/.test(q)).length;
    expect((await s.store.daysWithOpenInterest('binanceusdm', TODAY - 40, TODAY - 1)).size).toBe(29);
    expect((await s.store.daysWithOpenInterest('bybit', TODAY - 400, TODAY - 1)).size).toBe(0);
    // the same hour: nothing asked again; an hour later the failed venue is retried and filled
    const before = historyCalls();
    s.at(T + 300_000);
    await r.round();
    expect(historyCalls()).toBe(before);
    s.at(T + 3_600_000);
    await r.round();
    expect((await s.store.daysWithOpenInterest('bybit', TODAY - 400, TODAY - 1)).size).toBe(365);
    const afterFill = historyCalls();
    s.at(T + 2 * 3_600_000);
    await r.round();
    expect(historyCalls()).toBe(afterFill);

    // OKX has no comparable history: all three venues' records are a day long, Binance and Bybit's 366 days
    const part = await marketHistorySource(s.store).fetch({
      now: s.now(),
      coins: ['BTC', 'ETH'],
      signal: new AbortController().signal,
    });
    if (!part?.ok) throw new Error('no part');
    expect(part.value.venues).toEqual(['binanceusdm', 'bybit', 'okx']);
    expect(part.value.days.filter((d) => d.oiClose !== undefined)).toHaveLength(1);
    const standIn = part.value.standIn!;
    expect(standIn.venues).toEqual(['binanceusdm', 'bybit']);
    expect(standIn.share).toBeCloseTo(2 / 3, 12);
    // 29 days on both before Bybit's longer tail: the stand-in's days are those on which both have a close
    const both = standIn.days.filter((d) => d.oiClose !== undefined);
    expect(both).toHaveLength(30);
    expect(both[0]!.oiClose).toBeCloseTo(2 * s.expected(29).usd, 0);
  });
});
