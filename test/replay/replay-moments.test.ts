// Any moment inside the data can be replayed, on the real 2024 Binance files shipped in examples/binance:
// between two hourly closes the price is the last close, labelled with its time; finer files (1m) next to the
// hourly ones give the price to the minute and the hour still open; a moment outside the files names the span
// they cover and exits 2; spot and USD-M futures are named as the folders say.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createArticleWriter } from '../../src/app/article-writer.ts';
import { createServices } from '../../src/app/create-services.ts';
import { startReplay } from '../../src/app/replay.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { readSeriesFile } from '../../src/simulator/kline-files.ts';
import { runCli } from '../helpers/run-cli.ts';

const SPOT = fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url));
const FUTURES = fileURLToPath(new URL('../../examples/binance/futures/um/BTCUSDT-1h-2024-08.csv', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'whybot-moments-'));
const env = {
  WHYBOT_SENTIMENT: 'off',
  WHYBOT_COINS: 'BTC',
  WHYBOT_DB_PATH: join(tmp, 'whybot.sqlite'),
  LOG_LEVEL: 'silent',
};
const whybot = (...argv: string[]) => runCli(argv, env);
const HOUR = 3_600_000;
const MIN = 60_000;

interface WhyJson {
  text: string;
  facts: Array<{ id: string; value: number; asOf: string; source: string }>;
  replay: { at: string; market: string; covers: { from: string; to: string } };
}

/** The real candle of the spot file that opens at `iso`. */
function spotCandle(iso: string) {
  const f = readSeriesFile(SPOT);
  if (f.kind !== 'klines') throw new Error('klines expected');
  return f.candles.find((c) => c.t === Date.parse(iso))!;
}

/**
 * A 1m file for the first 45 minutes of the 07:00 hour of 5 August 2024, named and foldered as Binance's daily
 * spot dump. Its prices are generated (no real 1m data ships with the repository) but start at the real hour's
 * open and stay inside the real hour's range.
 */
function oneMinuteFile(): { file: string; closes: number[] } {
  const hour = spotCandle('2024-08-05T07:00:00Z');
  const t0 = hour.t;
  const rows: string[] = [];
  const closes: number[] = [];
  let price = hour.o;
  for (let i = 0; i < 45; i++) {
    const close = Math.round(Math.min(hour.h, Math.max(hour.l, price * (1 + Math.sin(i) / 500))) * 100) / 100;
    const t = t0 + i * MIN;
    rows.push(
      [t, price, Math.max(price, close), Math.min(price, close), close, 1.5, t + MIN - 1, 0, 0, 0, 0, 0].join(','),
    );
    closes.push(close);
    price = close;
  }
  const file = join(tmp, 'data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-08-05.csv');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${rows.join('\n')}\n`);
  return { file, closes };
}

describe('replaying a moment between hourly closes (real August 2024 files)', () => {
  it('answers at 07:30 with the 07:00 close of the spot file, labelled 07:00, and names Binance spot', async () => {
    const { code, out, err } = await whybot(
      'why',
      '--replay',
      SPOT,
      '--at',
      '2024-08-05T07:30:00Z',
      '--format',
      'json',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out) as WhyJson;
    const price = json.facts.find((f) => f.id === 'BTC.price')!;
    expect(price.value).toBe(spotCandle('2024-08-05T06:00:00Z').c);
    expect(price.value).toBe(51_588);
    expect(Date.parse(price.asOf)).toBeLessThanOrEqual(Date.parse('2024-08-05T07:00:00Z'));
    expect(Date.parse(price.asOf)).toBeGreaterThan(Date.parse('2024-08-05T06:59:00Z'));
    expect(json.replay).toMatchObject({
      at: '2024-08-05T07:30:00.000Z',
      market: 'Binance spot',
      covers: { from: '2024-08-01T00:00:00.000Z', to: '2024-09-01T00:00:00.000Z' },
    });
    expect(json.text).toContain('Data: Binance spot, as of 5 August 2024, 07:00 UTC.');
    expect(json.text).not.toMatch(/USD-M|futures/);
  });

  it('names the USD-M futures file as such, with its own price', async () => {
    const { code, out } = await whybot('why', '--replay', FUTURES, '--at', '2024-08-05T07:45:00Z');
    expect(code).toBe(0);
    expect(out).toContain('$51,562');
    expect(out).toContain('Data: Binance USD-M futures, as of 5 August 2024, 07:00 UTC.');
    expect(out).not.toMatch(/spot/i);
  });

  it('says "Binance klines" for a file whose folders do not tell, takes --market, and refuses a contradicting one', async () => {
    const plain = join(tmp, 'downloads/BTCUSDT-1h-2024-08.csv');
    mkdirSync(dirname(plain), { recursive: true });
    writeFileSync(plain, readFileSync(SPOT));
    const unknown = await whybot('why', '--replay', plain, '--at', '2024-08-05T07:00:00Z');
    expect(unknown.out).toContain('Data: Binance klines, as of 5 August 2024, 07:00 UTC.');
    expect(unknown.out).not.toMatch(/spot|USD-M|futures/);
    const told = await whybot('why', '--replay', plain, '--market', 'spot', '--at', '2024-08-05T07:00:00Z');
    expect(told.out).toContain('Data: Binance spot, as of 5 August 2024, 07:00 UTC.');
    const clash = await whybot('why', '--replay', SPOT, '--market', 'usdm');
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(
      /--market usdm contradicts .*spot\/BTCUSDT-1h-2024-08.csv, which the folders say holds Binance spot/,
    );
  });

  it('inside a gap in the files, answers with the last close before it (labelled so) and lists the gap once past it', async () => {
    const f = readSeriesFile(SPOT);
    if (f.kind !== 'klines') throw new Error('klines expected');
    const gapFrom = Date.parse('2024-08-05T03:00:00Z');
    const gapTo = gapFrom + 6 * HOUR;
    const gapped = join(tmp, 'gap/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-08.csv');
    mkdirSync(dirname(gapped), { recursive: true });
    writeFileSync(
      gapped,
      f.candles
        .filter((c) => c.t < gapFrom || c.t >= gapTo)
        .map((c) => [c.t, c.o, c.h, c.l, c.c, c.v].join(','))
        .join('\n'),
    );
    const inside = await whybot('why', '--replay', gapped, '--at', '2024-08-05T08:30:00Z', '--format', 'json');
    expect(inside.code).toBe(0);
    const json = JSON.parse(inside.out) as WhyJson & {
      sources: Array<{ part: string; covers?: { to: string; gaps: unknown[] } }>;
    };
    const price = json.facts.find((f) => f.id === 'BTC.price')!;
    expect(price.value).toBe(spotCandle('2024-08-05T02:00:00Z').c);
    expect(json.text).toContain('as of 5 August 2024, 03:00 UTC');
    expect(json.text).not.toMatch(/try again/i);
    expect(json.sources.find((p) => p.part === 'BTC hourly candles')!.covers).toMatchObject({
      to: '2024-08-05T03:00:00.000Z',
      gaps: [],
    });
    const after = JSON.parse(
      (await whybot('why', '--replay', gapped, '--at', '2024-08-05T12:00:00Z', '--format', 'json')).out,
    ) as typeof json;
    expect(after.sources.find((p) => p.part === 'BTC hourly candles')!.covers!.gaps).toEqual([
      { from: '2024-08-05T03:00:00.000Z', to: '2024-08-05T09:00:00.000Z' },
    ]);
    // no daily candle is built for 5 August from the hours around the gap: the day is not closed at 12:00
    expect(after.sources.find((p) => p.part === 'BTC daily candles')!.covers).toMatchObject({
      to: '2024-08-05T00:00:00.000Z',
    });
  });

  it.each([
    ['after the files end', '2024-09-05T07:30:00Z'],
    ['before the files begin', '2024-07-20T00:00:00Z'],
    ['before their first candle closes', '2024-08-01T00:30:00Z'],
  ])('refuses a moment %s, naming the span the files cover, with exit code 2', async (why, at) => {
    const { code, out, err } = await whybot('why', '--replay', SPOT, '--at', at);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(why);
    expect(err).toContain('the files cover 2024-08-01 00:00 UTC to 2024-09-01 00:00 UTC, Binance spot.');
    expect(err).not.toMatch(/can't reach/);
  });

  it('takes the price to the minute from 1m files given next to the hourly ones, and builds the open hour from them', async () => {
    const { file, closes } = oneMinuteFile();
    const at = Date.parse('2024-08-05T07:16:30Z');
    const replay = await startReplay([SPOT, file], at);
    const config = loadConfig({ WHYBOT_COINS: 'BTC', LOG_LEVEL: 'silent', WHYBOT_SENTIMENT: 'off' }, PLATFORMS);
    const services = createServices({
      config,
      writer: createArticleWriter(config),
      now: () => at,
      exchangeUrl: replay.simulator.url,
      replay: replay.info,
    });
    try {
      expect(replay.info).toMatchObject({ finestIntervalMs: MIN, market: { label: 'Binance spot' } });
      const { snapshot, facts } = await services.explain({ form: 'short' });
      const ticker = snapshot.tickers.ok ? snapshot.tickers.value.BTC! : undefined;
      // the 07:15 minute closed at 07:16: its close is the price, labelled with that time
      expect(ticker?.price).toBe(closes[15]);
      expect(ticker!.at).toBeGreaterThan(Date.parse('2024-08-05T07:15:59Z'));
      expect(ticker!.at).toBeLessThanOrEqual(Date.parse('2024-08-05T07:16:00Z'));
      // no price exists 24 h before 07:16 in these files (1h candles there): the ticker states no 24h change
      expect(ticker?.changePct).toBeUndefined();
      expect(facts?.focus.price?.value).toBe(closes[15]);
      // the snapshot carries the 1m candles with their real span
      const fine = snapshot.fine?.BTC;
      expect(fine?.ok && fine.coverage).toEqual({
        intervalMs: MIN,
        from: Date.parse('2024-08-05T07:00:00Z'),
        to: Date.parse('2024-08-05T07:16:00Z'),
        gaps: [],
      });
      // the hourly series the exchange serves ends with the open 07:00 hour, built from the 16 closed minutes
      const klines = (await (
        await fetch(`${replay.simulator.url}/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=2`)
      ).json()) as Array<[number, string, string, string, string]>;
      const open = klines[klines.length - 1]!;
      expect(open[0]).toBe(Date.parse('2024-08-05T07:00:00Z'));
      expect(Number(open[4])).toBe(closes[15]);
      expect(Number(open[3])).toBe(Math.min(...closes.slice(0, 16), spotCandle('2024-08-05T07:00:00Z').o));
      // and the closed hours are the real file's, untouched
      expect(Number(klines[0]![4])).toBe(51_588);
    } finally {
      services.close();
      await replay.close();
    }
  });

  it("the 24h ticker spans exactly 24 h: at a close it is the real file's change from the open 24 h earlier", async () => {
    const replay = await startReplay([SPOT], Date.parse('2024-08-05T07:00:00Z'));
    try {
      const body = (await (await fetch(`${replay.simulator.url}/fapi/v1/ticker/24hr?symbol=BTCUSDT`)).json()) as Record<
        string,
        string | number
      >;
      expect(body.openTime).toBe(Date.parse('2024-08-04T07:00:00Z'));
      expect(Number(body.openPrice)).toBe(spotCandle('2024-08-04T07:00:00Z').o);
      expect(Number(body.lastPrice)).toBe(51_588);
      expect(Number(body.lowPrice)).toBe(49_000);
    } finally {
      await replay.close();
    }
    // a file that starts less than 24 h before the moment: no change at all, and the real start of the data
    const short = join(tmp, 'short/BTCUSDT-1h-2024-08.csv');
    mkdirSync(dirname(short), { recursive: true });
    const f = readSeriesFile(SPOT);
    if (f.kind !== 'klines') throw new Error('klines expected');
    const from = Date.parse('2024-08-04T20:00:00Z');
    writeFileSync(
      short,
      f.candles
        .filter((c) => c.t >= from && c.t < from + 11 * HOUR)
        .map((c) => [c.t, c.o, c.h, c.l, c.c, c.v].join(','))
        .join('\n'),
    );
    const r2 = await startReplay([short], Date.parse('2024-08-05T07:00:00Z'));
    try {
      const body = (await (await fetch(`${r2.simulator.url}/fapi/v1/ticker/24hr?symbol=BTCUSDT`)).json()) as Record<
        string,
        unknown
      >;
      expect(body.openTime).toBe(from);
      expect(body).not.toHaveProperty('priceChangePercent');
      expect(body).not.toHaveProperty('openPrice');
    } finally {
      await r2.close();
    }
  });
});
