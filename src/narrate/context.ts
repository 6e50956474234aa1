// Builds the template context from Facts: only printed texts (via the FigureBook), booleans and names.
// Templates never see a raw number, so they cannot print one that has no Figure behind it.
import type { Fact } from '../analyse/fact.ts';
import type { CoinFacts, Facts, Level } from '../analyse/facts.ts';
import type { FigureBook } from './figure-book.ts';
import { exchangeName } from '../core/markets.ts';
import { coinName, joinList } from './names.ts';
import { seeds } from './seed.ts';

/** The names of every template, and of the sections in article order. */
export const SECTION_IDS = ['lede', 'trigger', 'liquidations', 'leverage', 'spread', 'watch', 'bottom-line'] as const;

/** Every template file the writer needs (partials start with an underscore). */
export const TEMPLATE_NAMES = ['headline', 'replay-note', ...SECTION_IDS, 'footer', '_move', '_standing', '_driver', '_span'] as const;

/** A template name. */
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** How many other coins the short form lists by name. */
export const SHORT_FORM_MAX_OTHERS = 10;

/** What a template sees. Values are strings, booleans, lists or null (null = not stated). */
export type TemplateContext = Record<string, unknown>;

/** True when the printed change is not "0.0%" and the value is below zero. */
function isDown(f: Fact | undefined, text: string | null): boolean {
  return !!f && !!text && f.value < 0 && text !== '0.0%';
}
function isUp(f: Fact | undefined, text: string | null): boolean {
  return !!f && !!text && f.value > 0 && text !== '0.0%';
}

function coinCtx(c: CoinFacts, book: FigureBook) {
  const change = book.text(c.change24h);
  const down = isDown(c.change24h, change);
  const up = isUp(c.change24h, change);
  return {
    coin: c.coin,
    name: coinName(c.coin),
    price: book.text(c.price),
    change,
    change_abs: book.text(c.change24h, 'abs'),
    known: change !== null,
    down,
    up,
    flat: change !== null && !down && !up,
    ratio: book.text(c.ratioToBenchmark, 'abs'),
    beta: book.text(c.beta),
    corr: book.text(c.correlation),
    moved_more: c.movedMore,
  };
}

function levelCtx(l: Level | undefined, book: FigureBook) {
  if (!l) return null;
  const price = book.text(l.price);
  return price ? { price, grade: l.grade, strong: l.grade === 'strong', round: l.kinds.includes('round') } : null;
}

/** Base source names for the footer: "computed from X and Y (how)" becomes X, Y. */
export function baseSources(sources: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of sources) {
    if (s === 'replay of recorded market data') continue;
    const stripped = s.replace(/^computed from /, '').replace(/\s*\(.*\)\s*$/, '');
    for (const part of stripped.split(' and ')) if (part.trim()) out.add(part.trim());
  }
  return [...out];
}

/** The context for every template of one article. */
export function buildContext(f: Facts, form: 'short' | 'full', book: FigureBook): TemplateContext {
  const focus = coinCtx(f.focus, book);
  const coins = f.coins.map((c) => coinCtx(c, book));
  const bench = f.benchmark && f.benchmark.coin !== f.focus.coin ? coinCtx(f.benchmark, book) : null;
  const alts = f.scope.kind === 'market' ? coins.filter((c) => c.coin !== f.focus.coin && c.known) : [];
  const othersAll = f.scope.kind === 'market' ? coins.filter((c) => c.coin !== f.focus.coin && (c.known || c.price)) : [];
  // The short form must fit one embed and one message whatever the configured coin list: name at most ten others.
  const others = form === 'short' ? othersAll.slice(0, SHORT_FORM_MAX_OTHERS) : othersAll;
  const altsMore = alts.filter((c) => c.moved_more);

  const moveText = book.text(f.move);
  const isBasket = f.move?.id === 'basket.change24h' && !!f.basket && f.basket.coins.length >= 2;
  const moveCoin = isBasket ? undefined : f.move?.id === 'basket.change24h' ? f.basket?.coins[0] : f.move?.id.replace(/\.change24h$/, '');
  const who = isBasket ? 'the market' : f.scope.kind === 'coin' ? f.scope.coin : coinName(moveCoin ?? f.focus.coin);
  const move = moveText
    ? {
        text: moveText,
        abs: book.text(f.move, 'abs'),
        basket: isBasket,
        focus: !isBasket && moveCoin === f.focus.coin,
        who,
        who_cap: who.charAt(0).toUpperCase() + who.slice(1),
      }
    : null;
  const basket =
    f.basket && isBasket
      ? { coins: joinList(f.basket.coins), equal: f.basket.equalWeights, missing: f.basket.missing.length ? joinList(f.basket.missing) : null }
      : null;

  const supports = f.levels.supports.map((l) => levelCtx(l, book)).filter((l) => l !== null);
  const levels = {
    any: supports.length > 0 || !!f.levels.resistance,
    supports,
    list: supports.length ? joinList(supports.map((s) => s.price)) : null,
    first: supports[0] ?? null,
    second: supports[1] ?? null,
    resistance: levelCtx(f.levels.resistance, book),
    broken: levelCtx(f.levels.broken, book),
  };

  const ex = f.extreme;
  const extreme = ex
    ? { lowest: ex.kind === 'lowest', highest: ex.kind === 'highest', since: book.text(ex.since), data_days: book.text(ex.dataDays) }
    : null;

  const l = f.liquidations;
  const liq = l
    ? {
        total: book.text(l.day.total),
        longs: book.text(l.day.longs),
        shorts: book.text(l.day.shorts),
        side: l.side,
        side_plural: `${l.side}s`,
        other_plural: l.side === 'long' ? 'shorts' : 'longs',
        long_side: l.side === 'long',
        side_share: book.text(l.sideShare),
        focus_coin: l.focusCoin,
        focus_name: coinName(l.focusCoin),
        day: book.text(l.focusDay),
        week: book.text(l.focusWeek),
        month: book.text(l.focusMonth),
        ratio: book.text(l.baselineRatio),
        baseline_days: book.text(l.baselineDays),
        baseline_month: !!l.baselineDays && l.baselineDays.value >= 28,
        ratio_high: !!l.baselineRatio && l.baselineRatio.value >= 1.5,
        ratio_low: !!l.baselineRatio && l.baselineRatio.value < 0.8,
        exchanges: l.exchanges.length ? joinList(l.exchanges.map(exchangeName)) : null,
        partial: l.collectedShare < 0.9,
        since: book.text(l.collectingSince),
        largest: l.largest
          ? { usd: book.text(l.largest.usd), coin: l.largest.coin, name: coinName(l.largest.coin), side: l.largest.side, exchange: exchangeName(l.largest.exchange) }
          : null,
      }
    : null;

  const o = f.openInterest;
  const oiDay = book.text(o?.change24hPct);
  const oiLong = book.text(o?.changeLongPct);
  const oi = o
    ? {
        coins: joinList(o.coins),
        single: o.coins.length === 1,
        now: book.text(o.now),
        day: oiDay,
        day_abs: book.text(o.change24hPct, 'abs'),
        day_usd_abs: book.text(o.change24hUsd, 'abs'),
        day_down: isDown(o.change24hPct, oiDay),
        day_up: isUp(o.change24hPct, oiDay),
        long: oiLong,
        long_abs: book.text(o.changeLongPct, 'abs'),
        long_usd_abs: book.text(o.changeLongUsd, 'abs'),
        long_down: isDown(o.changeLongPct, oiLong),
        long_up: isUp(o.changeLongPct, oiLong),
        long_days: book.text(o.longSpanDays),
        full_month: o.fullMonth,
      }
    : null;

  const fu = f.funding;
  const funding = fu
    ? {
        mean: book.text(fu.mean),
        negative: book.text(fu.negativeCount),
        markets: book.text(fu.marketCount),
        single: fu.marketCount.value === 1,
        all_negative: fu.negativeCount.value === fu.marketCount.value,
        none_negative: fu.negativeCount.value === 0,
        mean_negative: fu.mean.value < 0,
        coins_negative: fu.negativeCoins.length ? joinList(fu.negativeCoins) : null,
        coins: joinList(Object.keys(fu.perCoin)),
      }
    : null;

  const v = f.volatility;
  const vol = v
    ? {
        ratio: book.text(v.ratio),
        typical_day: book.text(v.typicalDayPct, 'abs'),
        move_sigma: book.text(v.moveSigma),
        days: book.text(v.baselineDays),
        month: v.baselineDays.value >= 28,
        big_move: !!v.moveSigma && v.moveSigma.value >= 2,
        elevated: !!v.ratio && v.ratio.value >= 1.5,
        calm: !!v.ratio && v.ratio.value <= 0.7,
      }
    : null;

  const corr = f.altCorrelation
    ? { mean: book.text(f.altCorrelation), high: f.altCorrelation.value >= 0.7, low: f.altCorrelation.value < 0.4, days: book.text(f.hourlyDays), month: !!f.hourlyDays && f.hourlyDays.value >= 28 }
    : null;

  const s = f.sentiment;
  const sentiment = s
    ? { name: s.value.label, value: book.text(s.value), label: s.classification, fear: s.value.value <= 25, greed: s.value.value >= 75 }
    : null;

  const holders = f.holders
    .map((h) => ({ name: h.name, coin: h.coin, coin_name: coinName(h.coin), amount: book.text(h.unrealized, 'abs'), under: h.unrealized.value < 0 }))
    .filter((h) => h.amount !== null);

  const br = f.breadth;
  const breadth = br
    ? {
        markets: book.text(br.markets),
        down: book.text(br.down),
        up: book.text(br.up),
        down_share: book.text(br.downShare),
        median: book.text(br.median),
        mostly_down: !!br.downShare && br.downShare.value >= 60,
        mostly_up: !!br.downShare && br.downShare.value <= 40,
      }
    : null;
  const references = (br?.references ?? []).map((r) => {
    const change = book.text(r.change);
    return { label: r.label, name: r.label, price: book.text(r.price), change, change_abs: book.text(r.change, 'abs'), known: change !== null, down: isDown(r.change, change), up: isUp(r.change, change), flat: !isDown(r.change, change) && !isUp(r.change, change) };
  });

  const driverIds = f.drivers.map((d) => d.id);
  const has = Object.fromEntries(driverIds.map((id) => [id.replace(/-/g, '_'), true]));
  const drivers = { any: driverIds.length > 0, list: driverIds, top: driverIds[0] ?? null, second: driverIds[1] ?? null, has };

  const replayText = book.text(f.replayAt);
  const asofText = book.text(f.dataAsOf);
  const dayKey = Number.isFinite(f.asOf) && Math.abs(f.asOf) <= 8.64e15 ? new Date(f.asOf).toISOString().slice(0, 10) : 'unknown';
  const seedKey = `${dayKey}|${f.scope.kind === 'coin' ? f.scope.coin : 'market'}|${moveText ?? ''}|${focus.price ?? ''}`;

  return {
    form,
    full: form === 'full',
    short: form === 'short',
    direction: f.direction,
    regime: f.regime,
    down: f.direction === 'down',
    up: f.direction === 'up',
    flat: f.direction === 'flat',
    known: f.regime !== 'unknown',
    scope: f.scope.kind,
    market: f.scope.kind === 'market',
    subject: f.scope.kind === 'market' ? 'crypto' : coinName(f.scope.coin),
    subject_cap: f.scope.kind === 'market' ? 'Crypto' : coinName(f.scope.coin),
    exchange: f.exchangeName || exchangeName(f.exchange),
    seed: seeds(seedKey, TEMPLATE_NAMES),
    focus,
    bench: bench ?? (f.scope.kind === 'market' ? focus : null),
    history: { days: book.text(f.hourlyDays), month: !!f.hourlyDays && f.hourlyDays.value >= 28 },
    coins,
    alts,
    others,
    alts_more: altsMore,
    alts_any_more: altsMore.length > 0,
    alts_most_more: alts.length > 0 && altsMore.length * 2 >= alts.length,
    move,
    basket,
    levels,
    extreme,
    liq,
    oi,
    funding,
    vol,
    corr,
    sentiment,
    holders,
    holders_any: holders.length > 0,
    breadth,
    references,
    references_any: references.length > 0,
    drivers,
    within_normal: f.withinNormal,
    replay: replayText ? { datetime: replayText } : null,
    asof: asofText ? { datetime: asofText } : null,
    sources: joinList(baseSources(f.sources)) || null,
  };
}
