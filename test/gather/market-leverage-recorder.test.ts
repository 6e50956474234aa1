// The open-interest recorder and its snapshot source end to end: the real ccxt against the venue simulator, rounds
// recorded into SQLite, read back as the snapshot part summed over the venues of the newest round; a venue that
// fails a round leaves that round out of the totals (never a smaller total); nothing is recorded without the lease.
import { afterEach, describe, expect, it } from 'vitest';
import { marketHistorySource } from '../../src/gather/market-leverage/source.ts';
import { startLeverageRecorder } from '../../src/gather/market-leverage/recorder.ts';
import { LeverageSimulator } from '../../src/simulator/leverage/server.ts';
import { MarketHistoryStore } from '../../src/store/market-history/store.ts';
import { sqliteEngine } from '../store/engines.ts';

const T = Date.UTC(2025, 9, 10, 21, 0);
const HOUR = 3_600_000;
const VENUES = ['binanceusdm', 'bybit', 'okx'] as const;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  let now = T - 24 * HOUR;
  const sim = await LeverageSimulator.start(['BTC', 'ETH'], () => now);
  cleanups.push(() => sim.close());
  const place = sqliteEngine.place();
  cleanups.push(place.cleanup);
  const storage = await place.open();
  cleanups.push(() => storage.close());
  const store = new MarketHistoryStore(storage.sql);
  const liquidations = storage.liquidations;
  const setAll = (btcCoins: number) => {
    for (const v of VENUES) {
      sim.set(v, 'BTC', { coins: btcCoins, mark: 100_000, rate: 0.0001 });
      sim.set(v, 'ETH', { coins: 1_000_000, mark: 4000, rate: -0.0001 });
    }
  };
  return {
    sim,
    store,
    liquidations,
    setAll,
    at: (t: number) => (now = t),
    source: marketHistorySource(store),
    recorder: (isLeader = () => true) => {
      const r = startLeverageRecorder({
        venues: VENUES,
        coins: ['BTC', 'ETH'],
        store,
        liquidations,
        urls: Object.fromEntries(VENUES.map((v) => [v, sim.url])),
        intervalMs: 300_000, // the test runs the rounds (none falls due while it runs)
        backfillDays: 0, // backfills have their own test (market-leverage-backfill.test.ts)
        isLeader,
        now: () => now,
      });
      cleanups.push(() => r.stop());
      return r;
    },
  };
}

describe('open interest recorder and source', () => {
  it('GIVEN three venues sampled a day apart THEN the part sums them: $42B then $36B, funding weighted', async () => {
    const s = await setup();
    s.setAll(100_000); // $10B BTC + $4B ETH per venue
    const r = s.recorder();
    expect((await r.round()).sort()).toEqual([...VENUES]);
    s.at(T);
    s.setAll(80_000); // $8B + $4B per venue
    expect((await r.round()).sort()).toEqual([...VENUES]);
    const part = await s.source.fetch({ now: T, coins: ['BTC', 'ETH'], signal: new AbortController().signal });
    expect(part?.ok).toBe(true);
    if (!part?.ok) return;
    expect(part.source).toBe('whybot leverage records');
    expect(part.value.venues).toEqual([...VENUES]);
    expect(part.value.rounds.map((x) => [x.at, x.oiUsd])).toEqual([
      [T - 24 * HOUR, 42e9],
      [T, 36e9],
    ]);
    expect(part.value.rounds[1]!.funding).toBeCloseTo((0.0001 * 24e9 - 0.0001 * 12e9) / 36e9, 12);
    expect(part.value.days.map((d) => d.oiClose)).toEqual([42e9, 36e9]);
  });

  it('GIVEN OKX failing a round THEN that round has no total and the newest full round is used', async () => {
    const s = await setup();
    s.setAll(100_000);
    const r = s.recorder();
    await r.round();
    s.at(T - 23 * HOUR);
    s.sim.fail('okx', 500, 10);
    expect((await r.round()).sort()).toEqual(['binanceusdm', 'bybit']);
    s.sim.fail('okx', 500, 0);
    s.at(T);
    await r.round();
    const part = await s.source.fetch({ now: T, coins: ['BTC', 'ETH'], signal: new AbortController().signal });
    if (!part?.ok) throw new Error('no part');
    expect(part.value.rounds.map((x) => x.at)).toEqual([T - 24 * HOUR, T]);
  });

  it('GIVEN the lease is held elsewhere THEN nothing is recorded, and the source says so', async () => {
    const s = await setup();
    s.setAll(100_000);
    const r = s.recorder(() => false);
    expect(await r.round()).toEqual([]);
    expect(await s.store.samples(0, T)).toEqual([]);
    const part = await s.source.fetch({ now: T, coins: ['BTC'], signal: new AbortController().signal });
    expect(part).toEqual({
      ok: false,
      source: 'whybot leverage records',
      reason: 'nothing recorded in the past day',
    });
  });

  it('GIVEN liquidations stored over the past days THEN the first round rolls every kept day up for the long term', async () => {
    const s = await setup();
    s.setAll(100_000);
    const ev = (at: number, side: 'long' | 'short', usd: number) => ({
      exchange: 'bybit',
      symbol: 'BTC/USDT:USDT',
      coin: 'BTC',
      side,
      amount: usd / 100_000,
      price: 100_000,
      usd,
      at,
    });
    await s.liquidations.write([
      ev(T - 10 * 24 * HOUR, 'long', 5e6),
      ev(T - 10 * 24 * HOUR + 1, 'short', 1e6),
      ev(T - 2 * HOUR, 'long', 2e6),
    ]);
    s.at(T);
    await s.recorder().round();
    const liq = (await s.store.days(0, Math.floor(T / (24 * HOUR)))).filter((r) => r.metric.startsWith('liq.'));
    expect(liq.map((r) => [r.day * 24 * HOUR, r.metric, r.value])).toEqual([
      [Math.floor((T - 10 * 24 * HOUR) / (24 * HOUR)) * 24 * HOUR, 'liq.long', 5e6],
      [Math.floor((T - 10 * 24 * HOUR) / (24 * HOUR)) * 24 * HOUR, 'liq.short', 1e6],
      [Math.floor(T / (24 * HOUR)) * 24 * HOUR, 'liq.long', 2e6],
      [Math.floor(T / (24 * HOUR)) * 24 * HOUR, 'liq.short', 0],
    ]);
  });
});
