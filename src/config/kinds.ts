// The kinds of setting value shared by the schemas: whole numbers with a sane range (never above what a
// Node timer holds, so a huge timeout is refused rather than silently cut to 1 ms) and URLs limited to the
// schemes whybot can use.
import { z } from 'zod';

/** The longest delay a Node timer holds, ms (2^31-1); setTimeout turns anything longer into 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A whole number setting within [min, max], with its default. */
export function intSetting(min: number, max: number, fallback: number) {
  return z.coerce.number().int().min(min).max(max).default(fallback);
}

/** A URL setting with one of `schemes` (e.g. http and https). */
export function urlSetting(schemes: readonly string[]) {
  const names = schemes.map((s) => `${s}://`).join(' or ');
  return z
    .string()
    .url()
    .refine((text) => {
      try {
        return schemes.includes(new URL(text).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    }, `must be a URL starting with ${names}`);
}

/** An http:// or https:// URL setting. */
export const httpUrl = () => urlSetting(['http', 'https']);

/** A ws:// or wss:// URL setting. */
export const wsUrl = () => urlSetting(['ws', 'wss']);
