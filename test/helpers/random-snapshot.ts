// Test helper: fast-check arbitraries for MarketSnapshots with hostile data — parts missing, stale,
// zero, negative, NaN, Infinity and huge values, odd coin names, text that needs escaping.
import fc from 'fast-check';
import type { Candle, MarketSnapshot, OpenInterestPoint, Part } from '../../src/gather/types.ts';
import { lcg } from './reference-snapshot.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Numbers that break naive code. */
export const hostileNumber = fc.constantFrom(0, -0, -1, NaN, Infinity, -Infinity, 1e300, -1e300, 5e-324, 1e15, -1e15);

/** A usually-sane positive number with some hostile ones mixed in. */
const price = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 1e-6, max: 2e5, noNaN: true }) },
  { weight: 1, arbitrary: hostileNumber },
);

/** Parameters of a generated candle series (built deterministically, which is far faster than raw arrays). */
const seriesParams = fc.record({
  n: fc.integer({ min: 0, max: 760 }),
  seed: fc.integer({ min: 1, max: 1e9 }),
  start: price,
  vol: fc.double({ min: 0, max: 0.08, noNaN: true }),
  drift: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
  corrupt: fc.integer({ min: 0, max: 5 }),
  lagHours: fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }) },
  ),
});
type SeriesParams = typeof seriesParams extends fc.Arbitrary<infer T> ? T : never;

function buildCandles(p: SeriesParams, interval: number, now: number): Candle[] {
  const rnd = lcg(p.seed);
  const out: Candle[] = [];
  let c = p.start;
  const end = now - p.lagHours * HOUR;
  const first = Math.floor(end / interval) * interval - p.n * interval;
  for (let i = 0; i < p.n; i++) {
    const o = c;
    c = o * Math.exp(p.drift + p.vol * (rnd() - 0.5));
    out.push({
      t: first + i * interval,
      o,
      h: Math.max(o, c) * (1 + p.vol * rnd() * 0.3),
      l: Math.min(o, c) * (1 - p.vol * rnd() * 0.3),
      c,
      v: rnd() * 100,
    });
  }
  const bad = [NaN, 0, -5, Infinity, 1e308];
  for (let k = 0; k < p.corrupt && out.length > 0; k++) {
    const i = Math.floor(rnd() * out.length);
    const field = (['o', 'h', 'l', 'c', 't'] as const)[Math.floor(rnd() * 5)]!;
    out[i] = { ...out[i]!, [field]: bad[Math.floor(rnd() * bad.length)]! };
  }
  return out;
}

function part<T>(value: T | undefined, asOf: number, source: string): Part<T> {
  return value === undefined
    ? { ok: false, source, reason: 'generated as missing' }
    : { ok: true, value, source, asOf };
}

const COINS = ['BTC', 'ETH', 'BNB', 'SOL', 'XRP', 'DOGE', '1000PEPE', 'A<B&C>'];

const coinParams = fc.record({
  ticker: fc.option(
    fc.record({
      price,
      change: fc.option(
        fc.oneof(
          { weight: 6, arbitrary: fc.double({ min: -99, max: 400, noNaN: true }) },
          { weight: 1, arbitrary: hostileNumber },
        ),
        { nil: undefined },
      ),
      ageMin: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 10 }) },
        { weight: 1, arbitrary: fc.integer({ min: -60, max: 100_000 }) },
      ),
    }),
    { nil: undefined },
  ),
  hourly: fc.option(seriesParams, { nil: undefined }),
  daily: fc.option(seriesParams, { nil: undefined }),
  oi: fc.option(
    fc.record({
      series: seriesParams,
      scale: fc.oneof(fc.double({ min: 1e3, max: 1e11, noNaN: true }), hostileNumber),
    }),
    { nil: undefined },
  ),
  funding: fc.option(
    fc.oneof(
      { weight: 5, arbitrary: fc.double({ min: -0.003, max: 0.003, noNaN: true }) },
      { weight: 1, arbitrary: hostileNumber },
    ),
    { nil: undefined },
  ),
  fundingInterval: fc.constantFrom(undefined, 1, 4, 8, 0, -8, NaN),
  liq: fc.record({
    longs: fc.oneof(fc.double({ min: 0, max: 5e9, noNaN: true }), hostileNumber),
    shorts: fc.oneof(fc.double({ min: 0, max: 5e9, noNaN: true }), hostileNumber),
  }),
});

const liqAmount = fc.oneof(
  { weight: 5, arbitrary: fc.double({ min: 0, max: 2e10, noNaN: true }) },
  { weight: 1, arbitrary: hostileNumber },
);

/** A hostile-but-shaped MarketSnapshot. */
export const snapshotArb: fc.Arbitrary<MarketSnapshot> = fc
  .record({
    now: fc.integer({ min: Date.UTC(2019, 0, 1) / HOUR, max: Date.UTC(2031, 0, 1) / HOUR }).map((h) => h * HOUR),
    coins: fc.subarray(COINS, { minLength: 0 }),
    perCoin: fc.array(coinParams, { minLength: COINS.length, maxLength: COINS.length }),
    tickersOk: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    liquidations: fc.option(
      fc.record({
        total: liqAmount,
        ageMin: fc.integer({ min: 0, max: 300 }),
        share: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), hostileNumber),
        baseline: fc.array(liqAmount, { maxLength: 31 }),
        week: liqAmount,
        month: liqAmount,
        exchanges: fc.subarray(['binanceusdm', 'bybit', 'okx', 'weird<ex>']),
        since: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    sentiment: fc.option(
      fc.record({
        value: fc.oneof(fc.integer({ min: 0, max: 100 }), hostileNumber),
        label: fc.string({ maxLength: 60 }),
        ageH: fc.integer({ min: 0, max: 100 }),
      }),
      { nil: undefined },
    ),
    holders: fc.option(
      fc.array(
        fc.record({
          name: fc.string({ maxLength: 30 }),
          coin: fc.constantFrom(...COINS),
          amount: fc.oneof(fc.double({ min: 0, max: 1e7, noNaN: true }), hostileNumber),
          cost: price,
        }),
      ),
      { nil: undefined },
    ),
    replay: fc.boolean(),
    breadth: fc.option(
      fc.record({
        markets: fc.oneof(fc.integer({ min: 0, max: 600 }), hostileNumber),
        down: fc.oneof(fc.integer({ min: 0, max: 600 }), hostileNumber),
        up: fc.oneof(fc.integer({ min: 0, max: 600 }), hostileNumber),
        median: fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), hostileNumber),
        gold: fc.option(
          fc.record({
            price,
            change: fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), hostileNumber),
            label: fc.string({ maxLength: 40 }),
          }),
          { nil: undefined },
        ),
        ageMin: fc.integer({ min: 0, max: 60 }),
      }),
      { nil: undefined },
    ),
  })
  .map((g): MarketSnapshot => {
    const { now } = g;
    const src = 'Fake Exchange';
    const tickers: Record<
      string,
      { coin: string; symbol: string; price: number; changePct?: number | undefined; at: number }
    > = {};
    const hourly: MarketSnapshot['hourly'] = {};
    const daily: MarketSnapshot['daily'] = {};
    const openInterest: MarketSnapshot['openInterest'] = {};
    const funding: Record<
      string,
      { coin: string; symbol: string; rate: number; intervalHours?: number | undefined; at: number }
    > = {};
    const byCoin: Record<string, { longsUsd: number; shortsUsd: number; count: number }> = {};
    COINS.forEach((coin, i) => {
      const p = g.perCoin[i]!;
      if (p.ticker)
        tickers[coin] = {
          coin,
          symbol: `${coin}/USDT:USDT`,
          price: p.ticker.price,
          changePct: p.ticker.change,
          at: now - p.ticker.ageMin * 60_000,
        };
      hourly[coin] = part(p.hourly ? buildCandles(p.hourly, HOUR, now) : undefined, now, `${src} hourly candles`);
      daily[coin] = part(p.daily ? buildCandles(p.daily, DAY, now) : undefined, now, `${src} daily candles`);
      openInterest[coin] = part(
        p.oi
          ? buildCandles(p.oi.series, HOUR, now).map((c): OpenInterestPoint => ({ t: c.t, usd: c.c * p.oi!.scale }))
          : undefined,
        now,
        `${src} open interest`,
      );
      if (p.funding !== undefined)
        funding[coin] = {
          coin,
          symbol: `${coin}/USDT:USDT`,
          rate: p.funding,
          intervalHours: p.fundingInterval,
          at: now,
        };
      byCoin[coin] = { longsUsd: p.liq.longs, shortsUsd: p.liq.shorts, count: 1 };
    });
    const l = g.liquidations;
    const coverage = {
      exchanges: l?.exchanges ?? [],
      collectedShare: l?.share ?? 0,
      collectingSince: l?.since === undefined ? undefined : now - l.since * DAY,
    };
    const window = (name: '24h' | '7d' | '30d', days: number, total: number) => ({
      window: name,
      from: now - days * DAY,
      to: now - (l?.ageMin ?? 0) * 60_000,
      longsUsd: total * 0.7,
      shortsUsd: total * 0.3,
      count: 1,
      totalUsd: total,
      byCoin,
      byExchange: {},
      coverage,
      largest: {
        exchange: 'bybit',
        symbol: 'BTC/USDT:USDT',
        coin: 'BTC',
        side: 'long' as const,
        usd: total / 10,
        at: now - HOUR,
      },
    });
    return {
      builtAt: now,
      exchange: 'fakeex',
      exchangeName: src,
      coins: g.coins,
      ...(g.replay ? { replay: { files: ['x.csv'], at: now } } : {}),
      tickers: g.tickersOk
        ? { ok: true, source: `${src} tickers`, asOf: now, value: tickers }
        : { ok: false, source: `${src} tickers`, reason: 'HTTP 500' },
      hourly,
      daily,
      openInterest,
      funding: { ok: true, source: `${src} funding`, asOf: now, value: funding },
      ...(l
        ? {
            liquidations: {
              ok: true as const,
              source: 'liquidation store',
              asOf: now,
              value: {
                windows: {
                  '24h': window('24h', 1, l.total),
                  '7d': window('7d', 7, l.week),
                  '30d': window('30d', 30, l.month),
                },
                daily: l.baseline.map((v, i) => ({
                  day: Math.floor(now / DAY) * DAY - (l.baseline.length - i) * DAY,
                  longsUsd: v,
                  shortsUsd: 0,
                  count: 1,
                })),
              },
            },
          }
        : {}),
      ...(g.sentiment
        ? {
            sentiment: {
              ok: true as const,
              source: 'sentiment index',
              asOf: now,
              value: {
                name: 'Fear & Greed',
                value: g.sentiment.value,
                classification: g.sentiment.label,
                at: now - g.sentiment.ageH * HOUR,
              },
            },
          }
        : {}),
      ...(g.breadth
        ? {
            breadth: {
              ok: true as const,
              source: `${src} all tickers`,
              asOf: now - g.breadth.ageMin * 60_000,
              value: {
                markets: g.breadth.markets,
                down: g.breadth.down,
                up: g.breadth.up,
                downSharePct: (g.breadth.down / g.breadth.markets) * 100,
                medianChangePct: g.breadth.median,
                references: g.breadth.gold
                  ? {
                      PAXG: {
                        base: 'PAXG',
                        label: g.breadth.gold.label,
                        symbol: 'PAXG/USDT:USDT',
                        price: g.breadth.gold.price,
                        changePct: g.breadth.gold.change,
                        at: now,
                      },
                    }
                  : {},
              },
            },
          }
        : {}),
      ...(g.holders
        ? {
            holders: {
              ok: true as const,
              source: 'holders file',
              asOf: now,
              value: g.holders.map((h) => ({
                name: h.name,
                coin: h.coin,
                amount: h.amount,
                costBasis: h.cost,
                asOf: now - DAY,
              })),
            },
          }
        : {}),
    };
  });
