// Renderers: plain text, Discord embeds (limits, colour, escaping, splitting) and Telegram HTML (escaping, splitting).
import { describe, expect, it } from 'vitest';
import type { ArticleDocument } from '../../src/core/document.ts';
import { DIRECTION_COLORS, renderDiscordEmbeds } from '../../src/adapters/discord/article-embeds.ts';
import { DISCORD } from '../../src/adapters/discord/limits.ts';
import { discordPlainText } from '../../src/adapters/discord/plain-text.ts';
import { renderTelegramHtml } from '../../src/adapters/telegram/article-html.ts';
import { TELEGRAM_MESSAGE_LIMIT } from '../../src/adapters/telegram/html.ts';
import { renderText } from '../../src/narrate/index.ts';
import { discordProblems, telegramProblems } from '../helpers/article-checks.ts';

const base: ArticleDocument = {
  title: 'Crypto crash: Bitcoin plunges 15.2% to $51,588',
  direction: 'down',
  replayNote: 'Replay of 5 August 2024, 07:00 UTC — recorded data, not live',
  sections: [
    { id: 'lede', paragraphs: ['Bitcoin trades at $51,588.', 'Second paragraph.'] },
    { id: 'watch', heading: 'What to watch', paragraphs: ['Support sits at $50,000 & <below>.'] },
  ],
  keyFigures: [{ label: 'BTC', text: '$51,588 (-15.2%)' }],
  footer: ['Data: Binance USD-M, as of 5 August 2024, 07:00 UTC.', 'Not financial advice.'],
  figures: [
    {
      id: 'data.asOf',
      label: 'Market data time',
      value: Date.parse('2024-08-05T07:00:00Z'),
      text: '5 August 2024, 07:00 UTC',
      source: 's',
      asOf: 0,
    },
  ],
};

/** A document with `n` sections of `size` characters each. */
function bigDoc(n: number, size: number): ArticleDocument {
  const para = 'word '.repeat(size / 5).trim();
  return {
    ...base,
    sections: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, heading: `Part ${i}`, paragraphs: [para] })),
  };
}

describe('renderText', () => {
  it('GIVEN a document THEN the title comes first, the replay note second, headings in capitals, the footer last', () => {
    const lines = renderText(base).split('\n');
    expect(lines[0]).toBe(base.title);
    expect(lines[1]).toBe(`[${base.replayNote}]`);
    expect(lines).toContain('WHAT TO WATCH');
    expect(lines[lines.length - 1]).toBe('Not financial advice.');
  });
});

describe('renderDiscordEmbeds', () => {
  it('GIVEN a short document THEN one message, one embed: title, replay note first in the description, fields, footer, colour and time', () => {
    const [msg, ...rest] = renderDiscordEmbeds(base);
    expect(rest).toEqual([]);
    const e = msg!.embeds[0]!;
    expect(msg!.embeds).toHaveLength(1);
    expect(e.title).toBe(base.title);
    expect(e.description!.startsWith('*Replay of 5 August 2024')).toBe(true);
    expect(e.color).toBe(DIRECTION_COLORS.down);
    expect(e.fields).toEqual([{ name: 'BTC', value: '$51,588 (-15.2%)', inline: true }]);
    expect(e.footer!.text).toContain('Not financial advice.');
    expect(e.timestamp).toBe('2024-08-05T07:00:00.000Z');
    expect(e.description).toContain('**What to watch**');
  });

  it('GIVEN markdown characters in the text THEN they are escaped, by the one Discord escaper notices use too', () => {
    const doc = { ...base, sections: [{ id: 'x', paragraphs: ['a **b** _c_ ~~d~~ `e` ||f|| [g](https://h)'] }] };
    const description = renderDiscordEmbeds(doc)[0]!.embeds[0]!.description!;
    expect(description).toContain(discordPlainText('a **b** _c_ ~~d~~ `e` ||f|| [g](https://h)'));
    expect(description).toContain('a \\*\\*b\\*\\* \\_c\\_ \\~\\~d\\~\\~ \\`e\\` \\|\\|f\\|\\| \\[g\\]');
  });

  it('GIVEN a long document THEN it is split into embeds and messages within every Discord limit', () => {
    const msgs = renderDiscordEmbeds(bigDoc(12, 3000));
    expect(msgs.length).toBeGreaterThan(1);
    expect(discordProblems(msgs, false)).toEqual([]);
    expect(msgs[0]!.embeds[0]!.title).toBe(base.title);
    const all = msgs.flatMap((m) => m.embeds);
    expect(all[all.length - 1]!.footer).toBeDefined();
  });

  it('GIVEN one section longer than a description THEN it is split, never cut off', () => {
    const msgs = renderDiscordEmbeds(bigDoc(1, 9000));
    const desc = msgs
      .flatMap((m) => m.embeds)
      .map((e) => e.description ?? '')
      .join(' ');
    expect(desc.split('word').length - 1).toBe(1800);
    for (const e of msgs.flatMap((m) => m.embeds))
      expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD.description);
  });

  it('GIVEN up and flat documents THEN the colour follows the direction', () => {
    expect(renderDiscordEmbeds({ ...base, direction: 'up' })[0]!.embeds[0]!.color).toBe(DIRECTION_COLORS.up);
    expect(renderDiscordEmbeds({ ...base, direction: 'flat' })[0]!.embeds[0]!.color).toBe(DIRECTION_COLORS.flat);
  });
});

describe('renderTelegramHtml', () => {
  it('GIVEN a short document THEN one message, HTML-escaped, bold title and italic replay note first', () => {
    const msgs = renderTelegramHtml(base);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.startsWith(`<b>${base.title}</b>\n<i>Replay of 5 August 2024`)).toBe(true);
    expect(msgs[0]).toContain('$50,000 &amp; &lt;below&gt;.');
    expect(msgs[0]).toContain('• <b>BTC</b>: $51,588 (-15.2%)');
  });

  it('GIVEN a long document THEN messages split between sections, each within 4096 characters', () => {
    const msgs = renderTelegramHtml(bigDoc(6, 2000));
    expect(msgs.length).toBeGreaterThan(2);
    expect(telegramProblems(msgs, false)).toEqual([]);
    for (const m of msgs.slice(1, -1)) expect(m.startsWith('<b>Part ')).toBe(true);
  });

  it('GIVEN one section longer than a message THEN it is split into pieces under the limit', () => {
    const msgs = renderTelegramHtml(bigDoc(1, 10_000));
    for (const m of msgs) expect(m.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    expect(msgs.join(' ').split('word').length - 1).toBe(2000);
  });
});
