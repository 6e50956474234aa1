// Deterministic phrasing variants: a 32-bit FNV-1a hash of the day and the headline figures picks each
// section's variant, so the same snapshot always reads the same and a different day reads differently.

/** FNV-1a hash of a string, as a non-negative 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One seed per name, from a shared key (e.g. "2024-08-05|-15.2%|$51,588"). */
export function seeds(key: string, names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n.replace(/-/g, '_'), hashString(`${key}|${n}`)]));
}
