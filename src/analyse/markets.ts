// Markets beyond crypto over the same window as the crypto move: each market's change while it traded (or that it
// was closed), and whether the selling (buying) went beyond crypto by a written rule: a stock index future moving
// at least CROSS_MARKET_PCT the same way is a risk-off (risk-on) day; every open stock index future within
// QUIET_PCT (or against the move) means crypto moved on its own; otherwise nothing is said. Pure.
import type { Evidence } from '../core/evidence.ts';
import type { MarketId, MarketsPart, Part } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { MarketsFacts, MoveDirection } from './facts.ts';
import { partValue } from './fresh.ts';

const HOUR = 3_600_000;
/** A stock index future moving at least this much (percent) the crypto move's way makes it a cross-market day. */
export const CROSS_MARKET_PCT = 1;
/** Stock index futures all within this much (percent), or against the move: crypto moved on its own. */
export const QUIET_PCT = 0.5;
/** The stock index futures the rule reads. */
export const EQUITY_MARKETS: readonly MarketId[] = ['nasdaq100-futures', 'sp500-futures'];

/** What the markets analysis reads. */
export interface MarketsInputs {
  part: Part<MarketsPart> | undefined;
  /** The crypto move's window (its leg, else the last 24 hours), epoch ms. */
  from: number;
  to: number;
  direction: MoveDirection;
  gaps: string[];
}

/** Markets facts, or undefined without the part. */
export function marketsFacts(inp: MarketsInputs): MarketsFacts | undefined {
  const got = partValue(inp.part, 'markets', inp.gaps);
  if (!got) return undefined;
  const { from, to } = inp;
  const markets: MarketsFacts['markets'] = [];
  for (const s of got.value.markets) {
    if (s.failed) continue;
    const inWindow = s.candles.filter((c) => c.t >= from && c.t < to);
    if (inWindow.length === 0) {
      markets.push({ id: s.id, closed: true });
      continue;
    }
    const first = inWindow[0]!;
    const last = inWindow[inWindow.length - 1]!;
    const span = { from: first.t, to: last.t + HOUR };
    const change = fact(
      `markets.${s.id}.change`,
      `${s.id} change over the crypto move's hours`,
      (last.c / first.o - 1) * 100,
      'pct',
      `computed from ${got.source}`,
      span.to,
      span,
    );
    if (change) markets.push({ id: s.id, closed: false, change, partial: span.to - span.from < to - from });
  }
  const equities = markets.filter((m) => EQUITY_MARKETS.includes(m.id));
  const open = equities.filter((m) => !m.closed && m.change);
  const sign = inp.direction === 'down' ? -1 : inp.direction === 'up' ? 1 : 0;
  let verdict: MarketsFacts['verdict'];
  if (sign !== 0 && equities.length > 0 && open.length === 0) verdict = 'closed';
  else if (sign !== 0 && open.some((m) => sign * m.change!.value >= CROSS_MARKET_PCT)) verdict = 'beyond-crypto';
  else if (sign !== 0 && open.length > 0 && open.every((m) => sign * m.change!.value < QUIET_PCT))
    verdict = 'crypto-alone';
  const evidence: Evidence[] = markets
    .filter((m) => m.change && Math.abs(m.change.value) >= CROSS_MARKET_PCT)
    .map((m) => ({
      kind: 'markets',
      what: `${m.id} ${m.change!.value < 0 ? 'down' : 'up'}`,
      at: m.change!.asOf,
      source: got.source,
      id: `markets:${m.id}:${new Date(to).toISOString()}`,
    }));
  return { markets, ...(verdict ? { verdict } : {}), evidence };
}
