// Alts in the market article: the tracked coin hit hardest (or lifted most) the day's way, ETH against BTC, and
// whether the alts as a group moved two times or more as far as the benchmark (the day's story, for most readers).
import type { AltFacts, CoinFacts, MoveDirection } from './facts.ts';
import { fact } from './fact.ts';

/** The median move relative to the benchmark at or above which "the alts" are the story of the day. */
export const ALT_STORY_MULTIPLE = 2;

/** Inputs: every tracked coin's facts (the benchmark among them) and the day's direction. */
export interface AltInputs {
  coins: CoinFacts[];
  benchmark: string;
  direction: MoveDirection;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The alt facts of a market article, or undefined with fewer than two coins with a fresh 24h change. */
export function altFacts(inp: AltInputs): AltFacts | undefined {
  const known = inp.coins.filter((c) => c.change24h);
  if (known.length < 2 || inp.direction === 'flat') return undefined;
  const sign = inp.direction === 'down' ? -1 : 1;
  // the coin that went furthest the day's way: lowest change on a fall, highest on a rise
  const leader = known.reduce((best, c) => (c.change24h!.value * sign > best.change24h!.value * sign ? c : best));
  const out: AltFacts = {
    leader: { coin: leader.coin, change: leader.change24h!, ratio: leader.ratioToBenchmark },
    story: false,
  };
  const bench = known.find((c) => c.coin === inp.benchmark);
  const eth = known.find((c) => c.coin === 'ETH');
  if (bench && eth && eth.coin !== bench.coin) {
    const e = eth.change24h!;
    const b = bench.change24h!;
    out.ethVsBench = fact(
      `ETH${inp.benchmark}.change24h`,
      `ETH/${inp.benchmark} 24h change`,
      ((1 + e.value / 100) / (1 + b.value / 100) - 1) * 100,
      'pct',
      `computed from ${e.source}`,
      Math.min(e.asOf, b.asOf),
    );
  }
  const ratios = known.filter((c) => c.coin !== inp.benchmark && c.ratioToBenchmark).map((c) => c.ratioToBenchmark!);
  const alts = known.filter((c) => c.coin !== inp.benchmark);
  // the multiple says something about the group only when most alts have one (same direction as the benchmark)
  if (ratios.length >= 2 && ratios.length * 2 > alts.length) {
    const m = median(ratios.map((r) => r.value));
    out.medianMultiple = fact(
      'alts.medianMultiple',
      `Median alt move relative to ${inp.benchmark}'s`,
      m,
      'multiple',
      ratios[0]!.source,
      Math.min(...ratios.map((r) => r.asOf)),
    );
    out.story = m >= ALT_STORY_MULTIPLE;
  }
  return out;
}
