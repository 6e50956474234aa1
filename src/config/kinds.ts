// The kinds of setting value shared by the schemas: numbers written in decimal, whole numbers with a sane range
// (never above what a Node timer holds, so a huge timeout is refused rather than silently cut to 1 ms) and URLs
// limited to the schemes whybot can use.
import { z } from 'zod';

/** The longest delay a Node timer holds, ms (2^31-1); setTimeout turns anything longer into 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A number written in decimal digits (`30`, `-2.5`); `0x1000`, `1e3` or `Infinity` are refused, not converted. */
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A number setting: the text must be a plain decimal, then `check` (a z.number() with its bounds) applies.
 * Use instead of z.coerce.number(), which reads `0x1000` as 4096 and `` as 0.
 */
export function numberSetting<T extends z.ZodType<number, number>>(check: T) {
  return z.string().trim().regex(DECIMAL, 'must be a number').transform(Number).pipe(check);
}

/** A whole number setting within [min, max], with its default. */
export function intSetting(min: number, max: number, fallback: number) {
  return numberSetting(z.number().int().min(min).max(max)).default(fallback);
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

/** A redis:// or rediss:// URL setting. */
export const redisUrl = () => urlSetting(['redis', 'rediss']);

/** A ws:// or wss:// URL setting. */
export const wsUrl = () => urlSetting(['ws', 'wss']);
