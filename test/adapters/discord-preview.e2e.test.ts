// The README's picture of a /why reply with its buttons, from a real replay: the real services replay Binance's
// spot BTCUSDT hourly klines of August 2024 at 2024-08-05 07:00 UTC; the real discord.js answers /why btc on the
// fake Discord; the edited reply (embed, chart attachment, button rows) is drawn as Discord shows it and
// rasterised with resvg. WHYBOT_WRITE_DOCS=1 writes it to docs/why-discord.png; otherwise the committed picture
// must be the one drawn now, so the README never shows an outdated reply.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { svgToPng } from '../../src/chart/png.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { discordPreviewSvg, type PreviewMessage } from '../helpers/discord-preview.ts';

const DOCS_PNG = fileURLToPath(new URL('../../docs/why-discord.png', import.meta.url));

let fake: FakeDiscord;
let bot: RunningBot;
let replay: Awaited<ReturnType<typeof replayServices>>;

beforeAll(async () => {
  [fake, replay] = await Promise.all([
    startFakeDiscord(),
    replayServices('2024-08-05T07:00:00Z', { env: { WHYBOT_COINS: 'BTC,ETH,SOL' } }),
  ]);
  const config = loadConfig(
    { DISCORD_TOKEN: 'fake-discord-token', DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' },
    PLATFORMS,
  );
  bot = await runBot(config, replay.services, { logger: memoryLogger().logger });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await replay?.close();
});

describe('a /why reply as Discord shows it', () => {
  it('draws the replayed article with its chart and buttons', async () => {
    const { token } = fake.sendSlashCommand({
      name: 'why',
      guildId: '1500000000000000001',
      options: [{ name: 'coin', type: 3, value: 'btc' }],
    });
    const edit = await fake.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`), 60_000);
    const payload = JSON.parse(String(edit.fields.payload_json)) as PreviewMessage;
    const chart = edit.files[0];
    expect(chart?.type).toBe('image/png');
    const png = Buffer.from(chart!.bytes);
    const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }; // the IHDR chunk
    const svg = discordPreviewSvg(payload, { png: chart!.bytes, ...size });
    const labels = payload.components?.flatMap((r) => r.components.map((c) => c.label)) ?? [];
    expect(labels).toEqual(['Full story', 'Refresh', 'Market', 'ETH', 'SOL']);
    for (const label of labels) expect(svg).toContain(`>${label ?? ''}</text>`);
    expect(payload.embeds[0]?.description).toMatch(/Replay/);
    expect(payload.embeds[0]?.description).toMatch(/<t:1722841200:f>/);
    const image = svgToPng(svg);
    expect(image.width).toBe(820);
    expect(image.height).toBeGreaterThan(400);
    if (process.env.WHYBOT_WRITE_DOCS === '1') writeFileSync(DOCS_PNG, image.png);
    // the README's picture is the reply as it is now (drawing is deterministic): when the reply changes, redraw it
    // with WHYBOT_WRITE_DOCS=1 npx vitest run test/adapters/discord-preview.e2e.test.ts
    expect(
      Buffer.from(image.png).equals(readFileSync(DOCS_PNG)),
      'docs/why-discord.png is out of date: redraw it with WHYBOT_WRITE_DOCS=1',
    ).toBe(true);
  }, 60_000);
});
