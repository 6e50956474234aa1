// Helpers every section's context builder shares: up/down tests on printed changes, and honest window names.
import type { Fact } from '../../analyse/fact.ts';
import type { DataWindow } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';

/** True when a percentage prints as zero at one decimal ("0.0%" in any language). */
export function printsAsZero(v: number): boolean {
  return Math.abs(v) < 0.05;
}

/** True when the change is printed, does not print as "0.0%", and the value is below zero. */
export function isDown(f: Fact | undefined, text: string | null): boolean {
  return !!f && !!text && f.value < 0 && !printsAsZero(f.value);
}

/** True when the change is printed, does not print as "0.0%", and the value is above zero. */
export function isUp(f: Fact | undefined, text: string | null): boolean {
  return !!f && !!text && f.value > 0 && !printsAsZero(f.value);
}

/**
 * How to name a window's data honestly: `named` ("the past day", "the past week", "the past month") when the data
 * covers all of it, otherwise "the past 6 hours of data" with the real length (a registered figure).
 */
export function spanText(w: DataWindow | undefined, named: 'day' | 'week' | 'month', book: FigureBook): string | null {
  if (!w) return null;
  if (w.full) return book.words.t(`span.${named}`);
  const n = book.text(w.length);
  if (!n) return null;
  return book.words.t(w.lengthUnit === 'hours' ? 'span.data_hours' : 'span.data_days', { n: w.length.value, count: n });
}
