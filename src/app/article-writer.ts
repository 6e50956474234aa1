// The article writer the services use: analyse (pure) then narrate (pure) with the templates read once at
// start-up and the analysis thresholds from configuration. Returns the facts too (the chart draws their levels).
import { analyseMarket } from '../analyse/index.ts';
import type { Config } from '../config/schema.ts';
import type { MarketSnapshot } from '../gather/types.ts';
import { writeArticle } from '../narrate/write-article.ts';
import { warmEngine } from '../narrate/engine.ts';
import type { ArticleWriter } from './create-services.ts';
import { loadLanguages } from './languages.ts';
import { TEMPLATES_ROOT } from './templates.ts';

/** The live staleness limits this writer may relax for replays (analysis defaults: 15 min, 3 h, 2 days). */
const LIVE_MAX_AGE_MS = { ticker: 15 * 60_000, hourly: 3 * 3_600_000, daily: 2 * 86_400_000 };

/**
 * Staleness rules are for live data. In a replay the newest price is the last close at or before the replayed
 * moment, labelled with that close's time: up to a candle old between closes, longer inside a gap in the files.
 * It is still the truth about the data, so each limit is widened to the age of what the replay holds.
 */
function replayFreshness(snapshot: MarketSnapshot): { maxAgeMs?: Partial<typeof LIVE_MAX_AGE_MS> } {
  if (!snapshot.replay) return {};
  const now = snapshot.builtAt;
  const oldest = (times: number[]) => (times.length > 0 ? now - Math.min(...times) : 0);
  const tickers = snapshot.tickers.ok ? Object.values(snapshot.tickers.value).map((t) => t.at) : [];
  const asOf = (parts: MarketSnapshot['hourly']) => Object.values(parts).flatMap((p) => (p.ok ? [p.asOf] : []));
  const allow = (live: number, age: number) => Math.max(live, age + 1);
  return {
    maxAgeMs: {
      ticker: allow(LIVE_MAX_AGE_MS.ticker, oldest(tickers)),
      hourly: allow(LIVE_MAX_AGE_MS.hourly, oldest(asOf(snapshot.hourly))),
      daily: allow(LIVE_MAX_AGE_MS.daily, oldest(asOf(snapshot.daily))),
    },
  };
}

/** Build the writer: reads every language's templates now (throws TemplateLoadError naming a missing file). */
export function createArticleWriter(config: Config): ArticleWriter {
  const languages = loadLanguages(config.WHYBOT_TEMPLATES_DIR ?? TEMPLATES_ROOT, config.WHYBOT_LANGUAGE);
  const regime = {
    crashPct: config.WHYBOT_REGIME_CRASH_PCT,
    selloffPct: config.WHYBOT_REGIME_SELLOFF_PCT,
    flatBandPct: config.WHYBOT_REGIME_FLAT_PCT,
    rallyPct: config.WHYBOT_REGIME_RALLY_PCT,
  };
  const focusCoin = config.WHYBOT_COINS[0] ?? 'BTC';
  const write: ArticleWriter = (snapshot, request) => {
    const facts = analyseMarket(snapshot, {
      now: snapshot.builtAt,
      focusCoin,
      regime,
      ...(request.coin ? { coin: request.coin } : {}),
      ...replayFreshness(snapshot),
    });
    const { templates } = languages.pack(request.language);
    return { document: writeArticle(facts, templates, { form: request.form }), facts };
  };
  write.languages = languages;
  write.warm = () => {
    for (const code of languages.codes) warmEngine(languages.pack(code).templates);
  };
  return write;
}
