// The process logger never writes a Discord or Telegram token: not in fields, not in error messages or
// stacks, not in the URL telegraf puts the token in (/bot<token>/method), not in child bindings; and a
// failed start-up's one-line message on stderr is scrubbed the same way.
import { PassThrough, Writable } from 'node:stream';
import { Telegraf } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.ts';
import { main } from '../../src/cli/whybot.ts';
import { secretScrubber } from '../../src/observability/scrub-secrets.ts';
import { startFakeTelegram } from '../fakes/telegram-server.ts';

const TELEGRAM_TOKEN = '7350917262:AAHd9Kx0QmHfT-secret_telegram-token';
const DISCORD_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhYb2c.s3cr3t-discord-token-value-0123456789ab';

function memoryLogger(level = 'debug') {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const logger = createLogger(level, { destination: sink, secrets: [DISCORD_TOKEN, TELEGRAM_TOKEN] });
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

function expectNoToken(text: string): void {
  expect(text).not.toContain(TELEGRAM_TOKEN);
  expect(text).not.toContain(TELEGRAM_TOKEN.split(':')[1]);
  expect(text).not.toContain(encodeURIComponent(TELEGRAM_TOKEN));
  expect(text).not.toContain(DISCORD_TOKEN);
  expect(text).not.toContain(DISCORD_TOKEN.split('.')[2]);
}

describe('log redaction', () => {
  it('scrubs a real telegraf error, whose message and stack carry the URL with the token', async () => {
    const { logger, text, lines } = memoryLogger();
    // Nothing listens on port 9: telegraf's fetch fails with the request URL (and so the token) in its message.
    const bot = new Telegraf(TELEGRAM_TOKEN, { telegram: { apiRoot: 'http://127.0.0.1:9' } });
    const err = await bot.telegram.getMe().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    // telegraf masks the secret half in its own message; the stack and the cause still go through the scrubber.
    expect(err?.message).toContain('/bot7350917262:');
    logger.error({ err }, 'could not reach telegram');
    logger.warn(
      { error: err, url: `https://api.telegram.org/bot${TELEGRAM_TOKEN}/sendMessage` },
      `request to /bot${TELEGRAM_TOKEN}/getUpdates failed`,
    );
    expectNoToken(text());
    const [first, second] = lines();
    expect(String((first!.err as { message: string }).message)).toContain('/getMe');
    expect(second!.url).toBe('https://api.telegram.org/bot[redacted]/sendMessage');
    expect(second!.msg).toBe('request to /bot[redacted]/getUpdates failed');
  });

  it('scrubs tokens in fields, nested objects, headers, child bindings and messages', () => {
    const { logger, text, lines } = memoryLogger();
    logger.info({ token: TELEGRAM_TOKEN, config: { DISCORD_TOKEN, TELEGRAM_TOKEN } }, 'configured');
    logger.info({ request: { headers: { authorization: `Bot ${DISCORD_TOKEN}` } } }, 'rest call');
    logger.child({ session: `${DISCORD_TOKEN}` }).info('child');
    logger.info(`discord said ${JSON.stringify({ t: DISCORD_TOKEN })}`);
    logger.error({ err: new Error(`login failed for ${DISCORD_TOKEN}`) }, 'login');
    logger.info({ encoded: `https://proxy.example/bot${encodeURIComponent(TELEGRAM_TOKEN)}/getMe` }, 'encoded');
    expectNoToken(text());
    expect(lines()).toHaveLength(6);
    expect(text()).toContain('[redacted]');
  });

  it('scrubs token-shaped text even when the token was not configured', () => {
    const scrub = secretScrubber([]);
    expect(scrub(`GET https://api.telegram.org/bot${TELEGRAM_TOKEN}/getMe`)).toBe(
      'GET https://api.telegram.org/bot[redacted]/getMe',
    );
    expect(scrub(`token=${DISCORD_TOKEN}`)).toBe('token=[redacted]');
    expect(scrub('an ordinary line with /bottom and 12:30')).toBe('an ordinary line with /bottom and 12:30');
  });

  it('keeps ordinary text intact and honours the level', () => {
    const { logger, lines } = memoryLogger('warn');
    logger.info('not written');
    logger.warn({ coin: 'BTC' }, 'written');
    expect(lines()).toEqual([expect.objectContaining({ level: 40, coin: 'BTC', msg: 'written', app: 'whybot' })]);
  });

  it('a refused Telegram login through the real CLI prints one line without the token', async () => {
    const telegram = await startFakeTelegram();
    telegram.fail('getMe', { error_code: 401, description: 'Unauthorized' });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => (err += d));
    const { logger, text } = memoryLogger('debug');
    const code = await main(['start'], {
      stdout,
      stderr,
      logger,
      env: {
        TELEGRAM_TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        WHYBOT_COLLECTOR: 'off',
        WHYBOT_SENTIMENT: 'off',
        WHYBOT_ALERTS: 'off',
        WHYBOT_EXCHANGE_URL: 'http://127.0.0.1:9',
        WHYBOT_DB_PATH: ':memory:',
      },
    }).finally(() => telegram.close());
    expect(code).toBe(2);
    expect(err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(err).toMatch(
      /^whybot: TELEGRAM_TOKEN was refused by Telegram \(401 Unauthorized\): get the current one from @BotFather/,
    );
    expectNoToken(err);
    expectNoToken(text());
  });
});
