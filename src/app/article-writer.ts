// The article writer the services use: analyse (pure) then narrate (pure) with the templates read once at
// start-up and the analysis thresholds from configuration. Returns the facts too (the chart draws their levels).
import { analyseMarket } from '../analyse/index.ts';
import type { Config } from '../config/schema.ts';
import type { MarketSnapshot } from '../gather/types.ts';
import { writeArticle } from '../narrate/write-article.ts';
import type { ArticleWriter } from './create-services.ts';
import { DEFAULT_TEMPLATES_DIR, loadTemplates } from './templates.ts';

const LIVE_TICKER_MAX_AGE_MS = 15 * 60_000;

/**
 * Staleness rules are for live data. A replay's price is the last close at or before the replayed moment
 * (labelled with that close's time), so between two hourly closes it is up to an hour old: allow the ticker
 * the replay's finest candle length (the hourly candles' own allowance already covers that).
 */
function replayFreshness(snapshot: MarketSnapshot): { maxAgeMs?: { ticker: number } } {
  const finest = snapshot.replay?.finestIntervalMs;
  return finest !== undefined && finest > LIVE_TICKER_MAX_AGE_MS ? { maxAgeMs: { ticker: finest } } : {};
}

/** Build the writer: reads the templates now (throws TemplateLoadError naming a missing file). */
export function createArticleWriter(config: Config): ArticleWriter {
  const templates = loadTemplates(config.WHYBOT_TEMPLATES_DIR ?? DEFAULT_TEMPLATES_DIR);
  const regime = {
    crashPct: config.WHYBOT_REGIME_CRASH_PCT,
    selloffPct: config.WHYBOT_REGIME_SELLOFF_PCT,
    flatBandPct: config.WHYBOT_REGIME_FLAT_PCT,
    rallyPct: config.WHYBOT_REGIME_RALLY_PCT,
  };
  const focusCoin = config.WHYBOT_COINS[0] ?? 'BTC';
  return (snapshot, request) => {
    const facts = analyseMarket(snapshot, {
      now: snapshot.builtAt,
      focusCoin,
      regime,
      ...(request.coin ? { coin: request.coin } : {}),
      ...replayFreshness(snapshot),
    });
    return { document: writeArticle(facts, templates, { form: request.form }), facts };
  };
}
