// Bad configuration through the real CLI entry: every kind of problem gives one clear line on stderr
// (naming the setting, never echoing a token) and exit code 2, before anything starts.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { PROCESS_TEST_TIMEOUT_MS } from '../helpers/testkit.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = '7350917262:AAHd9Kx0-secret-telegram-token-value';

async function start(env: Record<string, string>): Promise<{ code: number; lines: string[]; out: string }> {
  const { code, out, err } = await runCli(['start'], { LOG_LEVEL: 'silent', ...env });
  return { code, lines: err.split('\n').filter((l) => l !== ''), out };
}

describe('start-up with a bad configuration (real CLI entry)', () => {
  const cases: Array<{ kind: string; env: Record<string, string>; line: RegExp }> = [
    {
      kind: 'not a number',
      env: { WHYBOT_SNAPSHOT_TTL_SECONDS: 'x' },
      line: /^whybot: WHYBOT_SNAPSHOT_TTL_SECONDS must be a number \(got "x"\)$/,
    },
    {
      kind: 'not a whole number',
      env: { WHYBOT_HTTP_TIMEOUT_MS: '1.5' },
      line: /^whybot: WHYBOT_HTTP_TIMEOUT_MS must be a whole number \(got "1.5"\)$/,
    },
    {
      kind: 'a number below its range',
      env: { WHYBOT_CHART_WIDTH: '0' },
      line: /^whybot: WHYBOT_CHART_WIDTH must be at least 320 \(got "0"\)$/,
    },
    {
      kind: 'a timeout longer than a timer holds (2^31 ms)',
      env: { WHYBOT_HTTP_TIMEOUT_MS: '2147483648' },
      line: /^whybot: WHYBOT_HTTP_TIMEOUT_MS must be at most 120000 \(got "2147483648"\)$/,
    },
    {
      kind: 'a URL of another scheme',
      env: { WHYBOT_EXCHANGE_URL: 'ftp://127.0.0.1/' },
      line: /^whybot: WHYBOT_EXCHANGE_URL must be a URL starting with http:\/\/ or https:\/\/ \(got "ftp:\/\/127.0.0.1\/"\)$/,
    },
    {
      kind: 'a websocket setting given an http URL',
      env: { WHYBOT_PRICE_WS_URL: 'http://127.0.0.1:9' },
      line: /^whybot: WHYBOT_PRICE_WS_URL must be a URL starting with ws:\/\/ or wss:\/\/ /,
    },
    {
      kind: 'a misspelt token setting',
      env: { DISCORD_TOKNE: 'x' },
      line: /^whybot: DISCORD_TOKNE is not a whybot setting \(did you mean DISCORD_TOKEN\?\)/,
    },
    {
      kind: 'a misspelt Telegram token setting',
      env: { TELEGRAM_TOKN: 'x' },
      line: /^whybot: TELEGRAM_TOKN is not a whybot setting \(did you mean TELEGRAM_TOKEN\?\)/,
    },
    {
      kind: 'a misspelt log level',
      env: { LOG_LEVL: 'debug' },
      line: /^whybot: LOG_LEVL is not a whybot setting \(did you mean LOG_LEVEL\?\)/,
    },
    {
      kind: 'a setting given the WHYBOT_ prefix it does not have',
      env: { WHYBOT_DISCORD_TOKEN: 'x' },
      line: /^whybot: WHYBOT_DISCORD_TOKEN is not a whybot setting \(did you mean DISCORD_TOKEN\?\)/,
    },
    {
      kind: 'a setting without its WHYBOT_ prefix',
      env: { COINS: 'BTC' },
      line: /^whybot: COINS is not a whybot setting \(did you mean WHYBOT_COINS\?\)/,
    },
    {
      kind: 'a port out of range',
      env: { WHYBOT_HEALTH_PORT: '70000' },
      line: /^whybot: WHYBOT_HEALTH_PORT must be at most 65535 \(got "70000"\)$/,
    },
    {
      kind: 'not one of the choices',
      env: { LOG_LEVEL: 'loud' },
      line: /^whybot: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)$/,
    },
    {
      kind: 'a bad entry in a list',
      env: { WHYBOT_LIQ_EXCHANGES: 'binanceusdm,kraken' },
      line: /^whybot: WHYBOT_LIQ_EXCHANGES: "kraken" is not accepted; each entry must be one of binanceusdm, bybit, okx, gate, dydx, htx, bitmex$/,
    },
    {
      kind: 'not a URL',
      env: { TELEGRAM_API_ROOT: 'api.telegram.org' },
      line: /^whybot: TELEGRAM_API_ROOT must be a URL such as https:\/\/example.com \(got "api.telegram.org"\)$/,
    },
    {
      kind: 'not a Discord id',
      env: { DISCORD_TOKEN: 'x'.repeat(60), DISCORD_GUILD_ID: 'my-server' },
      line: /^whybot: DISCORD_GUILD_ID must be a Discord id \(digits\) \(got "my-server"\)$/,
    },
    {
      kind: 'a misspelt setting',
      env: { WHYBOT_COIN: 'BTC' },
      line: /^whybot: WHYBOT_COIN is not a whybot setting \(did you mean WHYBOT_COINS\?\): see .env.example for the list$/,
    },
    {
      kind: 'a Discord id without the Discord token',
      env: { DISCORD_GUILD_ID: '123456789012345678' },
      line: /^whybot: DISCORD_GUILD_ID is set but DISCORD_TOKEN is missing: set the bot token, or remove DISCORD_GUILD_ID$/,
    },
    {
      kind: 'a Discord token with the "Bot " prefix',
      env: { DISCORD_TOKEN: 'Bot abcdefghijklmnop' },
      line: /^whybot: DISCORD_TOKEN starts with "Bot ": give the token alone/,
    },
    {
      kind: 'a Telegram token in the Discord setting',
      env: { DISCORD_TOKEN: TOKEN },
      line: /^whybot: DISCORD_TOKEN looks like a Telegram token .*did you mean TELEGRAM_TOKEN\?$/,
    },
    {
      kind: 'a Telegram token of the wrong shape',
      env: { TELEGRAM_TOKEN: 'secret-but-malformed-token' },
      line: /^whybot: TELEGRAM_TOKEN does not look like a token from @BotFather/,
    },
    { kind: 'an empty coin list', env: { WHYBOT_COINS: ' , ' }, line: /^whybot: WHYBOT_COINS lists no coin/ },
    {
      kind: 'the collector on with no exchange',
      env: { WHYBOT_LIQ_EXCHANGES: ',' },
      line: /^whybot: WHYBOT_COLLECTOR is on but WHYBOT_LIQ_EXCHANGES lists no exchange/,
    },
    {
      kind: 'the Discord token under the name other bots use',
      env: { DISCORD_BOT_TOKEN: 'x' },
      line: /^whybot: DISCORD_BOT_TOKEN is not a whybot setting \(did you mean DISCORD_TOKEN\?\): see .env.example for the list$/,
    },
    {
      kind: 'the Telegram token under the name other bots use',
      env: { TELEGRAM_BOT_TOKEN: TOKEN },
      line: /^whybot: TELEGRAM_BOT_TOKEN is not a whybot setting \(did you mean TELEGRAM_TOKEN\?\): see .env.example for the list$/,
    },
    {
      kind: 'a platform setting with an extra word',
      env: { TELEGRAM_WEBHOOK_SECRET_TOKEN: 'abc' },
      line: /^whybot: TELEGRAM_WEBHOOK_SECRET_TOKEN is not a whybot setting \(did you mean TELEGRAM_WEBHOOK_SECRET\?\)/,
    },
    {
      kind: 'coins separated by semicolons',
      env: { WHYBOT_COINS: 'BTC;ETH' },
      line: /^whybot: WHYBOT_COINS: "BTC;ETH" is not accepted; each entry must be a coin symbol .*separated by commas: BTC,ETH$/,
    },
    {
      kind: 'a market instead of a coin',
      env: { WHYBOT_COINS: 'BTCUSDT,ETH' },
      line: /^whybot: WHYBOT_COINS: "BTCUSDT" is a market, not a coin: write BTC \(the quote currency is WHYBOT_QUOTE, USDT\)$/,
    },
    {
      kind: 'a Redis URL of another scheme',
      env: { REDIS_URL: 'http://127.0.0.1:6379' },
      line: /^whybot: REDIS_URL must be a URL starting with redis:\/\/ or rediss:\/\/ \(got "http:\/\/127.0.0.1:6379"\)$/,
    },
    {
      kind: 'a number in hexadecimal',
      env: { WHYBOT_CHART_QUEUE: '0x1000' },
      line: /^whybot: WHYBOT_CHART_QUEUE must be a number \(got "0x1000"\)$/,
    },
    {
      kind: 'a number in exponent notation',
      env: { WHYBOT_SNAPSHOT_TTL_SECONDS: '1e3' },
      line: /^whybot: WHYBOT_SNAPSHOT_TTL_SECONDS must be a number \(got "1e3"\)$/,
    },
    {
      kind: 'an alert rule on a rise',
      env: { WHYBOT_ALERT_RULES: 'BTC:+3%:1h' },
      line: /^whybot: WHYBOT_ALERT_RULES must be rules such as .*: Alerts watch drops only: a threshold with a plus sign is a rise.* \(got "BTC:\+3%:1h"\)$/,
    },
    {
      kind: 'an alert rule on a coin that is not tracked',
      env: { WHYBOT_COINS: 'BTC,ETH', WHYBOT_ALERT_RULES: 'BTC:-3%:1h,DOGE:-5%:4h' },
      line: /^whybot: WHYBOT_ALERT_RULES has a rule on DOGE, which is not tracked \(WHYBOT_COINS is BTC,ETH\): add DOGE to WHYBOT_COINS or change the rule$/,
    },
    {
      kind: 'regime thresholds out of order',
      env: { WHYBOT_REGIME_CRASH_PCT: '-2' },
      line: /^whybot: WHYBOT_REGIME_CRASH_PCT \(-2\) must be below WHYBOT_REGIME_SELLOFF_PCT \(-3\)/,
    },
  ];

  for (const c of cases) {
    it(`${c.kind}: one line, exit 2`, async () => {
      const { code, lines, out } = await start(c.env);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(c.line);
    });
  }

  it('names every problem at once, one line each, and never repeats a token', async () => {
    const { code, lines } = await start({
      WHYBOT_SNAPSHOT_TTL_SECONDS: 'soon',
      WHYBOT_COLLECTOR: 'maybe',
      DISCORD_API_URL: 'nope',
      TELEGRAM_TOKEN: 'not-a-real-token-but-secret',
      DISCORD_TOKEN: `Bot ${TOKEN}`,
    });
    expect(code).toBe(2);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^whybot: [A-Z_]+ /);
    expect(lines.join('\n')).not.toContain('not-a-real-token-but-secret');
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('a bad value in the real process: `WHYBOT_SNAPSHOT_TTL_SECONDS=x node src/main.ts` prints one line and exits 2', {
    timeout: PROCESS_TEST_TIMEOUT_MS,
  }, async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', WHYBOT_SNAPSHOT_TTL_SECONDS: 'x' };
    const error = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stdout).toBe('');
    expect(error?.stderr).toBe('whybot: WHYBOT_SNAPSHOT_TTL_SECONDS must be a number (got "x")\n');
  });
});
