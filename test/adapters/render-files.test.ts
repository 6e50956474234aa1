// Replies with a chart, rendered per platform: Discord shows the image inside the embed (attachment://),
// Telegram captions the photo with the text when it fits 1024 characters, the terminal says where it was saved.
import { describe, expect, it } from 'vitest';
import type { NoticeReply, ReplyFile } from '../../src/core/reply.ts';
import { renderDiscordReply } from '../../src/adapters/discord/render-discord.ts';
import {
  renderTelegramReply,
  TELEGRAM_CAPTION_LIMIT,
  visibleLength,
} from '../../src/adapters/telegram/render-telegram.ts';
import { renderTerminalReply } from '../../src/adapters/terminal/render-terminal.ts';
import { articleFrom, fixedSnapshot } from '../fakes/fixed-services.ts';

const chart: ReplyFile = {
  name: 'btc-7d.png',
  contentType: 'image/png',
  data: Uint8Array.from([0x89, 0x50]),
  description: 'Replay: BTC price chart <7 days> & levels',
};
const notice = (lines: string[]): NoticeReply => ({
  kind: 'notice',
  tone: 'info',
  title: 'Liquidations, last 24h',
  lines,
  files: [chart],
});

describe('Discord', () => {
  it('shows the chart in the first embed of an article and attaches it once', () => {
    const { messages } = renderDiscordReply({
      kind: 'article',
      document: articleFrom(fixedSnapshot(), { form: 'short' }),
      files: [chart],
    });
    expect(messages[0].embeds[0]?.image).toEqual({ url: 'attachment://btc-7d.png' });
    expect(messages[0].files).toMatchObject([{ name: 'btc-7d.png', description: chart.description }]);
  });

  it('shows the chart in a notice too, and nothing without one', () => {
    const { messages } = renderDiscordReply(notice(['At least $1.2M liquidated.']));
    expect(messages[0].embeds[0]?.image).toEqual({ url: 'attachment://btc-7d.png' });
    expect(messages[0].files.map((f) => f.name)).toEqual(['btc-7d.png']);
    const plain = renderDiscordReply({ ...notice(['x']), files: [] });
    expect(plain.messages[0].embeds[0]?.image).toBeUndefined();
  });
});

describe('Telegram', () => {
  it('counts caption characters as Telegram does: tags removed, entities as one', () => {
    expect(visibleLength('<b>A &amp; B</b>\n&lt;i&gt;')).toBe(9);
  });

  it('sends a short text as the HTML caption of the photo, and no separate message', () => {
    const out = renderTelegramReply(notice(['At least $1.2M <liquidated>.']));
    expect(out.html).toEqual([]);
    expect(out.photos).toEqual([
      { file: chart, caption: '<b>Liquidations, last 24h</b>\nAt least $1.2M &lt;liquidated&gt;.' },
    ]);
  });

  it('sends text longer than a caption first, then the photo captioned with its escaped description', () => {
    const title = '<b>Liquidations, last 24h</b>\n';
    const fits = 'x'.repeat(TELEGRAM_CAPTION_LIMIT - visibleLength(title));
    expect(renderTelegramReply(notice([fits])).html).toEqual([]);
    const out = renderTelegramReply(notice([`${fits}y`]));
    expect(out.html).toEqual([`${title}${fits}y`]);
    expect(out.photos).toEqual([{ file: chart, caption: 'Replay: BTC price chart &lt;7 days&gt; &amp; levels' }]);
  });

  it('never puts a multi-message text in a caption', () => {
    const long = Array.from({ length: 300 }, (_, i) => `Line ${i.toString()} of a long liquidation notice.`);
    const out = renderTelegramReply(notice(long));
    expect(out.html.length).toBeGreaterThan(1);
    expect(out.photos[0]?.caption).toBe('Replay: BTC price chart &lt;7 days&gt; &amp; levels');
  });
});

describe('terminal', () => {
  it('says where the chart was saved and what it shows, or that it could not be saved', () => {
    const reply = notice(['At least $1.2M liquidated.']);
    expect(
      renderTerminalReply(reply, [{ file: chart, path: '/tmp/c/1-btc-7d.png' }])
        .split('\n')
        .at(-1),
    ).toBe('[chart image saved to /tmp/c/1-btc-7d.png: Replay: BTC price chart <7 days> & levels]');
    expect(
      renderTerminalReply(reply, [{ file: chart, error: 'EACCES' }])
        .split('\n')
        .at(-1),
    ).toBe('[btc-7d.png could not be saved: EACCES]');
    expect(renderTerminalReply(reply).split('\n').at(-1)).toBe('[attachment: btc-7d.png]');
  });
});
