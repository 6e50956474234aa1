// Turns what the liquidation store holds into the snapshot's LiquidationSummary: totals per window
// (1h, 4h, 24h, 7d, 30d) by side, coin and exchange, the largest single liquidation, the coverage of
// each window, and daily totals for a 30-day baseline. Windows nobody collected are left out.
import type { LiquidationRepo } from '../../store/liquidations/repo.ts';
import { collectedShare } from '../../store/liquidations/coverage.ts';
import { DAY_MS, MINUTE_MS, type SeriesTotal } from '../../store/liquidations/types.ts';
import { exchangeName } from '../../core/markets.ts';
import type {
  LiquidationHour,
  LiquidationSides,
  LiquidationSummary,
  LiquidationWindow,
  LiquidationWindowName,
  Part,
} from '../types.ts';

/** Length of each summary window in ms. */
export const LIQUIDATION_WINDOWS: Readonly<Record<LiquidationWindowName, number>> = {
  '1h': 3_600_000,
  '4h': 4 * 3_600_000,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

/** Options of the summary functions. */
export interface SummaryOptions {
  /** Only these coins appear in `byCoin` (the totals still cover every coin collected). */
  coins?: readonly string[];
}

/** Days in the `daily` baseline. */
export const BASELINE_DAYS = 30;

const emptySides = (): LiquidationSides => ({ longsUsd: 0, shortsUsd: 0, count: 0 });

function addTo(sides: LiquidationSides, t: { side: 'long' | 'short'; count: number; cents: number }): void {
  if (t.side === 'long') sides.longsUsd += t.cents;
  else sides.shortsUsd += t.cents;
  sides.count += t.count;
}

/** Convert the cent sums accumulated by addTo into dollars. */
function inDollars(sides: LiquidationSides): LiquidationSides {
  return { longsUsd: sides.longsUsd / 100, shortsUsd: sides.shortsUsd / 100, count: sides.count };
}

function group(totals: SeriesTotal[], key: (t: SeriesTotal) => string): Record<string, LiquidationSides> {
  const out: Record<string, LiquidationSides> = {};
  for (const t of totals) addTo((out[key(t)] ??= emptySides()), t);
  for (const k of Object.keys(out)) out[k] = inDollars(out[k]!);
  return out;
}

/**
 * One window ending at `now`. The window starts at the first whole minute at or after `now - length`
 * (so the sum never includes events from before the window), and ends at `now`. Returns undefined when
 * no collector was connected at any time during the window.
 */
export async function liquidationWindow(
  store: LiquidationRepo,
  name: LiquidationWindowName,
  now: number,
  options: SummaryOptions = {},
): Promise<LiquidationWindow | undefined> {
  const startMinute = Math.ceil((now - LIQUIDATION_WINDOWS[name]) / MINUTE_MS);
  const endMinute = Math.floor(now / MINUTE_MS);
  const from = startMinute * MINUTE_MS;
  const coverage = await store.coverage(from, now, now);
  if (coverage.exchanges.length === 0 || coverage.collectedShare <= 0) return undefined;
  const totals = await store.totals(startMinute, endMinute);
  const all = emptySides();
  for (const t of totals) addTo(all, t);
  const sides = inDollars(all);
  const largest = await store.largest(startMinute, endMinute);
  return {
    window: name,
    from,
    to: now,
    ...sides,
    totalUsd: (all.longsUsd + all.shortsUsd) / 100,
    byCoin: group(options.coins ? totals.filter((t) => options.coins!.includes(t.coin)) : totals, (t) => t.coin),
    byExchange: group(totals, (t) => t.exchange),
    ...(largest
      ? {
          largest: {
            exchange: largest.exchange,
            symbol: largest.symbol,
            coin: largest.coin,
            side: largest.side,
            usd: largest.cents / 100,
            at: largest.at,
          },
        }
      : {}),
    coverage: {
      exchanges: coverage.exchanges,
      collectedShare: coverage.collectedShare,
      ...(coverage.collectingSince !== undefined ? { collectingSince: coverage.collectingSince } : {}),
    },
  };
}

/** Everything the store knows at `now`: every window somebody collected, and the daily baseline. */
export async function summariseLiquidations(
  store: LiquidationRepo,
  now: number,
  options: SummaryOptions = {},
): Promise<LiquidationSummary> {
  const windows: LiquidationSummary['windows'] = {};
  for (const name of Object.keys(LIQUIDATION_WINDOWS) as LiquidationWindowName[]) {
    const w = await liquidationWindow(store, name, now, options);
    if (w) windows[name] = w;
  }
  const hourly = options.coins
    ? Object.fromEntries(
        await Promise.all(
          options.coins.map(
            async (coin) => [coin, await liquidationHours(store, coin, now - BASELINE_DAYS * DAY_MS, now)] as const,
          ),
        ),
      )
    : undefined;
  return { windows, daily: await dailyBaseline(store, now), ...(hourly ? { hourly } : {}) };
}

const HOUR_MS = 3_600_000;

/**
 * Liquidations of `coin` per UTC hour for the hours overlapping [from, now], oldest first, judged at `now`.
 * Hours during which no collector was connected are left out (not zero); a covered hour with nothing
 * liquidated is a bar of zeros. The newest hour holds what was collected so far.
 */
export async function liquidationHours(
  store: LiquidationRepo,
  coin: string,
  from: number,
  now: number,
): Promise<LiquidationHour[]> {
  const first = Math.floor(from / HOUR_MS) * HOUR_MS;
  if (!(now > first)) return [];
  const sessions = (await store.coverage(first, now, now)).sessions;
  const byHour = new Map<number, { long: number; short: number }>();
  for (const row of await store.hourly(coin, first / MINUTE_MS, Math.floor(now / MINUTE_MS))) {
    const cents = byHour.get(row.hour) ?? byHour.set(row.hour, { long: 0, short: 0 }).get(row.hour)!;
    cents[row.side] += row.cents;
  }
  const out: LiquidationHour[] = [];
  for (let t = first; t <= now; t += HOUR_MS) {
    if (collectedShare(sessions, t, Math.min(t + HOUR_MS, now)) <= 0) continue;
    const cents = byHour.get(t);
    out.push({ t, longsUsd: (cents?.long ?? 0) / 100, shortsUsd: (cents?.short ?? 0) / 100 });
  }
  return out;
}

/**
 * Totals per UTC day for the last BASELINE_DAYS days (today included, so far), oldest first. Days no
 * collector covered are left out rather than shown as zero; `collectedShare` says how much of each
 * day (of its elapsed part, for today) was collected.
 */
export async function dailyBaseline(store: LiquidationRepo, now: number): Promise<LiquidationSummary['daily']> {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const first = today - (BASELINE_DAYS - 1) * DAY_MS;
  const sessions = (await store.coverage(first, now, now)).sessions;
  const byDay = new Map<number, LiquidationSides>();
  for (const row of await store.daily(first, now))
    addTo(byDay.get(row.day) ?? byDay.set(row.day, emptySides()).get(row.day)!, row);
  const out: LiquidationSummary['daily'] = [];
  for (let day = first; day <= today; day += DAY_MS) {
    const share = collectedShare(sessions, day, Math.min(day + DAY_MS, now));
    if (share <= 0) continue;
    out.push({ day, ...inDollars(byDay.get(day) ?? emptySides()), collectedShare: share });
  }
  return out;
}

/** Names of the exchanges for a source line, e.g. "Binance USD-M, Bybit and OKX". */
export function exchangeList(ids: readonly string[]): string {
  const names = ids.map(exchangeName);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The snapshot part: the summary with its source and the time its data runs to, or Missing when
 * nothing was collected in the last 30 days (never a summary of zeros).
 */
export async function liquidationsPart(
  store: LiquidationRepo,
  now: number,
  options: SummaryOptions = {},
): Promise<Part<LiquidationSummary>> {
  const summary = await summariseLiquidations(store, now, options);
  const widest = summary.windows['30d'];
  if (!widest) {
    return {
      ok: false,
      source: 'whybot liquidation collector',
      reason: 'no liquidations collected in the last 30 days',
    };
  }
  const asOf = Math.min(now, Math.max(...(await store.coverage(widest.from, now, now)).sessions.map((s) => s.end)));
  return {
    ok: true,
    value: summary,
    source: `whybot liquidation collector (${exchangeList(widest.coverage.exchanges)} websocket streams)`,
    asOf,
  };
}
