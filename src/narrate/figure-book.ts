// The figure book: every number the writer prints goes through here, so the article's Figures list
// (value, printed text, source, time) is complete by construction.
import type { Fact } from '../analyse/fact.ts';
import type { Figure } from '../core/document.ts';
import { formatFact, type FactStyle } from './format.ts';

/** Records each fact as a Figure when it is turned into text. */
export class FigureBook {
  private readonly byKey = new Map<string, Figure>();

  /** The printed text of a fact (registered as a Figure), or null when the fact is absent. */
  text(f: Fact | undefined, style: FactStyle = 'signed'): string | null {
    if (!f) return null;
    const text = formatFact(f, style);
    // A dollar amount that rounds to nothing is never printed: "$0" must not stand in for anything.
    if (/^[-+]?\$0(\.0*)?$/.test(text)) return null;
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
