// Telegram HTML: escaping, and splitting long HTML into messages that are each valid and within the limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, splitHtml } from '../../src/adapters/telegram/html.ts';

/** Check that every tag opened in a message is closed in it, in order. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const [, close, name] of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (close === '') stack.push(name ?? '');
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

const text = (html: string) => html.replace(/<[^>]+>/g, '');
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('escapeHtml', () => {
  it('escapes what Telegram HTML treats as markup', () => {
    expect(escapeHtml('<b>x</b> & "y"')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('splitHtml', () => {
  it('leaves a short message whole and gives nothing for empty input', () => {
    expect(splitHtml('<b>Title</b>\n\nBody')).toEqual(['<b>Title</b>\n\nBody']);
    expect(splitHtml('')).toEqual([]);
    expect(splitHtml('  \n\n ')).toEqual([]);
  });

  it('cuts at paragraph breaks when a paragraph fits in the next message', () => {
    const para = 'word '.repeat(15).trim();
    expect(splitHtml([para, para, para].join('\n\n'), 170)).toEqual([`${para}\n\n${para}`, para]);
  });

  it('closes a tag open at a cut and reopens it in the next message', () => {
    const parts = splitHtml(`<i>${'aaaa '.repeat(10)}</i>`, 24);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(24);
      expect(p.startsWith('<i>') && p.endsWith('</i>')).toBe(true);
    }
  });

  it('never cuts an entity or a surrogate pair, even inside one over-long word', () => {
    const word = `${'&amp;'.repeat(30)}${'😀'.repeat(30)}`;
    const parts = splitHtml(word, 16);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(16);
      expect(p).not.toMatch(/&[a-z]*$|^[a-z]*;/);
      expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(parts.join('')).toBe(word);
  });

  it('keeps every message within the limit, balanced, and the words in order, for any escaped text', () => {
    const block = fc.oneof(
      fc.string({ maxLength: 300 }).map(escapeHtml),
      fc.string({ minLength: 1, maxLength: 60 }).map((s) => `<b>${escapeHtml(s)}</b>`),
      fc.string({ minLength: 1, maxLength: 60 }).map((s) => `<i>${escapeHtml(s)} <b>${escapeHtml(s)}</b></i>`),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), fc.integer({ min: 40, max: 600 }), (blocks, limit) => {
        const html = blocks.join('\n\n');
        const parts = splitHtml(html, limit);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(limit);
          expect(balanced(p)).toBe(true);
          expect(p.trim()).not.toBe('');
        }
        expect(words(text(parts.join(' '))).join('')).toBe(words(text(html)).join(''));
      }),
    );
  });
});
