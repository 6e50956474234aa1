// Replies rendered per platform: Telegram HTML is escaped, Discord markdown is escaped, the terminal gets plain text.
import { describe, expect, it } from 'vitest';
import type { NoticeReply } from '../../src/core/reply.ts';
import { renderDiscordReply } from '../../src/adapters/discord/render-discord.ts';
import { renderTelegramReply } from '../../src/adapters/telegram/render-telegram.ts';
import { renderTerminalReply } from '../../src/adapters/terminal/render-terminal.ts';
import { articleFrom, fixedSnapshot } from '../fakes/fixed-services.ts';

const hostile: NoticeReply = {
  kind: 'notice',
  tone: 'error',
  title: 'A <title> & more',
  lines: ["I don't track <b>x</b>; try **BTC** @everyone"],
  private: true,
};

describe('renderTelegramReply', () => {
  it('escapes every notice line and title', () => {
    expect(renderTelegramReply(hostile)).toEqual({
      // The @ is broken by a zero-width space so no mention is made (test/adapters/user-text.test.ts).
      html: ["<b>A &lt;title&gt; &amp; more</b>\nI don't track &lt;b&gt;x&lt;/b&gt;; try **BTC** @\u200beveryone"],
      photos: [],
    });
  });

  it('renders an article with its title, figures and footer, escaped', () => {
    const doc = articleFrom(fixedSnapshot(), { form: 'short' });
    const html = renderTelegramReply({ kind: 'article', document: { ...doc, title: 'Down <fast> & hard' } }).html.join(
      '\n',
    );
    expect(html).toContain('<b>Down &lt;fast&gt; &amp; hard</b>');
    for (const f of doc.figures) expect(html).toContain(f.text);
    expect(html).toContain('<i>Source: Binance USD-M fetchTickers, data as of 2024-08-05 07:00 UTC.');
  });
});

describe('renderDiscordReply', () => {
  it('escapes markdown in notices and keeps the private flag', () => {
    const reply = renderDiscordReply(hostile);
    expect(reply.ephemeral).toBe(true);
    // < and @ are broken by a zero-width space: no <@mention>, no @everyone (test/adapters/user-text.test.ts).
    expect(reply.messages[0].embeds[0]?.description).toBe(
      "I don't track <\u200bb>x<\u200b/b>; try \\*\\*BTC\\*\\* @\u200beveryone",
    );
  });

  it('spreads a long article over messages within Discord limits, files on the first', () => {
    const doc = articleFrom(fixedSnapshot(), { form: 'full' });
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i.toString()} ${'x'.repeat(3000)}`);
    const huge = {
      ...doc,
      sections: [{ id: 'lede', paragraphs }],
      keyFigures: Array.from({ length: 40 }, (_, i) => ({ label: `k${i.toString()}`, text: 'v' })),
    };
    const file = { name: 'chart.png', contentType: 'image/png', data: Uint8Array.from([1, 2]) };
    const { messages } = renderDiscordReply({ kind: 'article', document: huge, files: [file] });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[0].files.map((f) => f.name)).toEqual(['chart.png']);
    expect(messages.slice(1).every((m) => m.files.length === 0)).toBe(true);
    for (const m of messages) {
      const size = m.embeds.reduce(
        (n, e) =>
          n +
          (e.title?.length ?? 0) +
          (e.description?.length ?? 0) +
          (e.footer?.text.length ?? 0) +
          (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0),
        0,
      );
      expect(size).toBeLessThanOrEqual(6000);
      for (const e of m.embeds) expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    }
    const all = JSON.stringify(messages.map((m) => m.embeds));
    for (let i = 0; i < 6; i++) expect(all).toContain(`Paragraph ${i.toString()}`);
  });
});

describe('renderTerminalReply', () => {
  it('prints notices and articles as plain text', () => {
    expect(renderTerminalReply(hostile)).toBe(
      "A <title> & more\n----------------\nI don't track <b>x</b>; try **BTC** @everyone",
    );
    const text = renderTerminalReply({ kind: 'article', document: articleFrom(fixedSnapshot(), { form: 'short' }) });
    expect(text.split('\n').slice(0, 2)).toEqual(['Crypto falls sharply', '[Replay of 5 August 2024, 07:00 UTC]']);
    expect(text).toContain('BTC trades at $51,588 (-15.2% in 24h).');
  });
});
