// End to end: the buttons under /why on the real discord.js against the fake Discord. Presses arrive as
// component interactions (type 3); the test reads the acknowledgement (type 6, sent before any article work),
// then the edit or follow-up, also for a press handled by a new bot process (state lives in the custom_id).
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeDiscord, type DiscordCall, type FakeDiscord } from '../fakes/discord-server.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { movingServices, type MovingServices } from '../fakes/moving-services.ts';
import { AT } from '../fakes/fixed-services.ts';

const GUILD = '1500000000000000001';

interface Button {
  type: number;
  style?: number;
  label?: string;
  custom_id: string;
}
interface Row {
  type: number;
  components: Button[];
}
interface Payload {
  content?: string;
  flags?: number;
  embeds?: Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }> }>;
  components?: Row[];
}

let fake: FakeDiscord;
let bot: RunningBot;
let services: MovingServices;
const config = () =>
  loadConfig(
    {
      DISCORD_TOKEN: 'fake-discord-token',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: GUILD,
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );

const payloadOf = (call: DiscordCall | undefined): Payload => {
  const fields = call?.fields ?? {};
  return (typeof fields.payload_json === 'string' ? JSON.parse(fields.payload_json) : fields) as Payload;
};
const buttonsOf = (payload: Payload) => (payload.components ?? []).flatMap((r) => r.components);

beforeAll(async () => {
  fake = await startFakeDiscord();
  services = movingServices();
  bot = await runBot(config(), services, { logger: memoryLogger().logger });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

/** Run /why and return the edited reply's payload. */
async function why(options: Array<{ name: string; type: number; value: string | boolean }> = []) {
  const { token } = fake.sendSlashCommand({ name: 'why', guildId: GUILD, options });
  return payloadOf(await fake.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`)));
}

/** Press a button; resolves with the acknowledgement and the call that answered it (edit or follow-up). */
async function press(customId: string, answer: 'edit' | 'followUp', message?: Payload) {
  const { id, token } = fake.sendComponent({
    customId,
    message: { embeds: message?.embeds ?? [], components: message?.components ?? [] },
  });
  const ack = await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
  const reply =
    answer === 'edit'
      ? await fake.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`))
      : await fake.waitForCall('POST', new RegExp(`^/webhooks/\\d+/${token}$`));
  return { ack, reply: payloadOf(reply), token };
}

describe('article buttons on Discord', () => {
  it('puts Full story, Refresh and one button per other coin under /why', async () => {
    const reply = await why();
    const buttons = buttonsOf(reply);
    expect(buttons.map((b) => b.label)).toEqual(['Full story', 'Refresh', 'BTC', 'ETH', 'SOL']);
    expect(buttons.every((b) => b.type === 2 && b.custom_id.length <= 100)).toBe(true);
    const eth = await why([{ name: 'coin', type: 3, value: 'eth' }]);
    expect(buttonsOf(eth).map((b) => b.label)).toEqual(['Full story', 'Refresh', 'Market', 'BTC', 'SOL']);
  });

  it('acknowledges a press (type 6) before the article is written, then follows with the full story', async () => {
    const reply = await why();
    const full = buttonsOf(reply).find((b) => b.label === 'Full story')!;
    const release = services.hold();
    const { id, token } = fake.sendComponent({ customId: full.custom_id, message: reply });
    const ack = await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
    expect(ack.fields).toMatchObject({ type: 6 });
    expect(fake.calls.some((c) => c.path.includes(token) && c.path.startsWith('/webhooks'))).toBe(false);
    release();
    const followUp = payloadOf(await fake.waitForCall('POST', new RegExp(`^/webhooks/\\d+/${token}$`)));
    expect(followUp.embeds?.[0]?.title).toBe('Crypto falls sharply');
    expect(followUp.embeds?.[0]?.description).toContain('What to watch');
    expect(services.requests.at(-1)).toEqual({ form: 'full', language: 'en' });
    // The full story has no "Full story" button of its own.
    expect(buttonsOf(followUp).map((b) => b.label)).toEqual(['Refresh', 'BTC', 'ETH', 'SOL']);
  });

  it('opens another coin as a new message', async () => {
    const reply = await why();
    const sol = buttonsOf(reply).find((b) => b.label === 'SOL')!;
    const { ack, reply: answer } = await press(sol.custom_id, 'followUp', reply);
    expect(ack.fields).toMatchObject({ type: 6 });
    expect(answer.embeds?.[0]?.title).toBe('SOL falls sharply');
    expect(JSON.stringify(answer.embeds)).toContain('$121.3');
  });

  it('Refresh says how old the data is while the snapshot is cached, and edits in place once it has expired', async () => {
    const reply = await why();
    const refresh = buttonsOf(reply).find((b) => b.label === 'Refresh')!;
    const builtAt = Math.floor(services.current().builtAt / 1000);
    const early = await press(refresh.custom_id, 'followUp', reply);
    expect(early.reply.flags).toBe(64);
    expect(early.reply.content).toContain(`<t:${builtAt.toString()}:f>`);
    expect(early.reply.content).toContain(`<t:${(builtAt + 60).toString()}:R>`);
    services.advance(120_000);
    const later = await press(refresh.custom_id, 'edit', reply);
    expect(later.ack.fields).toMatchObject({ type: 6 });
    expect(later.reply.embeds?.[0]?.title).toBe('Crypto falls sharply');
    const next = buttonsOf(later.reply).find((b) => b.label === 'Refresh')!;
    expect(next.custom_id).not.toBe(refresh.custom_id);
  });

  it('answers a press on a days-old message with the current article, and says so', async () => {
    const reply = await why();
    const btc = buttonsOf(reply).find((b) => b.label === 'BTC')!;
    services.advance(3 * 86_400_000);
    const { reply: answer } = await press(btc.custom_id, 'followUp', reply);
    expect(answer.content).toMatch(/^That button is from <t:\d+:f>; here is the article from today's data\.$/);
    expect(answer.embeds?.[0]?.title).toBe('BTC falls sharply');
  });

  it('answers a press after a restart: a new process knows nothing but the custom_id', async () => {
    const reply = await why();
    const eth = buttonsOf(reply).find((b) => b.label === 'ETH')!;
    await bot.stop();
    services = movingServices();
    services.advance(60_000 + (AT - services.current().builtAt));
    bot = await runBot(config(), services, { logger: memoryLogger().logger });
    const { ack, reply: answer } = await press(eth.custom_id, 'followUp', reply);
    expect(ack.fields).toMatchObject({ type: 6 });
    expect(answer.embeds?.[0]?.title).toBe('ETH falls sharply');
    expect(services.requests).toEqual([{ coin: 'ETH', form: 'short', language: 'en' }]);
  });

  it('ignores a component that is not a whybot button', async () => {
    const { id } = fake.sendComponent({ customId: 'someone-else:1' });
    const { token } = fake.sendSlashCommand({ name: 'help', guildId: GUILD });
    await fake.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`));
    expect(fake.calls.some((c) => c.path.includes(`/interactions/${id}/`))).toBe(false);
  });
});
