// Ranking a value against the days on record: "the largest in the 412 days of records", "the most since 5 August
// 2024", "the lowest since ...". Pure; days are plain (time, value) pairs.

/** How today's value stands among the earlier days. */
export interface Standing {
  /** 1 = the most extreme of all (a record); 2 = second ... */
  rank: number;
  /** Days compared, today included. */
  days: number;
  /** The last earlier day as extreme as today or more (absent for a record). */
  since?: number | undefined;
}

/**
 * Where `today` stands among `history` (earlier days, any order), counting `more` as more extreme: 'high' for the
 * largest liquidations, 'low' for the deepest drop or the lowest funding. Undefined without history.
 */
export function standing(
  history: ReadonlyArray<{ t: number; value: number }>,
  today: number,
  more: 'high' | 'low',
): Standing | undefined {
  const valid = history.filter((d) => Number.isFinite(d.value) && Number.isFinite(d.t));
  if (valid.length === 0 || !Number.isFinite(today)) return undefined;
  const beyond = (v: number) => (more === 'high' ? v >= today : v <= today);
  const ahead = valid.filter((d) => beyond(d.value));
  const since = ahead.length ? Math.max(...ahead.map((d) => d.t)) : undefined;
  return { rank: ahead.length + 1, days: valid.length + 1, ...(since !== undefined ? { since } : {}) };
}
