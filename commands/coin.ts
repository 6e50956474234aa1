// Turns what a user typed for a coin into a tracked symbol, or an UnknownCoinError that quotes it safely.
import { UnknownCoinError } from '../src/core/errors.ts';
import { quoteForUser } from './options.ts';

/**
 * Resolve a typed coin (`eth`, `$SOL`, `ＥＴＨ`, ` Btc `) against the tracked coins (upper case). Throws UnknownCoinError
 * with the input quoted (control characters removed, shortened) when it is not tracked.
 */
export function resolveCoin(typed: string, tracked: readonly string[]): string {
  const symbol = typed.normalize('NFKC').trim().replace(/^\$/, '').toUpperCase();
  const found = tracked.find((coin) => coin === symbol);
  if (found === undefined) throw new UnknownCoinError(quoteForUser(typed.trim()) || '(nothing)', [...tracked]);
  return found;
}
