// Nothing a user typed comes back as a link or a ping (issue 13, point 6). Hostile text (the fuzz corpus of
// the option tests, plus masked links, bare URLs and domains, mentions, hashtags and HTML) goes through the real
// dispatcher and commands, and the replies quoting it through the real Discord and Telegram renderers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Reply } from '../../src/core/reply.ts';
import { discordPlainText } from '../../src/adapters/discord/plain-text.ts';
import { renderDiscordReply } from '../../src/adapters/discord/render-discord.ts';
import { Dispatcher, type InvocationContext } from '../../src/adapters/dispatcher.ts';
import { createRegistry } from '../../src/adapters/registry.ts';
import { telegramPlainText } from '../../src/adapters/telegram/plain-text.ts';
import { renderTelegramReply } from '../../src/adapters/telegram/render-telegram.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { hostileText as typed } from '../helpers/hostile-text.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const member = (platform: InvocationContext['platform']): InvocationContext => ({
  platform,
  user: { id: '7' },
  chat: { id: '-100', kind: 'group' },
  isModerator: async () => true,
});
const dispatcher = new Dispatcher(createRegistry(commands), fixedServices(), memoryLogger().logger);

/** The notices whybot answers `text` with, as /why, /liqs, /alerts and an unknown command, on each path. */
async function replies(text: string): Promise<Reply[]> {
  const out: Reply[] = [];
  for (const platform of ['discord', 'telegram'] as const) {
    out.push(await dispatcher.handle('why', { text }, member(platform)));
    out.push(await dispatcher.handle('liqs', { text }, member(platform)));
    out.push(await dispatcher.handle('alerts', { text: `on ${text}` }, member(platform)));
    out.push(await dispatcher.handle(text.split(' ')[0] ?? text, { text: '' }, member(platform)));
  }
  const why = dispatcher.registry.find('why')!;
  out.push(await dispatcher.execute(why, { values: { coin: text } }, member('discord')));
  return out.filter((r) => r.kind === 'notice');
}

/** Positions of `[` or `]` not escaped by an odd run of backslashes. */
function liveBrackets(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '[' && s[i] !== ']') continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) n++;
  }
  return n;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

function checkDiscord(reply: Reply): void {
  for (const message of renderDiscordReply(reply).messages) {
    for (const embed of message.embeds) {
      const text = embed.description ?? '';
      expect(liveBrackets(text)).toBe(0); // no masked link [label](url)
      expect(text).not.toMatch(/https?:\/\//i); // no auto-linked URL
      expect(text).not.toMatch(/<(?!\u200b)/); // no <@user>, <#channel>, <:emoji:id>, </command:id>
      expect(text).not.toMatch(/@(?!\u200b)\S/); // no @everyone, @here
    }
  }
}

function checkTelegram(reply: Reply, lines: readonly string[]): void {
  const rendered = renderTelegramReply(reply);
  const html = [...rendered.html, ...rendered.photos.map((p) => p.caption ?? '')].join('\n');
  expect(html.replace(/<\/?b>/g, '')).not.toMatch(/</); // no tag of the user's, no <a href>
  const text = unescapeHtml(html.replace(/<\/?b>/g, ''));
  expect(text).not.toMatch(/https?:\/\//i);
  expect(text).not.toMatch(/[\p{L}\p{N}]\.\p{L}/u); // no bare domain (gift.com, t.me)
  expect(text).not.toMatch(/[@#][\p{L}\p{N}_]|\$\p{L}/u); // no @mention, #hashtag, $CASHTAG
  // Nothing is lost: without the zero-width breaks, the reader sees the notice's own words.
  expect(
    text
      .replace(/\u200b/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  ).toBe(lines.join(' ').replace(/\s+/g, ' ').trim());
}

describe('user text quoted in replies', () => {
  it('never comes back as a link, mention or tag on Discord or Telegram, for any input', async () => {
    await fc.assert(
      fc.asyncProperty(typed, async (text) => {
        for (const reply of await replies(text)) {
          if (reply.kind !== 'notice') continue;
          checkDiscord(reply);
          checkTelegram(reply, reply.title === undefined ? reply.lines : [reply.title, ...reply.lines]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('quotes a masked link as inert text a reader can still read', async () => {
    const [reply] = await replies('[gift](https://x.co)');
    expect(reply?.kind === 'notice' && reply.lines[0]).toBe(
      "I don't track [gift](https://x.co); try one of BTC, ETH, SOL.",
    );
    const discord = renderDiscordReply(reply!).messages[0].embeds[0]!.description;
    expect(discord).toBe("I don't track \\[gift\\](https:\u200b//x.co); try one of BTC, ETH, SOL.");
    const telegram = renderTelegramReply(reply!).html[0];
    expect(telegram).toBe("I don't track [gift](https:\u200b//x.\u200bco); try one of BTC, ETH, SOL.");
  });

  it('leaves ordinary notice text as it was', () => {
    expect(discordPlainText('BTC is down 4.2% since 07:00 UTC.')).toBe('BTC is down 4.2% since 07:00 UTC.');
    expect(telegramPlainText('BTC is down 4.2% to $51,588; at least $1.2M liquidated; use /why btc.')).toBe(
      'BTC is down 4.2% to $51,588; at least $1.2M liquidated; use /why btc.',
    );
  });
});
