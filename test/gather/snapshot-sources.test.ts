// Snapshot sources as one list: a registered source's part reaches the snapshot built by the real ccxt against
// the exchange simulator; its failure, time-out or stale answer becomes a Missing part with a reason; the list
// is opened from the settings, closes what it opened, and names only real settings.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { openDatabase } from '../../src/store/database.ts';
import { MarketHistoryStore } from '../../src/store/market-history/store.ts';
import { sqliteRunner } from '../../src/store/sql-runner.ts';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSnapshot } from '../../src/gather/build-snapshot.ts';
import { createExchange } from '../../src/gather/exchange.ts';
import { gatherSources, type AnySnapshotSource, type SourceFactory } from '../../src/gather/snapshot-source.ts';
import { closeSources, openSources, SOURCE_FACTORIES } from '../../src/gather/sources.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const HOUR = 3_600_000;
const START = Date.parse('2024-06-01T00:00:00Z');
const NOW = START + 10 * 24 * HOUR;

/** A far end that answers a sentiment reading as JSON, or never answers (`stall`). */
let server: Server;
let url = '';
let stall = false;
beforeEach(async () => {
  stall = false;
  server = createServer((_req, res) => {
    if (stall) return; // never answers
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: 23, at: NOW - HOUR }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A new source, as a source file would write it: one HTTP read filling the `sentiment` part. */
const indexSource = (timeoutMs = 2000, closed?: () => void): AnySnapshotSource => ({
  part: 'sentiment',
  name: 'test index',
  settings: [],
  timeoutMs,
  maxAgeMs: 6 * HOUR,
  async fetch({ signal }) {
    const body = (await (await fetch(url, { signal })).json()) as { value: number; at: number };
    return {
      ok: true,
      source: 'test index',
      asOf: body.at,
      value: { name: 'Test index', value: body.value, classification: 'Fear', at: body.at },
    };
  },
  ...(closed ? { close: closed } : {}),
});

describe('a registered source in a snapshot built through ccxt', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 10 * 24 }), now: () => NOW });
  });
  afterEach(async () => {
    await sim.close();
  });
  const build = (sources: AnySnapshotSource[]) =>
    buildSnapshot({
      exchange: createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 2000 }),
      coins: ['BTC'],
      quote: 'USDT',
      now: NOW,
      retry: { retries: 0, minTimeoutMs: 10 },
      sources,
    });

  it('puts its part in the snapshot with its source and time', async () => {
    const snapshot = await build(openSources({ config: loadConfig({}, PLATFORMS) }, [() => indexSource()]));
    expect(snapshot.sentiment).toEqual({
      ok: true,
      source: 'test index',
      asOf: NOW - HOUR,
      value: { name: 'Test index', value: 23, classification: 'Fear', at: NOW - HOUR },
    });
    expect(snapshot.tickers.ok).toBe(true);
  });

  it('leaves its part Missing, naming the time-out, when the far end never answers; the rest still builds', async () => {
    stall = true;
    const snapshot = await build([indexSource(50)]);
    expect(snapshot.sentiment).toEqual({ ok: false, source: 'test index', reason: 'timed out after 50 ms' });
    expect(snapshot.tickers.ok).toBe(true);
  });

  it('leaves no part at all when no source fills it', async () => {
    const snapshot = await build([]);
    expect('sentiment' in snapshot).toBe(false);
    expect('holders' in snapshot).toBe(false);
    expect('liquidations' in snapshot).toBe(false);
  });
});

describe('gatherSources', () => {
  const request = { now: NOW, coins: ['BTC'] };

  it('turns a throw into Missing with the reason', async () => {
    const parts = await gatherSources(
      [
        {
          part: 'holders',
          name: 'holders file h.json',
          settings: [],
          timeoutMs: 1000,
          fetch: () => {
            throw new Error('EACCES: permission denied');
          },
        },
      ],
      request,
    );
    expect(parts.holders).toEqual({ ok: false, source: 'holders file h.json', reason: 'EACCES: permission denied' });
  });

  it('turns a time-out into Missing and aborts the source (fake timers)', async () => {
    vi.useFakeTimers();
    try {
      let aborted = false;
      const pending = gatherSources(
        [
          {
            part: 'sentiment',
            name: 'slow index',
            settings: [],
            timeoutMs: 3000,
            fetch: ({ signal }) =>
              new Promise((_, reject) =>
                signal.addEventListener('abort', () => {
                  aborted = true;
                  reject(new Error('aborted'));
                }),
              ),
          },
        ],
        request,
      );
      await vi.advanceTimersByTimeAsync(2999);
      expect(aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toEqual({
        sentiment: { ok: false, source: 'slow index', reason: 'timed out after 3000 ms' },
      });
      expect(aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns data older than the source allows into Missing, naming its time', async () => {
    const parts = await gatherSources(
      [
        {
          part: 'sentiment',
          name: 'index',
          settings: [],
          timeoutMs: 1000,
          maxAgeMs: HOUR,
          fetch: () => ({
            ok: true,
            source: 'index (daily)',
            asOf: Date.parse('2024-06-10T12:00:00Z'),
            value: { name: 'I', value: 50, classification: 'Neutral', at: Date.parse('2024-06-10T12:00:00Z') },
          }),
        },
      ],
      { now: Date.parse('2024-06-10T13:00:01Z'), coins: [] },
    );
    expect(parts.sentiment).toEqual({
      ok: false,
      source: 'index (daily)',
      reason: 'stale: newest data from 2024-06-10T12:00:00Z',
    });
  });

  it('leaves out the part of a source with nothing for a replay', async () => {
    const seen: unknown[] = [];
    const parts = await gatherSources(
      [
        {
          part: 'sentiment',
          name: 'live only',
          settings: [],
          timeoutMs: 1000,
          fetch: ({ replay }) => (seen.push(replay?.at), replay ? undefined : { ok: false, source: 'x', reason: 'y' }),
        },
      ],
      { ...request, replay: { files: ['a.csv'], at: NOW } },
    );
    expect(parts).toEqual({});
    expect(seen).toEqual([NOW]);
  });
});

describe('the registered list', () => {
  it('opens the sources the settings turn on, and none in a replay that are live only', () => {
    const liquidations = new SqliteLiquidationRepo(LiquidationStore.open(':memory:'));
    const parts = (env: Record<string, string>, replay = false) => {
      const sources = openSources({
        config: loadConfig(env, PLATFORMS),
        liquidations,
        ...(replay ? { replay: { files: ['a.csv'], at: NOW } } : {}),
      });
      void closeSources(sources);
      return sources.map((s) => s.part).sort();
    };
    // live on Binance USD-M itself, spot candles are read beside the perpetual's; a replay reads them only from --spot
    expect(parts({})).toEqual(['calendar', 'liquidations', 'sentiment', 'spotCandles']);
    expect(parts({ WHYBOT_SENTIMENT: 'off', WHYBOT_HOLDERS_FILE: 'h.json', WHYBOT_SPOT: 'off' })).toEqual([
      'calendar',
      'holders',
      'liquidations',
    ]);
    expect(parts({}, true)).toEqual(['calendar', 'sentiment']);
  });

  it('refuses two sources for one part, closing what it opened', () => {
    const closed = vi.fn();
    const twice: SourceFactory = () => indexSource(1000, closed);
    expect(() => openSources({ config: loadConfig({}, PLATFORMS) }, [twice, twice])).toThrow(
      'two snapshot sources fill the "sentiment" part',
    );
    expect(closed).toHaveBeenCalledTimes(2);
  });

  it('names only settings that exist and that .env.example documents', () => {
    const config = loadConfig(
      { WHYBOT_HOLDERS_FILE: 'h.json', WHYBOT_MARKETS: 'yahoo', WHYBOT_FLOWS_FILE: 'f.csv' },
      PLATFORMS,
    );
    const liquidations = new SqliteLiquidationRepo(LiquidationStore.open(':memory:'));
    const sql = sqliteRunner(openDatabase(':memory:'));
    const marketHistory = new MarketHistoryStore(sql);
    // every source the settings can turn on: news keeps its headlines through the storage's SQL
    const sources = openSources({ config, liquidations, marketHistory, sql });
    void closeSources(sources);
    expect(sources).toHaveLength(SOURCE_FACTORIES.length);
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const setting of sources.flatMap((s) => s.settings))
      expect(example, `${setting} in .env.example`).toMatch(new RegExp(`^#? ?${setting}=`, 'm'));
  });
});
