// Issue 22 point 2: the headline tells the day. A day that plunged far more inside it than its close-to-close change
// (the V of 10 October 2025) leads with the plunge and the recovery, in time order; a day whose change tells it
// keeps its usual headline. The regime reads both measures (src/analyse/regime.ts).
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import type { Candle } from '../../src/gather/types.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { snapshotFromKlines } from '../helpers/kline-snapshot.ts';

const HOUR = 3_600_000;
const templates = loadTemplates();
const AT = Date.UTC(2025, 9, 11, 0);

/** 30 days flat at $121,400, then the last day: a high of $122,550, a plunge to $102,000 and a close at `close`. */
function day(close: number, low = 102_000): Candle[] {
  const out: Candle[] = [];
  for (let i = 30 * 24; i >= 1; i--) {
    const t = AT - i * HOUR;
    const k = 24 - i; // hours into the last day (negative before it)
    let c: Candle = { t, o: 121_400, h: 121_600, l: 121_200, c: 121_400, v: 10 };
    if (k === 20) c = { t, o: 121_400, h: 122_550, l: 117_000, c: 117_500, v: 50 };
    if (k === 21) c = { t, o: 117_500, h: 117_800, l: low, c: 108_000, v: 90 };
    if (k === 22) c = { t, o: 108_000, h: 111_000, l: 107_000, c: 110_500, v: 60 };
    if (k === 23) c = { t, o: 110_500, h: Math.max(110_600, close), l: 110_000, c: close, v: 40 };
    out.push(c);
  }
  return out;
}

function article(candles: Candle[]) {
  const facts = analyseMarket(snapshotFromKlines(candles, AT, { file: 'BTCUSDT-1h-2025-10.csv' }));
  const doc = writeArticle(facts, templates, { form: 'full' });
  return { facts, text: renderText(doc), title: doc.title };
}

describe('GIVEN a day that fell 6.7% close to close but plunged 16.8% from its high to its low', () => {
  const { facts, text, title } = article(day(113_254));
  it('THEN the headline names the plunge and the recovery, not only the close-to-close change', () => {
    expect(facts.focus.change24h!.value).toBeCloseTo((113_254 / 121_400 - 1) * 100, 6);
    expect(title).toMatch(/Bitcoin plunged as much as 16\.8%(,| before) (then )?recover(ing|ed) to \$113,254/);
    expect(title).not.toMatch(/sells off|down 6\.7%/);
  });
  it('THEN the lede states the plunge from the high to the low, in time order, and the rebound off that low', () => {
    expect(text).toContain(
      'Over the past day Bitcoin plunged as much as 16.8%, from $122,550 (in the hour from 20:00 UTC) to $102,000 (in the hour from 21:00 UTC), before recovering 11.0% off that low.',
    );
    // The section on the move is headed by the shape of the day.
    expect(text).toContain('A PLUNGE AND A REBOUND');
    // The close-to-close change is still stated.
    expect(text).toContain('6.7% below where it stood a day earlier');
  });
  it('THEN the regime reads both measures: half of a 16.8% plunge is past the crash threshold', () => {
    expect(facts.intraday?.kind).toBe('plunge');
    expect(facts.regime).toBe('crash');
  });
});

describe('GIVEN a day whose fall inside it is not far larger than its close-to-close change', () => {
  const { facts, title } = article(day(104_000, 103_500));
  it('THEN the headline keeps the close-to-close move', () => {
    expect(facts.intraday).toBeUndefined();
    expect(title).toMatch(/14\.3%/);
  });
});

describe('GIVEN a V: a 16.8% plunge inside a day that closed where it began', () => {
  const { facts, title, text } = article(day(121_300));
  it('THEN the headline tells the plunge, while the direction words still follow the close-to-close change', () => {
    expect(facts.direction).toBe('flat');
    expect(title).toMatch(/Bitcoin plunged as much as 16\.8%(,| before) (then )?recover(ing|ed) to \$121,300/);
    expect(text).not.toMatch(/quiet day|holds steady/i);
  });
});
