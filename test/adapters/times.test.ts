// Times in the reader's zone: an article's data time becomes a Discord timestamp (moved out of the footer, where
// Discord would not render it) and, on Telegram, the chat's zone with the zone named (UTC when none is set).
import { describe, expect, it } from 'vitest';
import { timeToken } from '../../src/core/time-token.ts';
import type { ArticleReply } from '../../src/core/reply.ts';
import { renderDiscordReply } from '../../src/adapters/discord/render-discord.ts';
import { renderTelegramReply } from '../../src/adapters/telegram/render-telegram.ts';
import { renderTerminalReply } from '../../src/adapters/terminal/render-terminal.ts';
import { zonedTime } from '../../src/adapters/times.ts';
import { formatDateTime } from '../../src/narrate/format.ts';

const AT = Date.UTC(2024, 7, 5, 7);
const SECONDS = AT / 1000;
const reply: ArticleReply = {
  kind: 'article',
  document: {
    title: 'Crypto falls sharply',
    direction: 'down',
    replayNote: `Replay of ${formatDateTime(AT)}`,
    sections: [{ id: 'lede', paragraphs: ['BTC trades at $51,588.'] }],
    keyFigures: [],
    footer: [`Data: Binance USD-M, as of ${formatDateTime(AT)}.`, 'Not financial advice.'],
    figures: [
      {
        id: 'data.asOf',
        label: 'data time',
        value: AT,
        text: formatDateTime(AT),
        source: 'Binance USD-M',
        asOf: AT,
        moment: true,
      },
    ],
  },
};

describe('times in the reader zone', () => {
  it('GIVEN a Russian article THEN its moments reach the renderer as values and are written in the chat’s zone, in Russian', () => {
    const ru = 'ru-RU';
    const text = '5 августа 2024 г., 07:00 UTC';
    const doc: ArticleReply = {
      kind: 'article',
      document: {
        ...reply.document,
        replayNote: `Воспроизведение ${text}`,
        footer: [`Данные: Binance USD-M, на ${text}.`],
        figures: [{ ...reply.document.figures[0]!, text }],
        language: 'ru',
        locale: ru,
      },
    };
    const paris = renderTelegramReply(doc, 'Europe/Paris').html.join('\n');
    expect(paris).toContain('Воспроизведение 5 августа 2024 г., 09:00 Europe/Paris');
    expect(paris).not.toContain('August');
  });

  it('gives Discord timestamps in the text and keeps no time in the footer', () => {
    const [embed] = renderDiscordReply(reply).messages[0].embeds;
    expect(embed?.description).toContain(`*Replay of <t:${SECONDS.toString()}:f>*`);
    expect(embed?.description).toMatch(new RegExp(`Data: Binance USD-M, as of <t:${SECONDS.toString()}:f>\\.$`));
    expect(embed?.footer?.text).toBe('Not financial advice.');
    expect(embed?.timestamp).toBe(new Date(AT).toISOString());
  });

  it("writes Telegram times in the chat's zone, named, and in UTC by default", () => {
    const paris = renderTelegramReply(reply, 'Europe/Paris').html.join('\n');
    expect(paris).toContain('Replay of 5 August 2024, 09:00 Europe/Paris');
    expect(paris).toContain('as of 5 August 2024, 09:00 Europe/Paris.');
    expect(paris).not.toContain('UTC');
    const utc = renderTelegramReply(reply).html.join('\n');
    expect(utc).toContain('as of 5 August 2024, 07:00 UTC.');
    const tokyo = renderTelegramReply(
      { kind: 'notice', tone: 'info', lines: [`Next: ${timeToken(AT + 3_600_000)}`] },
      'Asia/Tokyo',
    ).html[0];
    expect(tokyo).toBe('Next: 5 August 2024, 17:00 Asia/Tokyo');
  });

  it('prints UTC on the terminal, as the articles always did', () => {
    expect(renderTerminalReply({ kind: 'notice', tone: 'info', lines: [`Last alert at ${timeToken(AT)}.`] })).toBe(
      'Last alert at 5 August 2024, 07:00 UTC.',
    );
  });

  it('writes relative times as ages and crosses a zone change correctly', () => {
    expect(zonedTime(SECONDS, 'R', 'UTC', AT + 90_000)).toBe('1 min ago');
    expect(zonedTime(SECONDS + 45, 'R', 'UTC', AT)).toBe('in 45 s');
    expect(zonedTime(Date.UTC(2024, 2, 31, 1, 30) / 1000, 't', 'Europe/Paris')).toBe('03:30 Europe/Paris');
    expect(zonedTime(Date.UTC(2024, 2, 31, 0, 30) / 1000, 't', 'Europe/Paris')).toBe('01:30 Europe/Paris');
  });
});
