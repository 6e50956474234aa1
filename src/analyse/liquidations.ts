// Liquidations collected by whybot: the day's totals, longs against shorts and the side the data shows more of
// (never inferred from the price move) over 24h/7d/30d, the count, the totals per venue, the largest single one,
// and how the day compares with its own 30-day baseline. Totals are lower bounds; zero amounts are not stated.
import type { LiquidationSides, LiquidationSummary, LiquidationWindow, Part } from '../gather/types.ts';
import type { LiquidationFacts, Scope } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import { isFresh, isNum, isPositive, partValue } from './fresh.ts';
import { mean } from './stats.ts';

const DAY = 86_400_000;

/** Inputs for the liquidation facts. */
export interface LiquidationInputs {
  part: Part<LiquidationSummary> | undefined;
  scope: Scope;
  /** The coin whose side is reported over 24h/7d/30d (BTC in a market article, the coin in a per-coin one). */
  focusCoin: string;
  now: number;
  maxAgeMs: number;
  minBaselineDays: number;
  gaps: string[];
}

function sidesOf(w: LiquidationWindow, scope: Scope): LiquidationSides | undefined {
  if (scope.kind === 'market') return w;
  return w.byCoin?.[scope.coin];
}

function usd(id: string, label: string, v: unknown, source: string, asOf: number): Fact | undefined {
  return isPositive(v) ? fact(id, label, v, 'usd', source, asOf) : undefined;
}

/** Liquidation facts, or undefined when there is no fresh 24h window with anything in it. */
export function liquidationFacts(inp: LiquidationInputs): LiquidationFacts | undefined {
  const got = partValue(inp.part, 'liquidations', inp.gaps);
  if (!got || !got.value.windows) return undefined;
  const { windows } = got.value;
  const fresh = (w: LiquidationWindow | undefined) => (w && isFresh(w.to, inp.now, inp.maxAgeMs) ? w : undefined);
  const w24 = fresh(windows['24h']);
  if (!w24) {
    inp.gaps.push('liquidations: no fresh 24h window');
    return undefined;
  }
  const src = got.source;
  const at = w24.to;
  const s24 = sidesOf(w24, inp.scope);
  const longs = s24?.longsUsd;
  const shorts = s24?.shortsUsd;
  const totalRaw =
    inp.scope.kind === 'market' ? w24.totalUsd : (isNum(longs) ? longs : 0) + (isNum(shorts) ? shorts : 0);
  const who = inp.scope.kind === 'market' ? 'tracked coins' : inp.scope.coin;
  const day = {
    total: usd('liq.24h.total', `Liquidations 24h (${who})`, totalRaw, src, at),
    longs: usd('liq.24h.longs', `Longs liquidated 24h (${who})`, longs, src, at),
    shorts: usd('liq.24h.shorts', `Shorts liquidated 24h (${who})`, shorts, src, at),
  };
  // the side the data shows more of; the direction of the price is no evidence of who was liquidated
  const side: 'long' | 'short' = (isNum(shorts) ? shorts : 0) > (isNum(longs) ? longs : 0) ? 'short' : 'long';
  const counted = isNum(s24?.count) && s24.count > 0 ? s24.count : undefined;
  const count =
    counted === undefined
      ? undefined
      : fact('liq.24h.count', `Liquidations counted 24h (${who})`, counted, 'count', src, at);
  const byExchange =
    inp.scope.kind === 'market'
      ? Object.entries(w24.byExchange ?? {})
          .map(([exchange, s]) => ({
            exchange,
            usd: usd(
              `liq.24h.${exchange}.total`,
              `Liquidations 24h on ${exchange}`,
              // summed in cents, as the store keeps them (no float noise in the figure's value)
              Math.round((isNum(s?.longsUsd) ? s.longsUsd : 0) * 100 + (isNum(s?.shortsUsd) ? s.shortsUsd : 0) * 100) /
                100,
              src,
              at,
            ),
          }))
          .filter((e): e is { exchange: string; usd: Fact } => e.usd !== undefined)
          .sort((a, b) => b.usd.value - a.usd.value)
      : [];
  const key = side === 'long' ? 'longsUsd' : 'shortsUsd';
  const fc = inp.focusCoin;
  const focusOf = (name: '24h' | '7d' | '30d') => {
    const w = fresh(windows[name]);
    return w
      ? usd(`liq.${name}.${fc}.${side}s`, `${fc} ${side}s liquidated ${name}`, w.byCoin?.[fc]?.[key], src, w.to)
      : undefined;
  };
  const coverage = w24.coverage ?? { exchanges: [], collectedShare: 0 };
  const since = isNum(coverage.collectingSince) ? coverage.collectingSince : undefined;
  // A longer window says something new only when collection began before the shorter one started;
  // otherwise it would repeat the same total ("$4.2M over the day, $4.2M over the week").
  const collectedBefore = (ms: number) => since === undefined || since < inp.now - ms;
  const focusDay = focusOf('24h');
  const focusWeek = collectedBefore(DAY) ? focusOf('7d') : undefined;
  const focusMonth = collectedBefore(7 * DAY) ? focusOf('30d') : undefined;
  const sideAmount = side === 'long' ? day.longs : day.shorts;
  const sideShare =
    sideAmount && day.total && sideAmount.value <= day.total.value
      ? fact(
          `liq.24h.${side}Share`,
          `Share of ${side}s in 24h liquidations`,
          (sideAmount.value / day.total.value) * 100,
          'share',
          `computed from ${src}`,
          at,
        )
      : undefined;

  let baselineRatio: Fact | undefined;
  let baselineDays: Fact | undefined;
  if (inp.scope.kind === 'market' && day.total && Array.isArray(got.value.daily)) {
    const startOk = since !== undefined ? Math.floor(since / DAY) * DAY + DAY : -Infinity; // first full day collected
    const days = got.value.daily.filter(
      (d) => d && isNum(d.day) && d.day >= startOk && d.day + DAY <= w24.from && d.day >= inp.now - 31 * DAY,
    );
    const totals = days.map((d) => (isNum(d.longsUsd) ? d.longsUsd : 0) + (isNum(d.shortsUsd) ? d.shortsUsd : 0));
    const m = mean(totals);
    if (totals.length >= inp.minBaselineDays && m > 0) {
      baselineRatio = fact(
        'liq.24h.baselineRatio',
        'Liquidations 24h against the 30-day daily mean',
        day.total.value / m,
        'multiple',
        `computed from ${src}`,
        at,
      );
      baselineDays = fact(
        'liq.baselineDays',
        'Days in the liquidation baseline',
        totals.length,
        'days',
        `computed from ${src}`,
        at,
      );
    }
  }

  if (!day.total && !day.longs && !day.shorts && !focusDay && !focusWeek && !focusMonth) return undefined;
  const largest = w24.largest;
  return {
    day,
    side,
    count,
    byExchange,
    focusCoin: fc,
    focusDay,
    focusWeek,
    focusMonth,
    sideShare,
    baselineRatio,
    baselineDays,
    exchanges: Array.isArray(coverage.exchanges) ? coverage.exchanges.filter((e) => typeof e === 'string') : [],
    collectedShare: isNum(coverage.collectedShare) ? Math.min(1, Math.max(0, coverage.collectedShare)) : 0,
    collectingSince:
      since !== undefined && since > inp.now - 30 * DAY && since <= inp.now
        ? fact('liq.collectingSince', 'Liquidation collection started', since, 'date', src, since)
        : undefined,
    largest:
      largest && isPositive(largest.usd) && (inp.scope.kind === 'market' || largest.coin === inp.scope.coin)
        ? (() => {
            const f = usd('liq.24h.largest', 'Largest single liquidation 24h', largest.usd, src, largest.at);
            const when = fact(
              'liq.24h.largestAt',
              'Time of the largest liquidation 24h',
              largest.at,
              'datetime',
              src,
              largest.at,
            );
            return f
              ? { coin: largest.coin, side: largest.side, usd: f, exchange: largest.exchange, at: when }
              : undefined;
          })()
        : undefined,
  };
}
