// Issue 22 point 6: the perpetual against spot. When the snapshot holds spot candles beside the perpetual's, a
// perpetual wick far below spot in the same candle is named as such; a gap under the threshold, or no spot data,
// says nothing.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import type { Candle, MarketSnapshot } from '../../src/gather/types.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const AT = Date.UTC(2025, 9, 10, 21, 30);

/** A day of minute candles at 113,000 that wick to `low` at 21:20. */
function minutes(low: number): Candle[] {
  return Array.from({ length: 24 * 60 }, (_, i) => {
    const t = AT - (24 * 60 - i) * MINUTE;
    const wick = t === Date.UTC(2025, 9, 10, 21, 20);
    return { t, o: 113_000, h: 113_050, l: wick ? low : 112_950, c: wick ? 110_000 : 113_000, v: 1 };
  });
}

function snapshot(perpLow: number, spotLow?: number): MarketSnapshot {
  const part = <T>(value: T, source: string, intervalMs?: number) => ({
    ok: true as const,
    value,
    source,
    asOf: AT,
    ...(intervalMs ? { coverage: { intervalMs, from: AT - 24 * HOUR, to: AT, gaps: [] } } : {}),
  });
  const hourly: Candle[] = Array.from({ length: 30 * 24 }, (_, i) => ({
    t: AT - 30 * MINUTE - (30 * 24 - i) * HOUR,
    o: 117_000 - i * 5,
    h: 117_100 - i * 5,
    l: 116_900 - i * 5,
    c: 117_000 - (i + 1) * 5,
    v: 1,
  }));
  return {
    builtAt: AT,
    exchange: 'replay',
    exchangeName: 'Binance USD-M futures',
    coins: ['BTC'],
    tickers: part({ BTC: { coin: 'BTC', symbol: 'BTC/USDT:USDT', price: 113_000, changePct: -4, at: AT } }, 'tickers'),
    hourly: { BTC: part(hourly, 'futures hourly candles') },
    daily: { BTC: { ok: false, source: 'daily', reason: 'none' } },
    fine: { BTC: part(minutes(perpLow), 'futures 1-minute candles', MINUTE) },
    ...(spotLow ? { spotCandles: part({ BTC: part(minutes(spotLow), 'spot 1-minute candles', MINUTE) }, 'spot') } : {}),
    openInterest: { BTC: { ok: false, source: 'oi', reason: 'none' } },
    funding: { ok: false, source: 'funding', reason: 'none' },
  };
}

const text = (s: MarketSnapshot) =>
  renderText(writeArticle(analyseMarket(s, { now: AT }), loadTemplates(), { form: 'full' }));

describe('the perpetual against spot', () => {
  it('GIVEN the perpetual wicked to $102,497 while spot held $105,600 in the same minute THEN the gap is named, with both prices and the minute', () => {
    const facts = analyseMarket(snapshot(102_497, 105_600), { now: AT });
    expect(facts.perpSpot?.gap.value).toBeCloseTo((102_497 / 105_600 - 1) * 100, 6);
    expect(text(snapshot(102_497, 105_600))).toContain(
      'The perpetual briefly traded 2.9% below spot: $102,497 against $105,600 on spot at 21:20 UTC',
    );
  });
  it('GIVEN spot that fell as far as the perpetual THEN nothing is said', () => {
    expect(analyseMarket(snapshot(102_497, 102_400), { now: AT }).perpSpot).toBeUndefined();
    expect(text(snapshot(102_497, 102_400))).not.toContain('below spot');
  });
  it('GIVEN no spot candles THEN nothing is said', () => {
    expect(analyseMarket(snapshot(102_497), { now: AT }).perpSpot).toBeUndefined();
  });
});
