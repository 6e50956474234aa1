// Walks a Facts object and lists every Fact in it (for sources, traceability and the JSON output).
import type { Fact } from './fact.ts';

/** True for an object shaped like a Fact. */
export function isFact(x: unknown): x is Fact {
  if (!x || typeof x !== 'object') return false;
  const f = x as Record<string, unknown>;
  return (
    typeof f.id === 'string' &&
    typeof f.unit === 'string' &&
    typeof f.value === 'number' &&
    typeof f.source === 'string' &&
    typeof f.asOf === 'number'
  );
}

/** Every Fact reachable from `root`, each once, in the order found. */
export function collectFacts(root: unknown): Fact[] {
  const seen = new Set<unknown>();
  const out: Fact[] = [];
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (isFact(x)) {
      out.push(x);
      return;
    }
    for (const v of Array.isArray(x) ? x : Object.values(x)) walk(v);
  };
  walk(root);
  return out;
}
