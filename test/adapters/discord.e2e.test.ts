// End to end: the real discord.js against the fake Discord (REST + gateway). A slash command goes in as
// INTERACTION_CREATE; the test reads the deferral and the edited reply the bot sent.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandDefinition } from '../../commands/types.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeDiscord, type DiscordCall, type FakeDiscord } from '../fakes/discord-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const GUILD = '1500000000000000001';
const MANAGE_GUILD = (1n << 5n).toString();
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 9, 8, 7]);
/** A test-only command that replies with a fixed attachment, to exercise multipart edits without drawing a chart. */
const chartCommand: CommandDefinition = {
  name: 'chart',
  description: 'test chart',
  access: 'everyone',
  options: [],
  run: async (_inv, services) => ({
    kind: 'article',
    document: (await services.explain({ form: 'short' })).document,
    files: [{ name: 'chart.png', contentType: 'image/png', data: PNG }],
  }),
};

interface Embed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}

let fake: FakeDiscord;
let bot: RunningBot;
/** Articles wait for this gate; a test can close it to hold the work and see what the bot did meanwhile. */
let gate: Promise<void> = Promise.resolve();
/** When set, articles get this many 3000-character paragraphs (too long for one Discord message). */
let longParagraphs = 0;
const plain = fixedServices();
const services = fixedServices({
  explain: async (request) => {
    await gate;
    const explanation = await plain.explain(request);
    if (longParagraphs === 0) return explanation;
    const paragraphs = Array.from(
      { length: longParagraphs },
      (_, i) => `Paragraph ${i.toString()}: ${'word '.repeat(600)}`,
    );
    return { ...explanation, document: { ...explanation.document, sections: [{ id: 'lede', paragraphs }] } };
  },
});
const log = memoryLogger();

beforeAll(async () => {
  fake = await startFakeDiscord();
  const config = loadConfig(
    {
      DISCORD_TOKEN: 'fake-discord-token',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: GUILD,
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  bot = await runBot(config, services, { logger: log.logger, commands: [...commands, chartCommand] });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

/** Run a slash command and return the callback and the edited reply (the edit is undefined for direct replies). */
async function slash(command: Parameters<FakeDiscord['sendSlashCommand']>[0], expectEdit = true) {
  const { id, token } = fake.sendSlashCommand(command);
  const callback = await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
  const edit = expectEdit
    ? await fake.waitForCall('PATCH', new RegExp(`^/webhooks/\\d+/${token}/messages/@original$`))
    : undefined;
  return { callback, edit, token };
}

const embedsOf = (call: DiscordCall | undefined): Embed[] => {
  const fields = call?.fields ?? {};
  const payload =
    typeof fields.payload_json === 'string' ? (JSON.parse(fields.payload_json) as Record<string, unknown>) : fields;
  return (payload.embeds ?? (payload.data as { embeds?: Embed[] } | undefined)?.embeds ?? []) as Embed[];
};

describe('discord adapter (real discord.js, fake Discord)', () => {
  it('registers the slash commands from commands/ in the configured guild', () => {
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put?.path).toBe(`/applications/${fake.appId}/guilds/${GUILD}/commands`);
    expect(put?.authorization).toBe('Bot fake-discord-token');
    const body = put?.fields as unknown as Array<{
      name: string;
      description: string;
      options: Array<{ name: string; type: number }>;
      default_member_permissions: string | null;
      contexts: number[];
    }>;
    expect(body.map((c) => c.name)).toEqual([...commands, chartCommand].map((c) => c.name));
    expect(body.find((c) => c.name === 'why')?.options.map((o) => [o.name, o.type])).toEqual([
      ['coin', 3],
      ['full', 5],
      ['date', 3],
    ]);
    expect(body.find((c) => c.name === 'liqs')?.options[0]).toMatchObject({
      name: 'window',
      choices: [{ value: '1h' }, { value: '4h' }, { value: '24h' }, { value: '7d' }, { value: '30d' }],
    });
    expect(body.filter((c) => c.default_member_permissions === MANAGE_GUILD).map((c) => c.name)).toEqual([
      'digest',
      'alerts',
      'language',
    ]);
    expect(body.every((c) => c.contexts.includes(0) && c.contexts.includes(1))).toBe(true);
  });

  it('defers /why in a server, then edits in an embed stating the snapshot prices', async () => {
    const { callback, edit } = await slash({ name: 'why', guildId: GUILD });
    expect(callback.fields).toMatchObject({ type: 5 });
    expect(callback.authorization).toBeUndefined();
    expect(fake.calls.indexOf(callback)).toBeLessThan(fake.calls.indexOf(edit!));
    const [embed] = embedsOf(edit);
    expect(embed?.title).toBe('Crypto falls sharply');
    const { document } = await fixedServices().explain({ form: 'short' });
    const everything = JSON.stringify(embedsOf(edit));
    for (const figure of document.figures) expect(everything).toContain(figure.text);
    expect(embed?.fields).toContainEqual(expect.objectContaining({ name: 'BTC price', value: '$51,588' }));
    expect(embed?.footer?.text).toContain('Not financial advice.');
    expect(everything).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('defers before the article is written, so a slow answer still meets the 3 s deadline', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const { id, token } = fake.sendSlashCommand({ name: 'why', guildId: GUILD });
    // The deferral arrives while the article is still held at the gate.
    await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.includes(token))).toBe(false);
    open();
    gate = Promise.resolve();
    const edit = await fake.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`));
    expect(embedsOf(edit)[0]?.title).toBe('Crypto falls sharply');
  });

  it('bounds the replies in progress per channel: past three, a command gets a private "busy" answer, logged', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const sent = Array.from({ length: 5 }, () => fake.sendSlashCommand({ name: 'why', guildId: GUILD }));
    const callbacks = await Promise.all(
      sent.map(({ id, token }) => fake.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`))),
    );
    const deferred = callbacks.filter((c) => (c.fields as { type?: number }).type === 5);
    const busy = callbacks.filter((c) => (c.fields as { type?: number }).type === 4);
    expect(deferred).toHaveLength(3);
    expect(busy).toHaveLength(2);
    for (const b of busy) {
      expect(b.fields).toMatchObject({ data: { flags: 64 } });
      expect(embedsOf(b)[0]?.description).toBe(
        'I am still answering earlier commands here. Please try again in a few seconds.',
      );
    }
    expect(log.lines.filter((l) => l.msg === 'too many replies in progress: command refused')).toHaveLength(2);
    open();
    gate = Promise.resolve();
    const answered = sent.filter((_, i) => (callbacks[i]!.fields as { type?: number }).type === 5);
    await Promise.all(
      answered.map(({ token }) => fake.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`))),
    );
    // Done replies free their places.
    const again = await slash({ name: 'why', guildId: GUILD });
    expect(again.callback.fields).toMatchObject({ type: 5 });
  });

  it('keeps an error after the deferral ephemeral: the public "thinking" reply is deleted, the error follows privately', async () => {
    gate = Promise.reject(new Error('the exchange is down'));
    gate.catch(() => undefined);
    try {
      const { id, token } = fake.sendSlashCommand({ name: 'why', guildId: GUILD });
      await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
      const deleted = await fake.waitForCall('DELETE', new RegExp(`^/webhooks/\\d+/${token}/messages/@original$`));
      const followUp = await fake.waitForCall('POST', new RegExp(`^/webhooks/\\d+/${token}$`));
      expect(fake.calls.indexOf(deleted)).toBeLessThan(fake.calls.indexOf(followUp));
      expect(followUp.fields).toMatchObject({ flags: 64 });
      expect(embedsOf(followUp)[0]?.description).toContain('Sorry, something went wrong while answering /why');
      expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.includes(token))).toBe(false);
    } finally {
      gate = Promise.resolve();
    }
  });

  it('works in a DM with typed options', async () => {
    const { edit } = await slash({
      name: 'why',
      options: [
        { name: 'coin', type: 3, value: 'eth' },
        { name: 'full', type: 5, value: true },
      ],
    });
    expect(services.requests.at(-1)).toEqual({ coin: 'ETH', form: 'full', language: 'en' });
    const [embed] = embedsOf(edit);
    expect(embed?.title).toBe('ETH falls sharply');
    expect(embed?.description).toContain('What to watch');
  });

  it('refuses /digest to a member without Manage Server with an ephemeral message, and runs it for one with it', async () => {
    const refused = await slash({ name: 'digest', guildId: GUILD, permissions: '0' }, false);
    expect(refused.callback.fields).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedsOf(refused.callback)[0]?.description).toBe(
      'Only members with the Manage Server permission can use /digest.',
    );
    const allowed = await slash({ name: 'digest', guildId: GUILD, permissions: MANAGE_GUILD });
    expect(embedsOf(allowed.edit)[0]?.description).toContain('not running on this bot');
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.includes(refused.token))).toBe(false);
  });

  it('escapes markdown and blocks mentions in text quoted back to the user', async () => {
    // An unknown coin is an error: it arrives as the ephemeral follow-up that replaces the deferred reply.
    const { token } = await slash(
      { name: 'why', guildId: GUILD, options: [{ name: 'coin', type: 3, value: '**x** @everyone' }] },
      false,
    );
    const reply = await fake.waitForCall('POST', new RegExp(`^/webhooks/\\d+/${token}$`));
    const description = embedsOf(reply)[0]?.description ?? '';
    expect(description).toContain('\\*\\*x\\*\\*');
    expect(reply.fields.allowed_mentions).toEqual({ parse: [] });
  });

  it('waits out a 429 on the reply edit and then delivers it', async () => {
    fake.fail({
      method: 'PATCH',
      path: /messages\/@original$/,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.3, global: false },
      headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
    });
    const { id, token } = fake.sendSlashCommand({ name: 'help', guildId: GUILD });
    await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/`));
    const edits = () => fake.calls.filter((c) => c.method === 'PATCH' && c.path.includes(token));
    await fake.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`));
    while (edits().length < 2) await new Promise((r) => setTimeout(r, 50));
    expect(embedsOf(edits()[1])[0]?.title).toBe('whybot commands');
  });

  it('survives a 500 from Discord: logs it with context and keeps serving', async () => {
    for (let i = 0; i < 4; i++) fake.fail({ method: 'PATCH', path: /messages\/@original$/, status: 500 });
    fake.sendSlashCommand({ name: 'status', guildId: GUILD });
    for (let i = 0; i < 200 && !log.lines.some((l) => l.msg === 'could not answer an interaction'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(log.lines.find((l) => l.msg === 'could not answer an interaction')).toMatchObject({
      command: 'status',
      guild: GUILD,
      level: 50,
    });
    const { edit } = await slash({ name: 'status', guildId: GUILD });
    expect(embedsOf(edit)[0]?.description).toContain('Exchange: Binance USD-M');
    expect(JSON.stringify(log.lines)).not.toContain('fake-discord-token');
  });

  it('sends an article too long for one message as the edited reply plus follow-ups', async () => {
    longParagraphs = 5;
    try {
      const { token } = await slash({ name: 'why', guildId: GUILD });
      const followUp = await fake.waitForCall('POST', new RegExp(`^/webhooks/\\d+/${token}$`));
      const sent = () => fake.calls.filter((c) => c.path.includes(token) && c.path.startsWith('/webhooks/'));
      // The footer closes the article: wait for the message that carries it.
      for (let i = 0; i < 200 && !JSON.stringify(sent().map(embedsOf)).includes('Not financial advice.'); i++)
        await new Promise((r) => setTimeout(r, 25));
      const messages = sent();
      expect(messages[0]?.method).toBe('PATCH');
      expect(messages.slice(1).every((m) => m.method === 'POST')).toBe(true);
      expect(followUp.authorization).toBeUndefined();
      const text = JSON.stringify(messages.map((m) => embedsOf(m)));
      for (let i = 0; i < 5; i++) expect(text).toContain(`Paragraph ${i.toString()}:`);
      for (const m of messages) {
        const size = embedsOf(m).reduce(
          (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
          0,
        );
        expect(size).toBeLessThanOrEqual(6000);
      }
    } finally {
      longParagraphs = 0;
    }
  });

  it('attaches files as multipart (payload_json + files[0]), the image shown in the embed', async () => {
    const { edit } = await slash({ name: 'chart', guildId: GUILD });
    expect(typeof edit?.fields.payload_json).toBe('string');
    expect(edit?.files).toMatchObject([{ field: 'files[0]', name: 'chart.png', size: PNG.length }]);
    expect(embedsOf(edit)[0]?.title).toBe('Crypto falls sharply');
    expect((embedsOf(edit)[0] as { image?: { url: string } } | undefined)?.image).toEqual({
      url: 'attachment://chart.png',
    });
  });
});
