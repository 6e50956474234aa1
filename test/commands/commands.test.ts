// Each command's run against a fixed snapshot: what it says, which figures it states, and what it leaves out.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { levelsDocument } from '../../commands/levels.ts';
import { liquidationReply } from '../../commands/liqs.ts';
import { statusReply } from '../../commands/status.ts';
import type { NoticeReply, Reply } from '../../src/core/reply.ts';
import type { Invocation, OptionValues } from '../../commands/types.ts';
import type { MarketSnapshot } from '../../src/gather/types.ts';
import { AT, articleFrom, fixedServices, fixedSnapshot } from '../fakes/fixed-services.ts';

const services = fixedServices();
const english = services.languages.pack('en').words;
const ui = services.languages.pack('en').ui;

function run(name: string, options: OptionValues = {}): Promise<Reply> {
  const command = commands.find((c) => c.name === name);
  if (command === undefined) throw new Error(name);
  const invocation: Invocation = {
    command: name,
    options,
    platform: 'terminal',
    user: { id: 'u' },
    chat: { id: 'c', kind: 'terminal' },
    catalog: commands,
    language: 'en',
    ui: services.languages.pack('en').ui,
  };
  return command.run(invocation, services);
}

const notice = (reply: Reply): NoticeReply => {
  if (reply.kind !== 'notice') throw new Error('expected a notice');
  return reply;
};
const noGarbage = (text: string) => expect(text).not.toMatch(/NaN|undefined|Infinity|null/);

describe('help', () => {
  it('lists every command from the one list, marks moderator commands, and names the tracked coins', async () => {
    const reply = notice(await run('help'));
    expect(reply.lines.slice(0, commands.length)).toEqual([
      '/why [coin] [full] [date]: Why is crypto moving today? A short article from live market data.',
      '/levels [coin]: Support and resistance levels to watch, from recent candles.',
      '/liqs [1h|4h|24h|7d|30d]: Liquidations collected over a window (at least; public streams undercount).',
      '/status: Data sources, how fresh they are, liquidation coverage, and uptime.',
      '/help: What I can do and how to ask.',
      '/digest [set|off|show|now] [time] [zone]: Schedule a daily market digest in this chat. (moderators only)',
      '/alerts [on|off|show] [threshold] [15m|30m|1h|4h|12h|24h] [coin]: Automatic posts when the market moves sharply. (moderators only)',
      '/language [language]: The language I write in for this chat. (moderators only)',
    ]);
    expect(reply.lines).toContain('Coins I track: BTC, ETH, SOL.');
  });
});

describe('why', () => {
  it('asks for the article with the resolved coin and form', async () => {
    const reply = await run('why', { coin: 'eth', full: true });
    expect(services.requests.at(-1)).toEqual({ coin: 'ETH', form: 'full', language: 'en' });
    expect(reply.kind === 'article' && reply.document.title).toBe('ETH falls sharply');
    await run('why');
    expect(services.requests.at(-1)).toEqual({ form: 'short', language: 'en' });
  });

  it('throws UnknownCoinError for a coin that is not tracked, before asking for an article', async () => {
    const asked = services.requests.length;
    await expect(run('why', { coin: 'doge' })).rejects.toThrow("I don't track doge; try one of BTC, ETH, SOL.");
    expect(services.requests.length).toBe(asked);
  });
});

describe('levels', () => {
  it('keeps only the level sections of the full article, and the figures they state', async () => {
    const reply = await run('levels', { coin: 'btc' });
    if (reply.kind !== 'article') throw new Error('expected an article');
    expect(reply.document.title).toBe('BTC: levels to watch');
    expect(reply.document.sections.map((s) => s.id)).toEqual(['watch']);
    expect(reply.document.figures.map((f) => f.id)).toEqual(['BTC.price']);
  });

  it('says plainly when the article has no level section', () => {
    const short = articleFrom(fixedSnapshot(), { form: 'short' });
    expect(levelsDocument(short, 'BTC', ui)).toBeUndefined();
  });
});

describe('liqs', () => {
  it('states the 24h totals as lower bounds, each as a figure with source and time', async () => {
    const reply = notice(await run('liqs'));
    expect(reply.title).toBe('Liquidations, last 24h');
    expect(reply.lines).toEqual([
      'At least $237M liquidated on Binance USD-M and Bybit in 1,234 liquidations: longs $201M, shorts $36.4M.',
      'By venue: Bybit $131M and Binance USD-M $106M.',
      'Most liquidated: BTC $140M, ETH $97.4M.',
      'Largest single one: a $4.5M BTC long on Bybit at 2024-08-05 06:10 UTC.',
      'Counted on Binance USD-M (a sample: at most one per symbol per second) and Bybit; Hyperliquid publishes no liquidation feed.',
      'These are lower bounds: public liquidation streams leave some out. Streams were connected for 87% of the window. Collecting since 2024-08-02 07:00 UTC.',
      'Source: liquidation streams of Binance USD-M and Bybit, collected by whybot, 2024-08-04 07:00 UTC to 2024-08-05 07:00 UTC.',
    ]);
    const text = reply.lines.join('\n');
    for (const figure of reply.figures ?? []) {
      expect(text).toContain(figure.text);
      expect(figure.asOf).toBe(AT);
      expect(figure.source).toContain('Binance USD-M and Bybit');
    }
    expect(reply.figures?.find((f) => f.id === 'liq.24h.total')?.value).toBe(237_400_000);
  });

  it('says a window has no data instead of printing zero', async () => {
    const reply = notice(await run('liqs', { window: '7d' }));
    expect(reply.lines).toEqual(['I have not collected any liquidation data for the last 7d yet.']);
    expect(reply.figures).toBeUndefined();
  });

  it('handles a snapshot without liquidations, a failed store, zero events and broken numbers', () => {
    const base = fixedSnapshot();
    const { liquidations, ...without } = base;
    expect(liquidationReply(without as MarketSnapshot, '24h', english, ui).lines[0]).toBe(
      'This bot is not collecting liquidations, so I have no totals to show.',
    );
    const failed = { ...base, liquidations: { ok: false as const, source: 'store', reason: 'database locked' } };
    expect(liquidationReply(failed, '24h', english, ui).lines[0]).toBe(
      'Liquidation totals are unavailable right now (database locked).',
    );
    if (liquidations === undefined || !liquidations.ok) throw new Error('fixture');
    const window = liquidations.value.windows['24h']!;
    const withWindow = (w: typeof window): MarketSnapshot => ({
      ...base,
      liquidations: { ...liquidations, value: { ...liquidations.value, windows: { '24h': w } } },
    });
    const quiet = liquidationReply(
      withWindow({ ...window, count: 0, totalUsd: 0, longsUsd: 0, shortsUsd: 0, byCoin: {}, largest: undefined }),
      '24h',
      english,
      ui,
    );
    expect(quiet.lines[0]).toBe('No liquidations were recorded on Binance USD-M and Bybit in the last 24h.');
    noGarbage(quiet.lines.join(' '));
    expect(quiet.lines.join(' ')).not.toContain('$0');
    const broken = liquidationReply(withWindow({ ...window, totalUsd: Number.NaN }), '24h', english, ui);
    expect(broken.lines).toEqual(['Liquidation totals for the last 24h are incomplete right now.']);
    const uncovered = liquidationReply(
      withWindow({ ...window, coverage: { ...window.coverage, collectedShare: 0 } }),
      '24h',
      english,
      ui,
    );
    expect(uncovered.lines).toEqual(['I have not collected any liquidation data for the last 24h yet.']);
  });
});

describe('status', () => {
  it('reports each source with its freshness or its reason, coverage and uptime', async () => {
    const reply = notice(await run('status'));
    expect(reply.lines).toEqual([
      'Exchange: Binance USD-M (binanceusdm); tracked coins BTC, ETH, SOL',
      'Snapshot built 2024-08-05 07:00 UTC, 0 s old',
      'Prices (tickers): Binance USD-M fetchTickers, data from 2024-08-05 07:00 UTC, 0 s old',
      'Hourly candles: 2/3 coins from Binance USD-M fetchOHLCV, newest 2024-08-05 06:00 UTC, 1 h old; missing SOL: HTTP 500 from exchange',
      'Daily candles: 3/3 coins from Binance USD-M fetchOHLCV, newest 2024-08-05 06:00 UTC, 1 h old',
      'Open interest: not fetched',
      'Funding rates: unavailable (Binance USD-M fetchFundingRates: timed out after 10000 ms)',
      'Liquidations: Binance USD-M and Bybit; streams connected 87% of the last 24h, collecting for 3 d',
      'Up for 3 h (since 2024-08-05 04:00 UTC)',
    ]);
  });

  it('says the in-process collector runs but cannot connect, and since when', () => {
    const failing = statusReply(
      fixedSnapshot(),
      AT,
      AT,
      [
        { exchange: 'binanceusdm', connected: false, failingSince: AT - 3_600_000 },
        { exchange: 'okx', connected: false, failingSince: AT - 600_000 },
      ],
      ui,
    ).lines;
    expect(failing).toContain(
      'Liquidation collector: running in this process; cannot connect to Binance USD-M and OKX since 2024-08-05 06:00 UTC',
    );
    const mixed = statusReply(
      fixedSnapshot(),
      AT,
      AT,
      [
        { exchange: 'bybit', connected: true },
        { exchange: 'okx', connected: false, failingSince: AT - 600_000 },
      ],
      ui,
    ).lines;
    expect(mixed).toContain(
      'Liquidation collector: running in this process; connected to Bybit; cannot connect to OKX since 2024-08-05 06:50 UTC',
    );
    expect(statusReply(fixedSnapshot(), AT, AT, [], ui).lines.some((l) => l.startsWith('Liquidation collector'))).toBe(
      false,
    );
  });

  it("says when the data is a replay, without the operator's paths or a frozen uptime", () => {
    const replay: MarketSnapshot = {
      ...fixedSnapshot(),
      replay: { files: ['/home/op/data/BTCUSDT-1h-2024-08.csv'], at: AT },
    };
    const lines = statusReply(replay, AT, AT, [], ui).lines;
    expect(lines).toContain('Replay of 2024-08-05 07:00 UTC from BTCUSDT-1h-2024-08.csv');
    expect(lines.some((l) => l.startsWith('Up for'))).toBe(false); // the replay clock stands still
  });
});

describe('digest and alerts', () => {
  it('say plainly when the bot runs no scheduling', async () => {
    expect(notice(await run('digest')).lines[0]).toBe(
      'Daily digests are not running on this bot. You can ask /why at any time.',
    );
    expect(notice(await run('alerts')).lines[0]).toBe(
      'Drop alerts are not running on this bot (they are switched off, or this is a replay, which has no live prices). You can ask /why at any time.',
    );
    expect(commands.filter((c) => c.access === 'moderators').map((c) => c.name)).toEqual([
      'digest',
      'alerts',
      'language',
    ]);
  });
});
