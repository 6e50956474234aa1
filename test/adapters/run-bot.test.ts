// runBot: which adapters start for which settings, start-up failures, and both chat adapters in one process.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { CommandRegistryError } from '../../src/adapters/registry.ts';
import { runBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';

let discord: FakeDiscord;
let telegram: FakeTelegram;
beforeAll(async () => {
  [discord, telegram] = await Promise.all([startFakeDiscord(), startFakeTelegram()]);
});
afterAll(async () => {
  await Promise.all([discord?.close(), telegram?.close()]);
});

describe('runBot', () => {
  it('fails at start-up when two commands share a name', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' }, PLATFORMS);
    await expect(
      runBot(config, fixedServices(), { commands: [...commands, commands[0]!], logger: memoryLogger().logger }),
    ).rejects.toThrow(CommandRegistryError);
  });

  it('opens the terminal prompt when no chat token is set', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (c: Buffer) => (written += c.toString('utf8')));
    const bot = await runBot(loadConfig({}, PLATFORMS), fixedServices(), {
      input,
      output,
      logger: memoryLogger().logger,
    });
    expect(bot.adapters).toEqual(['terminal']);
    input.end('/help\n');
    await bot.finished;
    expect(written).toContain('/levels [coin]: Support and resistance levels');
    await bot.stop();
  });

  it('runs Discord (global commands) and Telegram in one process over the same commands', async () => {
    const config = loadConfig(
      {
        DISCORD_TOKEN: 'd-token',
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_APP_ID: '1100000000000000009',
        TELEGRAM_TOKEN: '1:t',
        TELEGRAM_API_ROOT: telegram.apiRoot,
      },
      PLATFORMS,
    );
    const bot = await runBot(config, fixedServices(), { logger: memoryLogger().logger });
    try {
      expect(bot.adapters).toEqual(['discord', 'telegram']);
      const put = discord.calls.find((c) => c.method === 'PUT');
      expect(put?.path).toBe('/applications/1100000000000000009/commands');
      telegram.sendUserMessage({ chatId: 9, text: '/why btc' });
      const [sent] = await telegram.waitForCalls('sendMessage');
      expect(String(sent?.fields.text)).toContain('<b>BTC falls sharply</b>');
      const { token } = discord.sendSlashCommand({ name: 'why', options: [{ name: 'coin', type: 3, value: 'btc' }] });
      const edit = await discord.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`));
      expect(JSON.stringify(edit.fields)).toContain('BTC falls sharply');
    } finally {
      await bot.stop();
    }
  });

  it('rejects when a chat platform refuses the token, and stops the adapters that did start', async () => {
    telegram.fail('getMe', { error_code: 401, description: 'Unauthorized' });
    const log = memoryLogger();
    const config = loadConfig(
      {
        DISCORD_TOKEN: 'd-token',
        DISCORD_API_URL: discord.apiUrl,
        TELEGRAM_TOKEN: '1:bad',
        TELEGRAM_API_ROOT: telegram.apiRoot,
      },
      PLATFORMS,
    );
    await expect(runBot(config, fixedServices(), { logger: log.logger })).rejects.toThrow('401: Unauthorized');
    for (let i = 0; i < 100 && discord.gatewayConnections() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(discord.gatewayConnections()).toBe(0); // the Discord adapter that did start was stopped
  });

  it('retries Telegram while it answers 502 at start-up, logging each try, and serves once it is back', async () => {
    telegram.fail('getMe', { error_code: 502, description: 'Bad Gateway' }, 2);
    const log = memoryLogger();
    const bot = await runBot(
      loadConfig({ TELEGRAM_TOKEN: '1:t', TELEGRAM_API_ROOT: telegram.apiRoot }, PLATFORMS),
      fixedServices(),
      { logger: log.logger },
    );
    try {
      expect(bot.adapters).toEqual(['telegram']);
      expect(
        log.lines
          .filter((l) => l.msg === 'cannot reach Telegram at start-up; retrying with backoff (up to every 30 s)')
          .map((l) => l.attempt),
      ).toEqual([1, 2]);
    } finally {
      await bot.stop();
    }
  });

  it('keeps retrying an unreachable Discord (not fatal) until the start is aborted', async () => {
    const log = memoryLogger();
    const abort = new AbortController();
    const started = runBot(
      loadConfig({ DISCORD_TOKEN: 'x'.repeat(70), DISCORD_API_URL: 'http://127.0.0.1:9/api' }, PLATFORMS),
      fixedServices(),
      { logger: log.logger, signal: abort.signal },
    );
    for (let i = 0; i < 500 && log.lines.filter((l) => l.adapter === 'Discord').length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    await expect(started).rejects.toThrow(/aborted/);
    expect(
      log.lines.filter((l) => l.msg === 'cannot reach Discord at start-up; retrying with backoff (up to every 30 s)')
        .length,
    ).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('rejects when Discord refuses the token', async () => {
    discord.fail({
      method: 'GET',
      path: /^\/gateway\/bot$/,
      status: 401,
      body: { message: '401: Unauthorized', code: 0 },
    });
    const config = loadConfig({ DISCORD_TOKEN: 'bad', DISCORD_API_URL: discord.apiUrl }, PLATFORMS);
    await expect(runBot(config, fixedServices(), { logger: memoryLogger().logger })).rejects.toThrow(
      /Unauthorized|token/i,
    );
  });
});
