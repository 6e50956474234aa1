// Nothing typed into an inline query comes back live: 300 hostile queries (masked links, bare URLs and domains,
// @mentions, hashtags, cashtags, HTML, arbitrary strings) go to the real bot (telegraf polling the fake Bot API),
// and every "no article" result it answers with carries the words inert: HTML with each link, mention and tag
// broken, in the message sent and in the line shown under the result.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { hostileText } from '../helpers/hostile-text.ts';
import { memoryLogger } from '../helpers/testkit.ts';

interface Result {
  type: string;
  id: string;
  title?: string;
  description?: string;
  input_message_content?: { message_text: string; parse_mode?: string };
}

let fake: FakeTelegram;
let bot: RunningBot;
beforeAll(async () => {
  fake = await startFakeTelegram();
  const config = loadConfig(
    { TELEGRAM_TOKEN: '123:abc', TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'silent' },
    PLATFORMS,
  );
  bot = await runBot(config, fixedServices(), { logger: memoryLogger().logger });
}, 30_000);
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Text a Telegram client would turn into something live: a URL, a bare domain, a mention, a hashtag, a cashtag. */
const LIVE = [/https?:\/\//i, /[\p{L}\p{N}]\.\p{L}/u, /[@#][\p{L}\p{N}_]/u, /\$\p{L}/u];

describe('hostile inline queries', () => {
  it('GIVEN 300 hostile queries THEN no result echoes a link, mention or tag', async () => {
    // Telegram sends at most 256 characters of query
    const queries = fc.sample(hostileText, { numRuns: 300, seed: 24 }).map((q) => Array.from(q).slice(0, 256).join(''));
    const before = fake.callsOf('answerInlineQuery').length;
    const ids = queries.map((query) => fake.sendInlineQuery({ query }));
    const calls = (await fake.waitForCalls('answerInlineQuery', before + queries.length, 60_000)).slice(before);
    const byId = new Map(calls.map((c) => [String(c.fields.inline_query_id), c]));
    let notices = 0;
    ids.forEach((id, i) => {
      const call = byId.get(id);
      expect(call, queries[i]).toBeDefined();
      const raw = call!.fields.results;
      const results = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Result[];
      for (const result of results.filter((r) => r.id === 'error')) {
        notices += 1;
        const content = result.input_message_content!;
        // plain text would be auto-linked by Telegram: the notice goes as HTML, with no tag of the user's
        expect(content.parse_mode, queries[i]).toBe('HTML');
        expect(content.message_text, queries[i]).not.toMatch(/</);
        const shown = [unescapeHtml(content.message_text), result.description ?? '', result.title ?? ''];
        for (const text of shown) for (const live of LIVE) expect(text, queries[i]).not.toMatch(live);
        // the reader still sees the words: only zero-width breaks were added
        expect(unescapeHtml(content.message_text).replace(/\u200b/g, '')).toMatch(/^I don't track /);
      }
    });
    // nearly every hostile query names no tracked coin: the "no article" result was checked for them
    expect(notices).toBeGreaterThan(250);
  }, 90_000);
});
