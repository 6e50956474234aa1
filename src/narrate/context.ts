// Builds the template context from Facts: only printed texts (via the FigureBook), booleans and names.
// Templates never see a raw number, so they cannot print one that has no Figure behind it. Each part of the
// context comes from its own small builder in sections/; this file only puts them together.
import type { Facts } from '../analyse/facts.ts';
import type { FigureBook } from './figure-book.ts';
import { exchangeName } from '../core/markets.ts';
import { altsCtx } from './sections/alts.ts';
import { fundingCtx, liquidationsCtx, openInterestCtx } from './sections/derivatives.ts';
import { calendarCtx } from './sections/calendar.ts';
import { flowsCtx } from './sections/flows.ts';
import { levelsCtx } from './sections/levels.ts';
import { marketsCtx } from './sections/markets.ts';
import { marketCtx, volatilityCtx } from './sections/market.ts';
import { marketLeverageCtx } from './sections/market-leverage.ts';
import { movesCtx } from './sections/moves.ts';
import { newsCtx } from './sections/news.ts';
import { priceActionCtx } from './sections/price-action.ts';
import { historyCtx, periodsCtx } from './sections/history.ts';
import { intradayCtx, perpSpotCtx } from './sections/intraday.ts';
import { seeds } from './seed.ts';

export { SHORT_FORM_MAX_OTHERS } from './sections/moves.ts';

/** The sections, in the house order (an ordinary day's; article-plan.ts reorders them by the shape of the day). */
export const SECTION_IDS = [
  'lede',
  'reported',
  'trigger',
  'arc',
  'periods',
  'record',
  'liquidations',
  'leverage',
  'spread',
  'watch',
  'bottom-line',
] as const;

/** Every template file the writer needs (partials start with an underscore). */
export const TEMPLATE_NAMES = [
  'headline',
  'replay-note',
  ...SECTION_IDS,
  'footer',
  '_move',
  '_standing',
  '_driver',
  '_span',
  '_calendar',
  '_markets',
  '_flows',
] as const;

/** A template name. */
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** What a template sees. Values are strings, booleans, lists or null (null = not stated). */
export type TemplateContext = Record<string, unknown>;

/** Base source names for the footer: "computed from X and Y (how)" becomes X, Y. */
export function baseSources(sources: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of sources) {
    if (s === 'replay of recorded market data') continue;
    if (s.startsWith('round number crossed by ')) continue;
    const stripped = s.replace(/^computed from /, '').replace(/\s*\(.*\)\s*$/, '');
    for (const part of stripped.split(' and ')) if (part.trim()) out.add(part.trim());
  }
  return [...out];
}

/**
 * A source's name with its common words in the article's language ("Binance spot hourly candles" -> "Binance spot
 * velas horarias"): the language's `source.<English words>` messages; names and API identifiers stay as they are.
 */
function sourceInWords(source: string, book: FigureBook): string {
  let out = source;
  for (const key of book.words.keys())
    if (key.startsWith('source.')) out = out.split(key.slice('source.'.length)).join(book.words.t(key));
  return out;
}

/** Drivers the cause line already names, by its kind (the lede lists the others after it). */
const NAMED_BY_CAUSE: Record<string, readonly string[]> = {
  leverage: ['liquidation-cascade', 'leverage-unwind'],
  level: ['level-break'],
};

/** The drivers the data supports, as ids and flags; `others` leaves out what the cause line names. */
function driversCtx(f: Facts) {
  const list = f.drivers.map((d) => d.id);
  const has = Object.fromEntries(list.map((id) => [id.replace(/-/g, '_'), true]));
  const named = NAMED_BY_CAUSE[f.cause.kind] ?? [];
  const others = list.filter((id) => !named.includes(id));
  return { any: list.length > 0, list, others, top: list[0] ?? null, second: list[1] ?? null, has };
}

/** The cause line's kind as flags; `flush_line` when the lede's leverage-flush sentence (ratio, side, open interest) is written. */
function causeCtx(f: Facts, liq: ReturnType<typeof liquidationsCtx>, oi: ReturnType<typeof openInterestCtx>) {
  const flushLine = f.cause.kind === 'leverage' && Boolean(liq?.ratio && liq?.side_share && oi?.day_abs);
  return { kind: f.cause.kind, [f.cause.kind]: true, flush_line: flushLine };
}

/** The context for every template of one article. */
export function buildContext(f: Facts, form: 'short' | 'full', book: FigureBook): TemplateContext {
  const moves = movesCtx(f, form, book);
  const replayText = book.text(f.replayAt);
  const asofText = book.text(f.dataAsOf);
  const dayKey =
    Number.isFinite(f.asOf) && Math.abs(f.asOf) <= 8.64e15 ? new Date(f.asOf).toISOString().slice(0, 10) : 'unknown';
  const liq = liquidationsCtx(f, book);
  const oi = openInterestCtx(f, book);
  const seedKey = `${dayKey}|${f.scope.kind === 'coin' ? f.scope.coin : 'market'}|${moves.move?.text ?? ''}|${moves.focus.price ?? ''}`;
  return {
    form,
    full: form === 'full',
    short: form === 'short',
    direction: f.direction,
    regime: f.regime,
    down: f.direction === 'down',
    up: f.direction === 'up',
    flat: f.direction === 'flat',
    big: f.regime === 'crash' || f.regime === 'selloff' || f.regime === 'rally',
    known: f.regime !== 'unknown',
    scope: f.scope.kind,
    market: f.scope.kind === 'market',
    exchange: f.exchangeName || exchangeName(f.exchange),
    seed: seeds(seedKey, TEMPLATE_NAMES),
    ...moves,
    alt: altsCtx(f, book),
    levels: levelsCtx(f, book),
    ...priceActionCtx(f, book),
    periods: periodsCtx(f, book),
    past: historyCtx(f, book),
    intraday: intradayCtx(f, book),
    perp_spot: perpSpotCtx(f, book),
    liq,
    oi,
    mkt: marketLeverageCtx(f, book),
    funding: fundingCtx(f, book),
    vol: volatilityCtx(f, book),
    calendar: calendarCtx(f, book),
    markets: marketsCtx(f, book),
    flows: flowsCtx(f, book),
    ...marketCtx(f, book),
    news: newsCtx(f.news, f.asOf, book),
    drivers: driversCtx(f),
    cause: causeCtx(f, liq, oi),
    within_normal: f.withinNormal,
    replay: replayText ? { datetime: replayText } : null,
    asof: asofText ? { datetime: asofText } : null,
    sources: book.words.list(baseSources(f.sources).map((x) => sourceInWords(x, book))) || null,
  };
}
