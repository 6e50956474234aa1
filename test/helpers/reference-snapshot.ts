// Test helper: a MarketSnapshot built from the reference articles' own figures (4 February 2026):
// BTC $76,831 -2%, ETH -6%, BNB -3%, SOL -3%, XRP -4.3%; BTC long liquidations $237M / $2.16B / $4.4B
// over 24h / 7d / 30d; open interest -4.4% ($26B) in 24h and -34% over 30 days; supports $75,000 then
// $70,000 (swing lows in the daily history); a holder $900M under water; Fear & Greed in "Extreme Fear";
// gold (tokenized, PAXG) lower too, and most perpetual markets down on the day.
import type { Candle, MarketSnapshot, OpenInterestPoint } from '../../src/gather/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The moment the reference snapshot describes. */
export const REFERENCE_NOW = Date.UTC(2026, 1, 4, 12);

/** Deterministic pseudo-random numbers in [0, 1) (a small LCG), so fixtures never change. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Candles from a list of closes (open = previous close, wicks a little beyond the body). */
export function candlesFromCloses(
  start: number,
  interval: number,
  closes: number[],
  first?: number,
  wick = 0.001,
): Candle[] {
  return closes.map((c, i) => {
    const o = i === 0 ? (first ?? c) : closes[i - 1]!;
    return { t: start + i * interval, o, h: Math.max(o, c) * (1 + wick), l: Math.min(o, c) * (1 - wick), c, v: 1000 };
  });
}

/** Piecewise-linear interpolation through (x, y) anchors. */
function interp(anchors: Array<[number, number]>, x: number): number {
  for (let i = 1; i < anchors.length; i++) {
    const [x0, y0] = anchors[i - 1]!;
    const [x1, y1] = anchors[i]!;
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return anchors[anchors.length - 1]![1];
}

/** BTC hourly closes over the last 30 days: a drift lower from about $97k to $78,399, then to $76,831. */
function btcHourlyCloses(): number[] {
  const n = 30 * 24;
  const rnd = lcg(7);
  const closes: number[] = [];
  for (let i = 0; i < n; i++) {
    const hoursLeft = n - 1 - i;
    if (hoursLeft <= 24) {
      // The last day: a steady slide from 78,399 to 76,831 (-2.0%).
      const wobble = hoursLeft === 0 || hoursLeft === 24 ? 0 : 0.0015 * Math.sin(hoursLeft * 1.7);
      closes.push(76_831 * (78_399 / 76_831) ** (hoursLeft / 24) * (1 + wobble));
    } else {
      const base = interp(
        [
          [0, 97_000],
          [n - 25, 78_399],
        ],
        i,
      );
      closes.push(i === n - 25 ? 78_399 : base * (1 + 0.004 * Math.sin(i / 5) + 0.002 * (rnd() - 0.5)));
    }
  }
  return closes;
}

/** Daily history before the last 30 days, with swing lows near $70,000 (March 2025) and $75,000 (April 2025). */
function olderDaily(end: number): Candle[] {
  const start = Date.UTC(2024, 11, 1);
  const day = (y: number, m: number, d: number) => (Date.UTC(y, m, d) - start) / DAY;
  const anchors: Array<[number, number]> = [
    [0, 96_000],
    [day(2025, 1, 1), 98_000],
    [day(2025, 2, 10), 72_000],
    [day(2025, 2, 25), 86_000],
    [day(2025, 3, 7), 76_400],
    [day(2025, 3, 13), 84_000],
    [day(2025, 3, 20), 77_000],
    [day(2025, 4, 10), 103_000],
    [day(2025, 9, 6), 124_000],
    [(end - start) / DAY, 97_000],
  ];
  const lows: Record<number, number> = {
    [day(2025, 2, 10)]: 70_300,
    [day(2025, 3, 7)]: 74_700,
    [day(2025, 3, 20)]: 75_300,
  };
  const closes: number[] = [];
  for (let i = 0; start + i * DAY < end; i++) closes.push(interp(anchors, i));
  return closes.map((c, i) => {
    const o = i === 0 ? c : closes[i - 1]!;
    const low = lows[i] ?? Math.min(o, c) * 0.995;
    return { t: start + i * DAY, o, h: Math.max(o, c) * 1.005, l: low, c, v: 1 };
  });
}

/** Aggregate hourly candles into closed UTC days. */
function toDaily(hourly: Candle[], now: number): Candle[] {
  const by = new Map<number, Candle[]>();
  for (const c of hourly) {
    const d = Math.floor(c.t / DAY) * DAY;
    if (d + DAY > now) continue;
    by.set(d, [...(by.get(d) ?? []), c]);
  }
  return [...by.entries()].map(([t, cs]) => ({
    t,
    o: cs[0]!.o,
    h: Math.max(...cs.map((c) => c.h)),
    l: Math.min(...cs.map((c) => c.l)),
    c: cs[cs.length - 1]!.c,
    v: 1,
  }));
}

const TICKERS: Record<string, { price: number; change: number; beta: number }> = {
  BTC: { price: 76_831, change: -2.0, beta: 1 },
  ETH: { price: 2_250, change: -6.0, beta: 1.4 },
  BNB: { price: 742, change: -3.0, beta: 0.8 },
  SOL: { price: 98.4, change: -3.0, beta: 1.3 },
  XRP: { price: 1.58, change: -4.3, beta: 1.2 },
};

/** Hourly candles of an alt that follow BTC's returns times a beta, with a little noise, ending at its price. */
function altHourly(btc: number[], beta: number, price: number, seed: number): number[] {
  const rnd = lcg(seed);
  const rel: number[] = [1];
  for (let i = 1; i < btc.length; i++)
    rel.push(rel[i - 1]! * Math.exp(beta * Math.log(btc[i]! / btc[i - 1]!) + 0.002 * (rnd() - 0.5)));
  const k = price / rel[rel.length - 1]!;
  return rel.map((r) => r * k);
}

/** Open interest shares per coin (the total is what the articles quote). */
const OI_SHARE: Record<string, number> = { BTC: 0.5, ETH: 0.25, BNB: 0.05, SOL: 0.1, XRP: 0.1 };

/** Total open interest: $855.9B thirty days ago, $590.909B a day ago, $564.909B now (-4.4%, -$26B; -34%). */
function oiTotal(hoursAgo: number): number {
  if (hoursAgo <= 24) return 564.909e9 + (26e9 * hoursAgo) / 24;
  return 590.909e9 + ((564.909e9 / 0.66 - 590.909e9) * (hoursAgo - 24)) / (30 * 24 - 24);
}

/** The reference snapshot. `overrides` replaces top-level parts (to remove or spoil some in a test). */
export function referenceSnapshot(overrides: Partial<MarketSnapshot> = {}): MarketSnapshot {
  const now = REFERENCE_NOW;
  const src = 'Binance USD-M';
  const start = now - 30 * DAY;
  const btcCloses = btcHourlyCloses();
  const hourly: MarketSnapshot['hourly'] = {};
  const daily: MarketSnapshot['daily'] = {};
  const openInterest: MarketSnapshot['openInterest'] = {};
  const coins = Object.keys(TICKERS);
  coins.forEach((coin, k) => {
    const t = TICKERS[coin]!;
    const closes = coin === 'BTC' ? btcCloses : altHourly(btcCloses, t.beta, t.price, 100 + k);
    const candles = candlesFromCloses(start, HOUR, closes);
    hourly[coin] = { ok: true, source: `${src} fetchOHLCV 1h`, asOf: candles[candles.length - 1]!.t, value: candles };
    const d = coin === 'BTC' ? [...olderDaily(start), ...toDaily(candles, now)] : toDaily(candles, now);
    daily[coin] = { ok: true, source: `${src} fetchOHLCV 1d`, asOf: d[d.length - 1]!.t, value: d };
    const points: OpenInterestPoint[] = [];
    for (let h = 30 * 24; h >= 0; h--) points.push({ t: now - h * HOUR, usd: oiTotal(h) * OI_SHARE[coin]! });
    openInterest[coin] = { ok: true, source: `${src} fetchOpenInterestHistory`, asOf: now, value: points };
  });
  const rates: Record<string, number> = { BTC: -0.00003, ETH: -0.00008, BNB: 0.00005, SOL: -0.00012, XRP: 0.0001 };
  const sides = (longsUsd: number, shortsUsd: number) => ({ longsUsd, shortsUsd, count: 100 });
  const coverage = { exchanges: ['binanceusdm', 'bybit', 'okx'], collectedShare: 1, collectingSince: now - 60 * DAY };
  const window = (name: '24h' | '7d' | '30d', days: number, btcLongs: number, total: number) => ({
    window: name,
    from: now - days * DAY,
    to: now,
    ...sides(total * 0.86, total * 0.14),
    totalUsd: total,
    byCoin: { BTC: sides(btcLongs, btcLongs * 0.09), ETH: sides(total * 0.2, total * 0.03) },
    byExchange: { binanceusdm: sides(total * 0.5, total * 0.1) },
    coverage,
  });
  return {
    builtAt: now,
    exchange: 'binanceusdm',
    exchangeName: src,
    coins,
    tickers: {
      ok: true,
      source: `${src} fetchTickers`,
      asOf: now,
      value: Object.fromEntries(
        coins.map((c) => [
          c,
          { coin: c, symbol: `${c}/USDT:USDT`, price: TICKERS[c]!.price, changePct: TICKERS[c]!.change, at: now },
        ]),
      ),
    },
    hourly,
    daily,
    openInterest,
    funding: {
      ok: true,
      source: `${src} fetchFundingRates`,
      asOf: now,
      value: Object.fromEntries(
        coins.map((c) => [c, { coin: c, symbol: `${c}/USDT:USDT`, rate: rates[c]!, intervalHours: 8, at: now }]),
      ),
    },
    liquidations: {
      ok: true,
      source: 'whybot liquidation store',
      asOf: now,
      value: {
        windows: {
          '24h': window('24h', 1, 237e6, 412e6),
          '7d': window('7d', 7, 2.16e9, 3.1e9),
          '30d': window('30d', 30, 4.4e9, 6.5e9),
        },
        daily: Array.from({ length: 30 }, (_, i) => ({
          day: Math.floor(now / DAY) * DAY - (30 - i) * DAY,
          ...sides(110e6, 20e6),
        })),
      },
    },
    sentiment: {
      ok: true,
      source: 'alternative.me Fear & Greed',
      asOf: now - HOUR,
      value: { name: 'Fear & Greed', value: 14, classification: 'Extreme Fear', at: now - HOUR },
    },
    breadth: {
      ok: true,
      source: `${src} fetchTickers (all perpetuals)`,
      asOf: now,
      value: {
        markets: 480,
        down: 431,
        up: 49,
        downSharePct: (431 / 480) * 100,
        medianChangePct: -4.1,
        references: {
          PAXG: {
            base: 'PAXG',
            label: 'tokenized gold (PAXG)',
            symbol: 'PAXG/USDT:USDT',
            price: 4_850,
            changePct: -2.3,
            at: now,
          },
        },
      },
    },
    holders: {
      ok: true,
      source: 'holders file',
      asOf: now - 3 * DAY,
      value: [{ name: 'Strategy', coin: 'BTC', amount: 713_502, costBasis: 78_092.38, asOf: now - 3 * DAY }],
    },
    ...overrides,
  };
}
