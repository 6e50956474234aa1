// The figure book: every number the writer prints goes through here, so the article's Figures list
// (value, printed text, source, time) is complete by construction.
import type { Fact } from '../analyse/fact.ts';
import type { Figure } from '../core/document.ts';
import { formatFact, type FactStyle } from './format.ts';
import type { Words } from './words.ts';

/** Records each fact as a Figure when it is turned into text, in the article's language. */
export class FigureBook {
  private readonly byKey = new Map<string, Figure>();

  /** `words`: the article's language (its formats and messages). */
  constructor(readonly words: Words) {}

  /** The printed text of a fact (registered as a Figure), or null when the fact is absent. */
  text(f: Fact | undefined, style: FactStyle = 'signed'): string | null {
    if (!f) return null;
    const fm = this.words.formats;
    const text =
      style === 'ordinal' && fm.ordinal(f.value) === null
        ? this.words.t('number.ordinal', { n: Math.round(f.value) })
        : formatFact(f, style, fm);
    // A dollar amount that rounds to nothing is never printed: "$0" must not stand in for anything (in any script).
    if ((f.unit === 'price' || f.unit === 'usd') && !/[1-9]/.test(text)) return null;
    const id = style === 'signed' ? f.id : `${f.id}.${style}`;
    const key = `${id}\u0000${text}`;
    if (!this.byKey.has(key)) {
      this.byKey.set(key, {
        id,
        label: f.label,
        value: style === 'abs' ? Math.abs(f.value) : f.value,
        text,
        source: f.source,
        asOf: f.asOf,
        ...(f.unit === 'datetime' && style === 'signed' ? { moment: true as const } : {}),
      });
    }
    return text;
  }

  /** Every figure registered, in order. */
  all(): Figure[] {
    return [...this.byKey.values()];
  }

  /** The figures whose text appears in `output` (what the article actually states). */
  statedIn(output: string): Figure[] {
    return this.all().filter((f) => output.includes(f.text));
  }
}
