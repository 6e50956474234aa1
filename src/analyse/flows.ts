// US spot ETF daily net flows: the latest day per product (within four days of now), its size as a fact with the
// operator's named source, and its rank among the file's days when it is among the three largest of its sign over
// at least FLOW_RANK_MIN_DAYS days. Pure.
import type { Evidence } from '../core/evidence.ts';
import type { FlowsPart, Part } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { FlowsFacts } from './facts.ts';
import { partValue } from './fresh.ts';

const DAY = 86_400_000;
/** The latest day is stated only when it is at most this old. */
export const FLOW_MAX_AGE_MS = 4 * DAY;
/** A rank ("the second-largest outflow") needs at least this many days of that product in the file. */
export const FLOW_RANK_MIN_DAYS = 20;

/** Flows facts, or undefined without the part. */
export function flowsFacts(part: Part<FlowsPart> | undefined, now: number, gaps: string[]): FlowsFacts | undefined {
  const got = partValue(part, 'flows', gaps);
  if (!got) return undefined;
  const out: FlowsFacts = { latest: [], evidence: [] };
  for (const product of ['us-spot-btc-etf', 'us-spot-eth-etf'] as const) {
    const days = got.value.days.filter((d) => d.product === product);
    const last = days[days.length - 1];
    if (!last) continue;
    if (now - last.day > FLOW_MAX_AGE_MS) {
      gaps.push(`flows: ${product} newest day is more than four days old`);
      continue;
    }
    const src = `${last.source} (${got.source})`;
    const asOf = last.day + DAY;
    const net = fact(`flows.${product}.net`, `Net flow into ${product}`, last.netUsd, 'usd', src, asOf);
    const day = fact(`flows.${product}.day`, `Day of the ${product} flow`, last.day, 'date', src, asOf);
    if (!net || !day) continue;
    const sameSign = days.filter((d) => Math.sign(d.netUsd) === Math.sign(last.netUsd) && d.netUsd !== 0);
    const rank = sameSign.filter((d) => Math.abs(d.netUsd) > Math.abs(last.netUsd)).length + 1;
    const ranked = days.length >= FLOW_RANK_MIN_DAYS && rank <= 3 && last.netUsd !== 0;
    const fileDays = fact(
      `flows.${product}.days`,
      `Days of ${product} flows on file`,
      days.length,
      'days',
      got.source,
      asOf,
    );
    out.latest.push({ product, net, day, ...(ranked && fileDays ? { rank, fileDays } : {}) });
    const evidence: Evidence = {
      kind: 'flows',
      what: `${product} ${last.netUsd < 0 ? 'outflow' : 'inflow'}`,
      at: asOf,
      source: last.source,
      id: `flows:${product}:${new Date(last.day).toISOString().slice(0, 10)}`,
      ...(/^https?:\/\//.test(last.source) ? { link: last.source } : {}),
    };
    out.evidence.push(evidence);
  }
  return out.latest.length ? out : undefined;
}
