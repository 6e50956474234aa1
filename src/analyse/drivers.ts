// The drivers: each candidate cause of the move scored 0..1 from the facts, ranked, weak ones dropped.
// A driver is only ever named when the data behind it is present; nothing is scored from absence.
import type { Driver, DriverId, Facts } from './facts.ts';
import type { AnalysisOptions } from './options.ts';
import { clamp } from './stats.ts';

/** The facts the drivers are scored from (everything except the drivers themselves). */
export type DriverInputs = Omit<Facts, 'drivers' | 'cause' | 'readings' | 'withinNormal' | 'sources' | 'gaps'>;

/** Score every candidate, drop those under `minScore`, strongest first. */
export function rankDrivers(f: DriverInputs, o: AnalysisOptions['drivers']): Driver[] {
  const out: Driver[] = [];
  const add = (id: DriverId, score: number, factIds: Array<string | undefined>) => {
    if (Number.isFinite(score) && score >= o.minScore)
      out.push({ id, score: clamp(score), factIds: factIds.filter((x): x is string => !!x) });
  };
  const dir = f.direction;

  // Forced selling (or buying) well above its usual level, on the side that matches the move: the liquidation
  // data's own long/short split must show it (never assumed from the price direction).
  const liq = f.liquidations;
  if (liq?.baselineRatio && liq.baselineRatio.value >= o.liquidationRatio && dir !== 'flat') {
    // the side the data shows more of is the one a fall (longs) or a rise (shorts) would force out
    const sideMatches = liq.side === (dir === 'down' ? 'long' : 'short');
    if (sideMatches)
      add('liquidation-cascade', clamp((liq.baselineRatio.value - 1) / 3), [
        liq.baselineRatio.id,
        liq.day.total?.id,
        liq.focusDay?.id,
      ]);
  }

  // Positions closing: open interest falling over the day (more when the month shows the same).
  const oi = f.openInterest;
  if (oi?.change24hPct && oi.change24hPct.value <= o.oiDropPct && dir !== 'flat') {
    const month = oi.changeLongPct && oi.changeLongPct.value <= o.oiMonthDropPct ? 0.2 : 0;
    add('leverage-unwind', clamp(Math.abs(oi.change24hPct.value) / 8) + month, [
      oi.change24hPct.id,
      oi.changeLongPct?.id,
    ]);
  }

  // A level that stood before the move gave way; a long-unseen extreme adds weight.
  if (f.levels.broken && dir !== 'flat') {
    const old =
      f.extreme?.since && f.asOf - f.extreme.since.value > 90 * 86_400_000 ? 0.2 : f.extreme?.dataDays ? 0.1 : 0;
    add('level-break', f.levels.broken.strength + old, [f.levels.broken.price.id, f.extreme?.since?.id]);
  }

  // Alts moving more than the benchmark in the direction of the market.
  const alts = f.coins.filter((c) => c.coin !== f.benchmark?.coin && c.change24h);
  if (f.scope.kind === 'market' && alts.length > 0 && dir !== 'flat') {
    const more = alts.filter((c) => c.movedMore);
    const ratios = more.map((c) => c.ratioToBenchmark?.value).filter((x): x is number => x !== undefined);
    if (more.length * 2 >= alts.length) {
      const avg = ratios.length ? ratios.reduce((s, x) => s + x, 0) / ratios.length : 1.5;
      add(
        'alt-stress',
        clamp((avg - 1) / 1.5) * (more.length / alts.length),
        more.map((c) => c.change24h?.id),
      );
    }
  }

  // Funding below zero across markets: shorts paying longs, a crowded bearish book.
  const fu = f.funding;
  if (fu && fu.marketCount.value > 0) {
    const share = fu.negativeCount.value / fu.marketCount.value;
    if (share >= 0.5 || fu.mean.value < 0)
      add('negative-funding', 0.2 + 0.4 * share, [fu.mean.id, fu.negativeCount.id]);
  }

  // Extreme fear on a fall, extreme greed on a rise.
  const s = f.sentiment;
  if (s && dir === 'down' && s.value.value <= o.fearIndex)
    add('sentiment', 0.3 + ((o.fearIndex - s.value.value) / Math.max(1, o.fearIndex)) * 0.4, [s.value.id]);
  if (s && dir === 'up' && s.value.value >= o.greedIndex)
    add('sentiment', 0.3 + ((s.value.value - o.greedIndex) / Math.max(1, 100 - o.greedIndex)) * 0.4, [s.value.id]);

  // A large holder's paper loss is context (the holders section states it), never a driver of the move.

  // Hourly swings far above their norm.
  const v = f.volatility?.ratio;
  if (v && v.value >= o.volatilityRatio && dir !== 'flat') add('volatility-shock', clamp((v.value - 1) / 2.5), [v.id]);

  // Reference assets outside crypto (tokenized gold) moving the same way by at least crossAssetPct.
  if (dir !== 'flat' && f.breadth) {
    const sign = dir === 'down' ? -1 : 1;
    const moved = f.breadth.references.filter((r) => r.change.value * sign >= o.crossAssetPct);
    if (moved.length > 0) {
      const biggest = Math.max(...moved.map((r) => Math.abs(r.change.value)));
      add(
        'cross-asset',
        0.3 + clamp(biggest / 5) * 0.4,
        moved.map((r) => r.change.id),
      );
    }
  }
  return out.sort((a, b) => b.score - a.score);
}
