// One contract for the market history on both engines (SQLite always, PostgreSQL when DATABASE_URL_TEST is set):
// samples fold into daily rollups (close, high, open-interest-weighted funding) exactly once even when resent or
// written by two connections; liquidation days replace; pruning drops samples and keeps the rollups.
import { afterEach, describe, expect, it } from 'vitest';
import { MarketHistoryStore, type VenueSample } from '../../src/store/market-history/store.ts';
import { PG_URL, postgresEngine, sqliteEngine, type Engine } from './engines.ts';

const DAY = 86_400_000;
const D = Date.UTC(2025, 9, 6); // 6 October 2025, 00:00 UTC
const day = D / DAY;

function sample(venue: string, at: number, oiUsd: number, rate = 0.0001): VenueSample {
  return { venue, at, oiUsd, fundingSum: rate * oiUsd, fundingWeight: oiUsd, markets: 5 };
}

function contract(engine: Engine) {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  async function stores(): Promise<[MarketHistoryStore, MarketHistoryStore]> {
    const place = engine.place();
    cleanups.push(place.cleanup);
    const open = async () => {
      const storage = await place.open();
      cleanups.push(() => storage.close());
      return new MarketHistoryStore(storage.sql);
    };
    return [await open(), await open()];
  }

  it(`${engine.name}: samples fold into the day's close, high and weighted funding, once each`, async () => {
    const [a, b] = await stores();
    const s1 = sample('bybit', D + 3_600_000, 10e9, 0.0001);
    const s2 = sample('bybit', D + 7_200_000, 12e9, -0.0002);
    const s3 = sample('bybit', D + 10_800_000, 11e9, 0.0001);
    // two connections writing the same samples at once: each counted once
    const added = await Promise.all([a.record([s1, s2]), b.record([s1, s2])]);
    expect(added[0] + added[1]).toBe(2);
    expect(await a.record([s3, s3])).toBe(1);
    expect(await b.record([s2])).toBe(0); // resent
    expect(
      await a.record([
        { ...s1, at: D + 1, oiUsd: 0 },
        { ...s1, at: D + 2, oiUsd: Number.NaN },
      ]),
    ).toBe(0);
    const rows = await a.days(day, day);
    const by = Object.fromEntries(rows.map((r) => [r.metric, r]));
    expect(by['oi.close']).toMatchObject({ venue: 'bybit', day, value: 11e9, at: s3.at });
    expect(by['oi.high']).toMatchObject({ value: 12e9, at: s2.at });
    const f = by.funding!;
    expect(f.value / f.weight).toBeCloseTo((0.0001 * 10e9 - 0.0002 * 12e9 + 0.0001 * 11e9) / 33e9, 12);
    expect(await b.samples(D, D + DAY)).toEqual([s1, s2, s3]);
  });

  it(`${engine.name}: liquidation days replace; pruning drops old samples and keeps every rollup`, async () => {
    const [a] = await stores();
    await a.setLiquidationDay('okx', day, 5e6, 1e6, D + 100);
    await a.setLiquidationDay('okx', day, 7e6, 2e6, D + 200);
    await a.record([sample('okx', D - 40 * DAY, 5e9), sample('okx', D, 6e9)]);
    const liq = (await a.days(day, day)).filter((r) => r.metric.startsWith('liq.'));
    expect(liq.map((r) => [r.metric, r.value, r.at])).toEqual([
      ['liq.long', 7e6, D + 200],
      ['liq.short', 2e6, D + 200],
    ]);
    expect(await a.prune(D, 35)).toBe(1);
    expect((await a.samples(0, D + DAY)).map((s) => s.at)).toEqual([D]);
    expect((await a.days(day - 40, day - 40)).map((r) => r.metric).sort()).toEqual(['funding', 'oi.close', 'oi.high']);
  });

  it(`${engine.name}: backfilled days sit beside recorded ones, replace only earlier backfills, and count as covered`, async () => {
    const [a, b] = await stores();
    await a.record([sample('bybit', D + 3_600_000, 10e9)]);
    const hist = (d: number, oiUsd: number, fundingWeight = oiUsd) => ({
      venue: 'bybit',
      day: d,
      oiUsd,
      fundingSum: 0.0001 * fundingWeight,
      fundingWeight,
      at: (d + 1) * DAY,
    });
    expect(await a.backfill([hist(day - 1, 8e9), hist(day, 9e9), hist(day + 1, Number.NaN)])).toBe(2);
    // a second backfill of the same days (another connection) replaces the first; no funding leaves funding out
    expect(await b.backfill([hist(day - 1, 8.5e9, 0)])).toBe(1);
    const rows = await a.days(day - 1, day);
    const of = (metric: string, d: number) => rows.find((r) => r.metric === metric && r.day === d);
    expect(of('oi.hist', day - 1)).toMatchObject({ value: 8.5e9, at: D });
    expect(of('funding.hist', day - 1)).toMatchObject({ value: 0.0001 * 8e9, weight: 8e9 });
    // the recorded close of that day is untouched by the backfill of the same day
    expect(of('oi.close', day)).toMatchObject({ value: 10e9 });
    expect(of('oi.hist', day)).toMatchObject({ value: 9e9 });
    expect([...(await b.daysWithOpenInterest('bybit', day - 3, day + 3))].sort()).toEqual([day - 1, day]);
    expect((await b.daysWithOpenInterest('okx', day - 3, day + 3)).size).toBe(0);
  });
}

describe('market history store (SQLite)', () => contract(sqliteEngine));
describe.runIf(PG_URL)('market history store (PostgreSQL)', () => contract(postgresEngine));
