// Property tests over generated candle files with gaps, short spans, finer files over part of the time and
// moments between closes: what the simulator serves (tickers, built candles) and the coverage gather reports
// never claim more data than there is. Every 24h change spans exactly 24 h of data; no closed candle is built
// from a partial set; nothing after the replayed moment is ever served.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candleCoverage } from '../../src/gather/coverage.ts';
import type { Candle } from '../../src/gather/types.ts';
import { binanceRoute } from '../../src/simulator/binance-routes.ts';
import { MarketData } from '../../src/simulator/market-data.ts';

const MIN = 60_000;
const FIVE = 5 * MIN;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.parse('2024-08-01T00:00:00Z');

/** Candles of `ms` at the given slot indices from `start`, prices from a walk (all positive). */
function series(start: number, ms: number, slots: number[], moves: number[]): Candle[] {
  let p = 100;
  return slots.map((slot, i) => {
    const o = p;
    const c = Math.max(1, o + (moves[i % moves.length] ?? 0));
    p = c;
    return { t: start + slot * ms, o, h: Math.max(o, c) + 1, l: Math.max(0.5, Math.min(o, c) - 1), c, v: 1 };
  });
}

const market = fc
  .record({
    hours: fc.integer({ min: 1, max: 80 }),
    offset: fc.integer({ min: 0, max: 23 }),
    dropRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
    drops: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 80, maxLength: 80 }),
    moves: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 20 }),
    fine: fc.option(fc.record({ fromHour: fc.integer({ min: 0, max: 79 }), count: fc.integer({ min: 1, max: 60 }) }), {
      nil: undefined,
    }),
    nowFrac: fc.double({ min: 0, max: 1.05, noNaN: true }),
  })
  .map((g) => {
    const start = START + g.offset * HOUR;
    const slots = Array.from({ length: g.hours }, (_, i) => i).filter((i) => i === 0 || g.drops[i]! >= g.dropRate);
    const hourly = series(start, HOUR, slots, g.moves);
    const fine = g.fine
      ? series(
          start + g.fine.fromHour * HOUR,
          FIVE,
          Array.from({ length: g.fine.count }, (_, i) => i),
          g.moves,
        )
      : [];
    const data = new MarketData();
    data.addCandles('BTCUSDT', HOUR, hourly);
    if (fine.length > 0) data.addCandles('BTCUSDT', FIVE, fine);
    const { firstClose, lastClose } = data.span();
    const now = Math.round(firstClose + (lastClose - firstClose) * g.nowFrac);
    return { data, hourly, fine, now };
  });

/** Every candle of every series closed by `now`, with its length. */
function closedPieces(hourly: Candle[], fine: Candle[], now: number) {
  return [...hourly.map((c) => ({ ...c, ms: HOUR })), ...fine.map((c) => ({ ...c, ms: FIVE }))].filter(
    (c) => c.t + c.ms <= now,
  );
}

describe('generated candle files: windows tell the truth', () => {
  it('the ticker is the last close at or before the moment, and its 24h change spans exactly 24 h or is absent', () => {
    fc.assert(
      fc.property(market, ({ data, hourly, fine, now }) => {
        const answer = binanceRoute(data, '/fapi/v1/ticker/24hr', new URLSearchParams('symbol=BTCUSDT'), now);
        const pieces = closedPieces(hourly, fine, now);
        if (pieces.length === 0) return expect(answer?.status).toBe(400);
        const body = answer!.body as Record<string, string | number | undefined>;
        const lastClose = Math.max(...pieces.map((c) => c.t + c.ms));
        const atLast = pieces.filter((c) => c.t + c.ms === lastClose).sort((a, b) => a.ms - b.ms)[0]!;
        expect(Number(body.lastPrice)).toBe(atLast.c);
        expect(Number(body.closeTime)).toBe(lastClose);
        expect(Number(body.openTime)).toBeGreaterThanOrEqual(lastClose - DAY);
        const from = lastClose - DAY;
        const opensThen = pieces.find((c) => c.t === from);
        const closesThen = pieces.find((c) => c.t + c.ms === from);
        if (body.priceChangePercent === undefined) {
          expect(opensThen).toBeUndefined();
          expect(closesThen).toBeUndefined();
          expect(body.openPrice).toBeUndefined();
        } else {
          // the generated series of different intervals need not agree with each other: any candle opening or
          // closing exactly 24 h before the last close is a true start of the window
          const starts = [
            ...pieces.filter((c) => c.t === from).map((c) => c.o),
            ...pieces.filter((c) => c.t + c.ms === from).map((c) => c.c),
          ];
          expect(starts).toContain(Number(body.openPrice));
          const pct = ((atLast.c - Number(body.openPrice)) / Number(body.openPrice)) * 100;
          expect(Number(body.priceChangePercent)).toBeCloseTo(pct, 2);
        }
        // high and low come only from candles inside those 24 h
        const inside = pieces.filter((c) => c.t >= from);
        expect(Number(body.lowPrice)).toBeGreaterThanOrEqual(Math.min(...inside.map((c) => c.l)));
        expect(Number(body.highPrice)).toBeLessThanOrEqual(Math.max(...inside.map((c) => c.h)));
      }),
      { numRuns: 300 },
    );
  });

  it('built candles (4h, 1d) are whole when closed, the open one runs from its start, none reaches past the moment', () => {
    fc.assert(
      fc.property(market, fc.constantFrom(4 * HOUR, DAY), ({ data, hourly, fine, now }, ms) => {
        const built = data.candles('BTCUSDT', ms, now);
        const pieces = closedPieces(hourly, fine, now);
        built.forEach((b, i) => {
          expect(b.t % ms).toBe(0);
          const inside = pieces.filter((c) => c.t >= b.t && c.t + c.ms <= b.t + ms);
          expect(inside.length).toBeGreaterThan(0);
          expect(b.l).toBeGreaterThanOrEqual(Math.min(...inside.map((c) => c.l)));
          expect(b.h).toBeLessThanOrEqual(Math.max(...inside.map((c) => c.h)));
          if (b.t + ms <= now) {
            // every hour of a closed built candle is in the data (in 1h or 5m candles)
            for (let t = b.t; t < b.t + ms; t += HOUR) {
              const hourHeld = pieces.some((c) => c.ms === HOUR && c.t === t);
              const minutes = pieces.filter((c) => c.ms === FIVE && c.t >= t && c.t < t + HOUR).length;
              expect(hourHeld || minutes === 12).toBe(true);
            }
          } else {
            expect(i).toBe(built.length - 1); // only the last one is open
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("asking from a time gives the same candles as asking for all and cutting (the klines route's startTime)", () => {
    fc.assert(
      fc.property(
        market,
        fc.constantFrom(FIVE, HOUR, 4 * HOUR, DAY),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ data, now }, ms, frac) => {
          const from = Math.round(START + (now - START) * frac);
          const bucket = Math.floor(from / ms) * ms;
          expect(data.candles('BTCUSDT', ms, now, from)).toEqual(
            data.candles('BTCUSDT', ms, now).filter((c) => c.t >= bucket),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('coverage adds up: candles plus gaps fill the span exactly, and the hourly series served never passes the moment', () => {
    fc.assert(
      fc.property(market, ({ data, now }) => {
        const served = data.candles('BTCUSDT', HOUR, now).filter((c) => c.t + HOUR <= now);
        const cov = candleCoverage(served, HOUR);
        if (!cov) return;
        const gapTime = cov.gaps.reduce((s, g) => s + (g.to - g.from), 0);
        expect(served.length * HOUR + gapTime).toBe(cov.to - cov.from);
        expect(cov.to).toBeLessThanOrEqual(now);
        for (const g of cov.gaps) expect(g.to).toBeGreaterThan(g.from);
      }),
      { numRuns: 300 },
    );
  });

  it('the finest candles for a stretch never overlap, cover all the data does, and use finer candles where they fill an hour', () => {
    fc.assert(
      fc.property(market, ({ data, hourly, fine, now }) => {
        const from = now - DAY;
        const best = data.bestCandles('BTCUSDT', from, now);
        for (let i = 1; i < best.length; i++)
          expect(best[i]!.t).toBeGreaterThanOrEqual(best[i - 1]!.t + best[i - 1]!.intervalMs);
        for (const c of best) {
          expect(c.t).toBeGreaterThanOrEqual(from);
          expect(c.t + c.intervalMs).toBeLessThanOrEqual(now);
        }
        const slots = (cs: Array<{ t: number; ms: number }>) => {
          const out = new Set<number>();
          for (const c of cs) for (let t = c.t; t < c.t + c.ms; t += FIVE) out.add(t);
          return [...out].sort((a, b) => a - b);
        };
        const all = closedPieces(hourly, fine, now).filter((c) => c.t >= from);
        expect(slots(best.map((c) => ({ t: c.t, ms: c.intervalMs })))).toEqual(slots(all));
        for (const h of hourly.filter((c) => c.t >= from && c.t + HOUR <= now)) {
          const filled = fine.filter((c) => c.t >= h.t && c.t < h.t + HOUR).length === 12;
          expect(best.some((c) => c.t === h.t && c.intervalMs === (filled ? FIVE : HOUR))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
