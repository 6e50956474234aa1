// Liquidations by coin in the market article: an alt whose forced closures outweigh BTC's and make a quarter of the
// day's total is named in "how the stress spreads", with its figures; per-coin articles keep their own focus.
import { describe, expect, it } from 'vitest';
import { analyseCoin, analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import type { LiquidationSummary, MarketSnapshot } from '../../src/gather/types.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { untracedNumbers, documentText } from '../helpers/article-checks.ts';
import { referenceSnapshot } from '../helpers/reference-snapshot.ts';

const templates = loadTemplates();

/** The reference snapshot with the day's liquidations split as given (USD per coin, 70% longs). */
function withDay(byCoin: Record<string, number>): MarketSnapshot {
  const s = referenceSnapshot();
  const liq = s.liquidations as { ok: true; value: LiquidationSummary };
  const w = liq.value.windows['24h']!;
  const total = Object.values(byCoin).reduce((a, b) => a + b, 0);
  liq.value.windows['24h'] = {
    ...w,
    totalUsd: total,
    longsUsd: total * 0.7,
    shortsUsd: total * 0.3,
    byCoin: Object.fromEntries(
      Object.entries(byCoin).map(([c, usd]) => [c, { longsUsd: usd * 0.7, shortsUsd: usd * 0.3, count: 10 }]),
    ),
  };
  return s;
}

describe('liquidations by coin in the market article', () => {
  it('GIVEN SOL $180M of a $400M day and BTC $120M THEN SOL is named with its amount and 45% share', () => {
    const facts = analyseMarket(withDay({ BTC: 120e6, SOL: 180e6, ETH: 100e6 }));
    const doc = writeArticle(facts, templates, { form: 'full' });
    const text = renderText(doc);
    expect(text).toMatch(
      /Forced closures were heaviest away from Bitcoin: Solana saw \$180(\.0)?M liquidated \(45(\.0)?% of the day's total\)/,
    );
    expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
  });

  it('GIVEN BTC leading the day THEN no coin is singled out; a per-coin article never has the line', () => {
    const lead = renderText(
      writeArticle(analyseMarket(withDay({ BTC: 300e6, SOL: 60e6, ETH: 40e6 })), templates, { form: 'full' }),
    );
    expect(lead).not.toContain('Forced closures were heaviest');
    const coin = renderText(
      writeArticle(analyseCoin(withDay({ BTC: 120e6, SOL: 180e6, ETH: 100e6 }), 'ETH'), templates, { form: 'full' }),
    );
    expect(coin).not.toContain('Forced closures were heaviest');
  });
});
