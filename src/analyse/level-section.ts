// The levels section: supports, resistance and the level crossed, from the focus coin's hourly and daily candles.
import type { CoinFacts, LevelFacts } from './facts.ts';
import { levelHistory } from './level-history.ts';
import { findLevels } from './levels.ts';
import { DAY, HOUR } from './spans.ts';
import type { MarketView } from './view.ts';

/** Levels around the focus coin's price; none without a price or candles. */
export function levelFacts(view: MarketView, focus: CoinFacts): LevelFacts {
  const fh = view.hourly(focus.coin);
  const fd = view.daily(focus.coin);
  const lastHourly = fh.candles[fh.candles.length - 1];
  const lastDaily = fd.candles[fd.candles.length - 1];
  const candleAsOf = Math.max(lastHourly ? lastHourly.t + HOUR : -Infinity, lastDaily ? lastDaily.t + DAY : -Infinity);
  if (!focus.price || !Number.isFinite(candleAsOf)) return { supports: [] };
  const from = [fh.candles.length ? fh.source : '', fd.candles.length ? fd.source : ''].filter(Boolean).join(' and ');
  const source = `computed from ${from} (prices traded: swing points, prior-day and prior-week ranges)`;
  const start = focus.change24h ? focus.price.value / (1 + focus.change24h.value / 100) : undefined;
  const levels = findLevels(
    { price: focus.price.value, hourly: fh.candles, daily: fd.candles, now: view.now, opts: view.opts.levels },
    start,
    {
      coin: focus.coin,
      source,
      asOf: candleAsOf,
    },
  );
  const broken = levels.broken;
  if (!broken || !start) return levels;
  const history = levelHistory({
    coin: focus.coin,
    level: broken,
    direction: focus.price.value < start ? 'down' : 'up',
    daily: fd.candles,
    source: fd.source,
    before: view.now - DAY,
  });
  return history ? { ...levels, broken: { ...broken, history } } : levels;
}
