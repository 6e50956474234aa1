// The one cause line: which evidenced driver the lede names, by written rules (docs/DESIGN.md, "The cause line").
// Candidates are taken in a fixed order of strength of evidence; the first that the data shows is named, and when
// none does the article says plainly that no single trigger shows in the data. Pure.
//
//   1. headline     a themed headline in the feeds shortly before the move began or before/inside its fastest
//                   stretch (news.ts decides what lines up)
//   2. leverage     a leverage flush: liquidations at least `liquidationRatio` times a normal day, mostly on the
//                   side the move forced out (by the liquidation data's own long/short split), and open interest
//                   down at least `oiDropPct` over the day
//   3. level        a level that had held gave way on the move
//   4. none         no single trigger shows
//
// Timing evidence comes first because it is the only kind that says what came before the move; the rest describe
// the move's mechanics. Thresholds are the drivers' (options.ts), the same numbers the templates' wording uses.
import type { AnalysisOptions } from './options.ts';
import type { DriverInputs } from './drivers.ts';

/** What the lede names as the move's clearest driver. */
export type CauseKind = 'headline' | 'leverage' | 'level' | 'none';

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
  if (lead) return { kind: 'headline', factIds: [lead.publishedAt.id] };
  if (leverageFlush(f, o)) {
    const liq = f.liquidations!;
    return {
      kind: 'leverage',
      factIds: [liq.baselineRatio!.id, liq.sideShare!.id, f.openInterest!.change24hPct!.id],
    };
  }
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
    !!liq.sideShare &&
    liq.sideShare.value >= 50 &&
    !!oi &&
    oi.value <= o.oiDropPct
  );
}
