// The article writer the services use: analyse (pure) then narrate (pure) with the templates read once at
// start-up and the analysis thresholds from configuration. Returns the facts too (the chart draws their levels).
import { analyseMarket } from '../analyse/index.ts';
import type { Config } from '../config/schema.ts';
import { writeArticle } from '../narrate/write-article.ts';
import type { ArticleWriter } from './create-services.ts';
import { DEFAULT_TEMPLATES_DIR, loadTemplates } from './templates.ts';

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
    const facts = analyseMarket(snapshot, { now: snapshot.builtAt, focusCoin, regime, ...(request.coin ? { coin: request.coin } : {}) });
    return { document: writeArticle(facts, templates, { form: request.form }), facts };
  };
}
