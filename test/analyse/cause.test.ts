// The cause line's written rules (src/analyse/cause.ts, docs/DESIGN.md 4e): the first evidenced driver in a fixed
// order is named; a headline and a scheduled event compete on timing; the leverage flush needs the liquidation
// data's own side split and open interest falling; flows count only the move's way; otherwise "none". The facts
// here are built by hand for each rule (only the fields the rules read).
import { describe, expect, it } from 'vitest';
import { causeOf } from '../../src/analyse/cause.ts';
import type { DriverInputs } from '../../src/analyse/drivers.ts';
import type { Fact } from '../../src/analyse/fact.ts';
import { defaultAnalysisOptions } from '../../src/analyse/options.ts';

const O = defaultAnalysisOptions.drivers;
const T = Date.parse('2025-10-10T21:00:00Z');
const f = (id: string, value: number, unit: Fact['unit'] = 'pct'): Fact => ({
  id,
  label: id,
  value,
  unit,
  source: 'test',
  asOf: T,
});
const base = { direction: 'down', levels: { supports: [] } } as const;
const facts = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as unknown as DriverInputs;

const headline = (minutesBefore: number) => ({
  news: {
    aligned: [{ publishedAt: f('news.a.at', T - minutesBefore * 60_000, 'datetime'), when: 'before-start' }],
    moveStart: T,
    fastestStart: T,
  },
});
const event = (minutesBefore: number, kind = 'fomc-decision') => ({
  calendar: {
    beforeMove: {
      kind,
      at: f('cal.at', T - minutesBefore * 60_000, 'datetime'),
      start: f('cal.start', T, 'datetime'),
    },
  },
});
/** Liquidations `ratio` x a normal day, `longShare` percent of them longs (the data's side leads: its share). */
const liq = (ratio: number, longShare?: number) => ({
  liquidations: {
    baselineRatio: f('liq.ratio', ratio, 'multiple'),
    ...(longShare !== undefined
      ? {
          side: longShare >= 50 ? 'long' : 'short',
          sideShare: f('liq.share', Math.max(longShare, 100 - longShare), 'share'),
        }
      : {}),
  },
});
const oi = (pct: number) => ({ openInterest: { change24hPct: f('oi.24h', pct) } });
const broken = { levels: { supports: [], broken: { price: f('lvl', 60_000, 'price') } } };

describe('causeOf', () => {
  it('names a headline in time with the move before anything else', () => {
    expect(causeOf(facts({ ...headline(9), ...liq(3, 80), ...oi(-5), ...broken }), O)).toEqual({
      kind: 'headline',
      factIds: ['news.a.at'],
    });
  });

  it('between a headline and a scheduled event, the one nearer the start wins (the event on a tie)', () => {
    expect(causeOf(facts({ ...headline(9), ...event(40) }), O).kind).toBe('headline');
    expect(causeOf(facts({ ...headline(90), ...event(40) }), O).kind).toBe('event');
    expect(causeOf(facts({ ...headline(40), ...event(40) }), O).kind).toBe('event');
  });

  it("a routine event (CME's reopening, an options expiry) is never the cause line", () => {
    expect(causeOf(facts({ ...event(40, 'cme-reopen'), ...broken }), O).kind).toBe('level');
    expect(causeOf(facts({ ...event(40, 'options-expiry') }), O).kind).toBe('none');
    expect(causeOf(facts({ ...headline(90), ...event(10, 'cme-reopen') }), O).kind).toBe('headline');
  });

  it('selling beyond crypto comes before the leverage flush', () => {
    const markets = {
      markets: { verdict: 'beyond-crypto', markets: [{ id: 'nasdaq100-futures', change: f('mk.nq', -3.6) }] },
    };
    expect(causeOf(facts({ ...markets, ...liq(3, 80), ...oi(-5) }), O)).toEqual({
      kind: 'markets',
      factIds: ['mk.nq'],
    });
  });

  it('a leverage flush needs the side from the liquidation data and open interest falling', () => {
    expect(causeOf(facts({ ...liq(3, 80), ...oi(-5) }), O).kind).toBe('leverage');
    expect(causeOf(facts({ ...liq(3), ...oi(-5) }), O).kind).toBe('none'); // no side split: not assumed from the price
    expect(causeOf(facts({ ...liq(3, 30), ...oi(-5) }), O).kind).toBe('none'); // mostly the other side
    expect(causeOf(facts({ ...liq(3, 80), ...oi(1) }), O).kind).toBe('none'); // open interest not falling
    expect(causeOf(facts({ ...liq(O.liquidationRatio - 0.1, 80), ...oi(-5) }), O).kind).toBe('none');
  });

  it("flows count only when they went the move's way; a broken level is the last resort", () => {
    const out = { flows: { latest: [{ net: f('flow.btc', -903e6, 'usd') }] } };
    const into = { flows: { latest: [{ net: f('flow.btc', 500e6, 'usd') }] } };
    expect(causeOf(facts({ ...out, ...broken }), O)).toEqual({ kind: 'flows', factIds: ['flow.btc'] });
    expect(causeOf(facts({ ...into, ...broken }), O).kind).toBe('level');
    expect(causeOf(facts({}), O).kind).toBe('none');
  });

  it('a flat day has no cause line', () => {
    expect(causeOf(facts({ direction: 'flat', ...headline(9), ...broken }), O).kind).toBe('none');
  });
});
