// Sentiment (Fear & Greed) and large holders' unrealized profit or loss: values, freshness, sanitising.
import { describe, expect, it } from 'vitest';
import { fact } from '../../src/analyse/fact.ts';
import { holderFacts } from '../../src/analyse/holders.ts';
import { sentimentFacts } from '../../src/analyse/sentiment.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 1, 4, 12);

describe('sentimentFacts', () => {
  it('GIVEN a fresh reading of 14 "Extreme Fear" THEN value and classification are kept with their source', () => {
    const s = sentimentFacts(
      {
        ok: true,
        source: 'alternative.me',
        asOf: now,
        value: { name: 'Fear & Greed', value: 14, classification: 'Extreme Fear', at: now },
      },
      now,
      2 * DAY,
      [],
    )!;
    expect(s.value).toMatchObject({ value: 14, unit: 'index', source: 'alternative.me', label: 'Fear & Greed' });
    expect(s.classification).toBe('Extreme Fear');
  });
  it('GIVEN a stale or out-of-range reading THEN nothing', () => {
    expect(
      sentimentFacts(
        { ok: true, source: 's', asOf: now, value: { name: 'F', value: 14, classification: 'x', at: now - 5 * DAY } },
        now,
        2 * DAY,
        [],
      ),
    ).toBeUndefined();
    expect(
      sentimentFacts(
        { ok: true, source: 's', asOf: now, value: { name: 'F', value: 140, classification: 'x', at: now } },
        now,
        2 * DAY,
        [],
      ),
    ).toBeUndefined();
  });
  it('GIVEN a classification with control characters THEN they are removed', () => {
    expect(
      sentimentFacts(
        {
          ok: true,
          source: 's',
          asOf: now,
          value: { name: 'F', value: 50, classification: 'Neutral\n\u0007', at: now },
        },
        now,
        2 * DAY,
        [],
      )!.classification,
    ).toBe('Neutral');
  });
});

describe('holderFacts', () => {
  const price = fact('BTC.price', 'BTC price', 76_831, 'price', 'tickers', now)!;
  it('GIVEN Strategy with 713,502 BTC at a $78,092.38 cost THEN it is about $900M under water', () => {
    const h = holderFacts(
      {
        ok: true,
        source: 'holders file',
        asOf: now,
        value: [{ name: 'Strategy', coin: 'BTC', amount: 713_502, costBasis: 78_092.38, asOf: now - DAY }],
      },
      { BTC: price },
      now,
      120 * DAY,
      [],
    );
    expect(h).toHaveLength(1);
    expect(h[0]!.unrealized.value).toBeCloseTo(-900e6, -6);
    expect(h[0]!.unrealized.source).toBe('computed from holders file and tickers');
  });
  it('GIVEN a coin without a price, a zero amount or an outdated entry THEN the entry is skipped', () => {
    const h = holderFacts(
      {
        ok: true,
        source: 'f',
        asOf: now,
        value: [
          { name: 'A', coin: 'ETH', amount: 1, costBasis: 1, asOf: now },
          { name: 'B', coin: 'BTC', amount: 0, costBasis: 1, asOf: now },
          { name: 'C', coin: 'BTC', amount: 1, costBasis: 1, asOf: now - 400 * DAY },
        ],
      },
      { BTC: price },
      now,
      120 * DAY,
      [],
    );
    expect(h).toEqual([]);
  });
});
