// Configuration: defaults, one clear line per bad setting, and .env.example listing every setting.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CheckInput } from '../../src/config/checks.ts';
import { ConfigError, fullSchema, loadConfig } from '../../src/config/load-config.ts';
import { closestSetting, sharedPrefixes } from '../../src/config/names.ts';

// every setting: the base ones and each chat platform's
const configSchema = fullSchema(PLATFORMS);

const ENV_EXAMPLE = new URL('../../.env.example', import.meta.url);

describe('loadConfig', () => {
  it('gives sensible defaults for an empty environment', () => {
    const config = loadConfig({}, PLATFORMS);
    expect(config.WHYBOT_COINS).toEqual(['BTC', 'ETH', 'BNB', 'SOL', 'XRP']);
    expect(config.WHYBOT_EXCHANGE).toBe('binanceusdm');
    expect(config.WHYBOT_SNAPSHOT_TTL_SECONDS).toBe(60);
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('treats empty values as unset and normalises the coin list', () => {
    const config = loadConfig(
      { WHYBOT_COINS: ' btc, sol ,', DISCORD_TOKEN: '', WHYBOT_SNAPSHOT_TTL_SECONDS: '30' },
      PLATFORMS,
    );
    expect(config.WHYBOT_COINS).toEqual(['BTC', 'SOL']);
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.WHYBOT_SNAPSHOT_TTL_SECONDS).toBe(30);
  });

  it('names every bad setting on its own line', () => {
    let error: unknown;
    try {
      loadConfig({ WHYBOT_SNAPSHOT_TTL_SECONDS: 'soon', LOG_LEVEL: 'loud', DISCORD_API_URL: 'not a url' }, PLATFORMS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.some((p) => p.startsWith('WHYBOT_SNAPSHOT_TTL_SECONDS'))).toBe(true);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DISCORD_API_URL'))).toBe(true);
  });
});

describe('.env.example', () => {
  const text = readFileSync(ENV_EXAMPLE, 'utf8');
  const listed = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);

  it('lists every setting of the schema, and nothing else', () => {
    expect([...listed].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('holds values the schema accepts', () => {
    const env = Object.fromEntries([...text.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => loadConfig(env, PLATFORMS)).not.toThrow();
  });
});

describe('a Docker run with a copied .env.example', () => {
  it('keeps the database inside the volume and the health server on, on every interface', () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    // the image's ENV (KEY=VALUE pairs, continued over lines) and its volume
    const envBlock = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtimeStage)![1]!;
    const imageEnv = Object.fromEntries([...envBlock.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const volume = /^VOLUME \["([^"]+)"\]/m.exec(runtimeStage)![1]!;
    // `docker run --env-file .env`: every KEY=VALUE line, verbatim, over the image's ENV (comments skipped)
    const envFile = Object.fromEntries(
      [...readFileSync(ENV_EXAMPLE, 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    const config = loadConfig({ ...imageEnv, ...envFile }, PLATFORMS);
    expect(config.WHYBOT_DB_PATH.startsWith(`${volume}/`)).toBe(true);
    expect(config.WHYBOT_HEALTH_PORT).toBe(9464);
    expect(config.WHYBOT_HEALTH_HOST).toBe('0.0.0.0');
  });
});

describe('ranges and names', () => {
  it('bounds every number setting: a value above what a timer holds (2^31 ms) is refused, never cut short', () => {
    const shape = configSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
    const numeric = Object.keys(shape).flatMap((key) =>
      [1, -1]
        .filter((sign) => [5, 500].some((n) => typeof shape[key]!.safeParse(String(sign * n)).data === 'number'))
        .map((sign) => [key, sign] as const),
    );
    expect(numeric.length).toBeGreaterThanOrEqual(23);
    for (const [key, sign] of numeric)
      expect(() => loadConfig({ [key]: String(sign * 2 ** 31) }, PLATFORMS), key).toThrow(ConfigError);
  });

  it('leaves other programs\u2019 variables alone', () => {
    expect(() =>
      loadConfig(
        {
          PATH: '/usr/bin',
          HOME: '/root',
          TERM: 'xterm',
          TZ: 'UTC',
          NODE_ENV: 'production',
          HOSTNAME: 'box',
          PORT: '80',
          HTTP_PROXY: 'http://p',
          // the test suites' own (one word more than DATABASE_URL and REDIS_URL, outside whybot's prefixes)
          DATABASE_URL_TEST: 'postgres://postgres@127.0.0.1:5432/test',
          REDIS_URL_TEST: 'redis://127.0.0.1:6379',
        },
        PLATFORMS,
      ),
    ).not.toThrow();
  });

  it('reads numbers written in decimal only, and the default rules need not name a tracked coin', () => {
    const config = loadConfig(
      { WHYBOT_CHART_QUEUE: ' 4096 ', WHYBOT_REGIME_CRASH_PCT: '-9.5', WHYBOT_COINS: 'eth' },
      PLATFORMS,
    );
    expect(config.WHYBOT_CHART_QUEUE).toBe(4096);
    expect(config.WHYBOT_REGIME_CRASH_PCT).toBe(-9.5);
    for (const text of ['0x1000', '0b11', '1e3', 'Infinity', '12abc'])
      expect(() => loadConfig({ WHYBOT_CHART_QUEUE: text }, PLATFORMS), text).toThrow(ConfigError);
  });

  it('derives the prefixes it watches from the schema, so settings added elsewhere are covered', () => {
    expect(sharedPrefixes(Object.keys(configSchema.shape)).sort()).toEqual(
      expect.arrayContaining(['DISCORD_', 'TELEGRAM_', 'WHYBOT_']),
    );
    expect(sharedPrefixes(['SLACK_TOKEN', 'SLACK_APP_ID', 'LOG_LEVEL'])).toEqual(['SLACK_']);
    expect(closestSetting('SLACK_BOT_TOKEN', ['SLACK_TOKEN', 'SLACK_APP_ID'], true)).toBe('SLACK_TOKEN');
  });
});

describe('platform settings come from the table', () => {
  // a platform config has never heard of: its settings, secret and checks reach loadConfig through the table alone
  const chirp = {
    name: 'chirp',
    settings: { CHIRP_TOKEN: z.string().optional(), CHIRP_RATE: z.coerce.number().int().min(1).default(5) },
    secrets: ['CHIRP_TOKEN'],
    problems: ({ config }: CheckInput) =>
      config.CHIRP_TOKEN === 'x' ? ['CHIRP_TOKEN is too short: paste the whole token'] : [],
  };

  it('GIVEN a new platform in the table THEN its settings are read, checked, and its secret never shown', () => {
    const config = loadConfig({ CHIRP_TOKEN: 'abc' }, [...PLATFORMS, chirp]);
    expect(config.CHIRP_TOKEN).toBe('abc');
    expect(config.CHIRP_RATE).toBe(5);
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, [...PLATFORMS, chirp]);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ CHIRP_TOKEN: 'x' })).toEqual(['CHIRP_TOKEN is too short: paste the whole token']);
    const secret = { ...chirp, settings: { ...chirp.settings, CHIRP_TOKEN: z.string().min(10) } };
    let error: unknown;
    try {
      loadConfig({ CHIRP_TOKEN: 'short-secret' }, [secret]);
      loadConfig({ CHIRP_TOKEN: 'tiny' }, [secret]);
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'CHIRP_TOKEN must have at least 10 characters (got (value hidden))',
    ]);
    // without it in the table, its settings are not whybot's
    expect(loadConfig({ CHIRP_TOKEN: 'abc' }, PLATFORMS).CHIRP_TOKEN).toBeUndefined();
  });
});
