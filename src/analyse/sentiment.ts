// Sentiment (Fear & Greed or similar): the index value and its own classification, when fresh.
import type { Part, SentimentReading } from '../gather/types.ts';
import type { SentimentFacts } from './facts.ts';
import { fact } from './fact.ts';
import { isFresh, isNum, partValue } from './fresh.ts';

/**
 * Printable text from outside data (an index classification, a holder's name): letters, digits, spaces and
 * plain punctuation only (no "$", markup or control characters), trimmed, capped in length.
 */
export function cleanLabel(s: unknown, max = 40): string {
  if (typeof s !== 'string') return '';
  return s
    .replace(/[^\p{L}\p{N} .,&'()-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

/** Sentiment facts, or undefined when absent, stale or out of range. */
export function sentimentFacts(
  part: Part<SentimentReading> | undefined,
  now: number,
  maxAgeMs: number,
  gaps: string[],
): SentimentFacts | undefined {
  const got = partValue(part, 'sentiment', gaps);
  if (!got) return undefined;
  const r = got.value;
  if (!isNum(r.value) || r.value < 0 || r.value > 100 || !isFresh(r.at, now, maxAgeMs)) {
    gaps.push('sentiment: stale or out of range');
    return undefined;
  }
  const name = cleanLabel(r.name) || 'Sentiment index';
  const value = fact('sentiment.value', name, r.value, 'index', got.source, r.at);
  const classification = cleanLabel(r.classification);
  return value && classification ? { value, classification } : undefined;
}
