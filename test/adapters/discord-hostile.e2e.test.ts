// Nothing typed into a slash command comes back live on Discord: 300 hostile /why coin values (masked links, bare
// URLs, @everyone, <@id> mentions, HTML, arbitrary strings) go to the real bot (discord.js against the fake
// Discord), and every embed it answers with shows them inert: no masked link, no URL, no mention form.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeDiscord, type DiscordCall, type FakeDiscord } from '../fakes/discord-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { hostileText } from '../helpers/hostile-text.ts';
import { memoryLogger } from '../helpers/testkit.ts';

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}

let fake: FakeDiscord;
let bot: RunningBot;
beforeAll(async () => {
  fake = await startFakeDiscord();
  const config = loadConfig(
    {
      DISCORD_TOKEN: 'fake-discord-token',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: '1200000000000000001',
      WHYBOT_MAX_REPLIES_PER_CHAT: '1000',
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  bot = await runBot(config, fixedServices(), { logger: memoryLogger().logger });
}, 30_000);
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

const embedsOf = (call: DiscordCall): Embed[] => {
  const fields = call.fields ?? {};
  const payload =
    typeof fields.payload_json === 'string' ? (JSON.parse(fields.payload_json) as Record<string, unknown>) : fields;
  return (payload.embeds ?? (payload.data as { embeds?: Embed[] } | undefined)?.embeds ?? []) as Embed[];
};

/** `[` or `]` not escaped by an odd run of backslashes (a masked link needs them live). */
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

/** The final answer to one interaction: the edited reply (an article) or the private follow-up (a notice). */
const answerTo = (token: string) =>
  fake.calls.find(
    (c) =>
      (c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`)) ||
      (c.method === 'POST' && c.path.endsWith(`/webhooks/${fake.appId}/${token}`)),
  );

describe('hostile slash command options', () => {
  it('GIVEN 300 hostile /why coins THEN no embed echoes a masked link, URL or mention', async () => {
    const typed = fc.sample(hostileText, { numRuns: 300, seed: 24 }).map((t) => Array.from(t).slice(0, 100).join(''));
    let notices = 0;
    for (let at = 0; at < typed.length; at += 25) {
      const batch = typed.slice(at, at + 25);
      const sent = batch.map((coin) => ({
        coin,
        ...fake.sendSlashCommand({
          name: 'why',
          guildId: '1200000000000000001',
          options: [{ name: 'coin', type: 3, value: coin }],
        }),
      }));
      for (const { coin, token } of sent) {
        for (let i = 0; i < 500 && answerTo(token) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
        const answer = answerTo(token);
        expect(answer, coin).toBeDefined();
        if (answer!.method === 'POST') notices += 1;
        for (const embed of embedsOf(answer!)) {
          const texts = [
            embed.title ?? '',
            embed.description ?? '',
            embed.footer?.text ?? '',
            ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
          ];
          for (const text of texts) {
            expect(liveBrackets(text), coin).toBe(0);
            expect(text, coin).not.toMatch(/https?:\/\//i);
            expect(text, coin).not.toMatch(/<(?!\u200b)/); // <@user>, <#channel>, <:emoji:id>, </command:id>
            expect(text, coin).not.toMatch(/@(?!\u200b)\S/); // @everyone, @here
          }
        }
      }
    }
    expect(notices).toBeGreaterThan(250);
  }, 120_000);
});
