// The one Discord markdown escaper: formatting, links, quotes, headings and lists in data or typed text stay text.
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/adapters/discord/markdown.ts';

describe('escapeMarkdown', () => {
  it('escapes emphasis, code, spoilers, escapes and link brackets anywhere', () => {
    expect(escapeMarkdown('**BTC** _eth_ ~~x~~ `y` ||z|| \\ [a](http://b)')).toBe('\\*\\*BTC\\*\\* \\_eth\\_ \\~\\~x\\~\\~ \\`y\\` \\|\\|z\\|\\| \\\\ \\[a\\](http://b)');
  });

  it('escapes quotes, headings and list markers only at the start of a line', () => {
    expect(escapeMarkdown('> quoted\n# heading\n- item\n  - nested')).toBe('\\> quoted\n\\# heading\n\\- item\n  \\- nested');
    expect(escapeMarkdown('BTC -4.4% at 07:00 # 1 > 0')).toBe('BTC -4.4% at 07:00 # 1 > 0');
  });
});
