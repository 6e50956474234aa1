// The one cause line: which evidenced driver the lede names, by written rules (docs/DESIGN.md, "The cause line").
// Candidates are taken in a fixed order of strength of evidence; the first that the data shows is named, and when
// none does the article says plainly that no single trigger shows in the data. Pure.
//
//   1. headline     a themed headline in the feeds shortly before the move began or before/inside its fastest
//      or event     stretch (news.ts decides what lines up), or a scheduled macro event (FOMC, CPI, payrolls, PCE,
//                   BoJ; not CME's reopening or options expiries, which are routine) the move began within hours
//                   after (calendar.ts); when both line up, the nearer to its start
//   2. markets      the selling (buying) reached beyond crypto: a stock index future moved the same way by at
//                   least CROSS_MARKET_PCT over the same hours (markets.ts)
//   3. leverage     a leverage flush: liquidations at least `liquidationRatio` times a normal day, mostly on the
//                   side the move forced out (by the liquidation data's own long/short split), and open interest
//                   down at least `oiDropPct` over the day
//   4. flows        US spot ETF net flows the same way as the move, on a day within FLOW_MAX_AGE_MS (flows.ts)
//   5. level        a level that had held gave way on the move
//   6. none         no single trigger shows
//
// Timing evidence comes first because it is the only kind that says what came before the move; selling across
// markets next, as it says the move was not crypto's own; then the move's mechanics. Thresholds are the drivers' (options.ts), the same numbers the templates' wording uses.
import type { AnalysisOptions } from './options.ts';
import type { DriverInputs } from './drivers.ts';

/** Scheduled events that may be the cause line (the others are routine: CME's reopening, options expiries). */
export const CAUSE_EVENT_KINDS: readonly string[] = [
  'fomc-decision',
  'fomc-minutes',
  'us-cpi',
  'us-payrolls',
  'us-pce',
  'boj-decision',
];

/** What the lede names as the move's clearest driver. */
export type CauseKind = 'headline' | 'event' | 'markets' | 'leverage' | 'flows' | 'level' | 'none';

/** The cause line's choice and the facts behind it. */
export interface Cause {
  kind: CauseKind;
  /** Ids of the facts that show it (empty for none). */
  factIds: string[];
}

/** Apply the rules above to the facts. */
export function causeOf(f: DriverInputs, o: AnalysisOptions['drivers']): Cause {
  if (f.direction === 'flat') return { kind: 'none', factIds: [] };
  const lead = f.news?.aligned[0];
  // routine weekly and monthly events (CME's reopening, options expiries) are told in the trigger section, but
  // only a macro release or a central bank's decision is named as the cause line
  const scheduled = f.calendar?.beforeMove;
  const event = scheduled && CAUSE_EVENT_KINDS.includes(scheduled.kind) ? scheduled : undefined;
  if (lead && event) {
    const anchor = lead.when === 'before-fastest' ? f.news!.fastestStart : f.news!.moveStart;
    const headlineGap = Math.abs(anchor - lead.publishedAt.value);
    const eventGap = Math.abs(event.start.value - event.at.value);
    return eventGap <= headlineGap
      ? { kind: 'event', factIds: [event.at.id] }
      : { kind: 'headline', factIds: [lead.publishedAt.id] };
  }
  if (lead) return { kind: 'headline', factIds: [lead.publishedAt.id] };
  if (event) return { kind: 'event', factIds: [event.at.id] };
  if (f.markets?.verdict === 'beyond-crypto')
    return { kind: 'markets', factIds: f.markets.markets.flatMap((m) => (m.change ? [m.change.id] : [])) };
  if (leverageFlush(f, o)) {
    const liq = f.liquidations!;
    return {
      kind: 'leverage',
      factIds: [liq.baselineRatio!.id, liq.sideShare!.id, f.openInterest!.change24hPct!.id],
    };
  }
  const sign = f.direction === 'down' ? -1 : 1;
  const flows = f.flows?.latest.filter((x) => Math.sign(x.net.value) === sign) ?? [];
  if (flows.length > 0) return { kind: 'flows', factIds: flows.map((x) => x.net.id) };
  if (f.levels.broken) return { kind: 'level', factIds: [f.levels.broken.price.id] };
  return { kind: 'none', factIds: [] };
}

/**
 * A leverage flush in the data: liquidations well above a normal day, at least half of them on the side the move
 * forced out (the liquidation data's split, never assumed from the price), with open interest falling.
 */
export function leverageFlush(f: DriverInputs, o: AnalysisOptions['drivers']): boolean {
  const liq = f.liquidations;
  const oi = f.openInterest?.change24hPct;
  return (
    !!liq?.baselineRatio &&
    liq.baselineRatio.value >= o.liquidationRatio &&
    // the side the data shows more of (sideShare is its share) is the one the move forced out
    liq.side === (f.direction === 'down' ? 'long' : 'short') &&
    !!liq.sideShare &&
    liq.sideShare.value >= 50 &&
    !!oi &&
    oi.value <= o.oiDropPct
  );
}
