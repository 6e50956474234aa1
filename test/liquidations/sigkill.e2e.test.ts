// A real `whybot collect` child process killed with SIGKILL mid-stream, against the simulator that resends
// its recent frames to every reconnecting client: a second `whybot collect` takes over the database at
// once (the dead process's lease is recognised), the resent events are not counted twice, the events
// the killed process had not yet written come back with the resend, and the store ends up holding exactly
// the events the simulator delivered, no more and no less. On SQLite, and on PostgreSQL when DATABASE_URL_TEST is set.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimLiquidation } from '../../src/simulator/liquidations/frames.ts';
import type { SimulatedExchange } from '../../src/simulator/liquidations/markets.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { MINUTE_MS } from '../../src/store/liquidations/types.ts';
import { PG_URL, postgresEngine, sqliteEngine, urlInSchema, type Engine } from '../store/engines.ts';
import { expectedSums } from './helpers.ts';

/** Poll an async `check` until it holds; throws with `what` after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
/** tsx's loader by absolute URL, so the TypeScript bin runs from the sources wherever the child's cwd is. */
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const EXCHANGES: SimulatedExchange[] = ['binanceusdm', 'bybit', 'okx'];
const COINS = ['BTC', 'ETH'];
const PRICES: Record<string, number> = { BTC: 75_900.5, ETH: 2_240.31 };

/** `n` distinct liquidations over every exchange, coin and side, `at` spread just before `base`. */
function batch(base: number, n: number, offset: number): SimLiquidation[] {
  return Array.from({ length: n }, (_, i) => {
    const k = i + offset;
    const coin = COINS[k % 2]!;
    return {
      exchange: EXCHANGES[k % 3]!,
      coin,
      side: k % 5 < 3 ? 'long' : 'short',
      amount: coin === 'BTC' ? 0.01 * (1 + (k % 17)) : 0.5 * (1 + (k % 13)),
      price: PRICES[coin]! * (1 - k / 100_000),
      at: base - 5_000 + k * 7,
    };
  });
}

function collect(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', TSX, BIN, 'collect'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function sigkill(engine: Engine) {
  let sim: LiquidationSimulator | undefined;
  const children: ChildProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sim?.close();
    sim = undefined;
    while (cleanups.length) await cleanups.pop()!();
  });

  it(`${engine.name}: loses nothing and doubles nothing: a restarted collector takes over and the resent events count once`, async () => {
    sim = await startLiquidationSimulator({ coins: COINS, replayOnReconnect: 1000 });
    const place = engine.place();
    cleanups.push(place.cleanup);
    const storage = await place.open();
    cleanups.push(() => storage.close());
    const where: Record<string, string> =
      storage.engine === 'postgres'
        ? {
            DATABASE_URL: urlInSchema(PG_URL!, storage.pg!.schema!),
          }
        : { WHYBOT_DB_PATH: storage.where };
    const env = {
      ...where,
      WHYBOT_LIQ_URL: sim.url,
      WHYBOT_COINS: COINS.join(','),
      WHYBOT_LIQ_EXCHANGES: EXCHANGES.join(','),
      LOG_LEVEL: 'info',
    };
    const subscribed = async () => {
      for (const ex of EXCHANGES) await sim!.waitForSubscriptions(ex, ex === 'bybit' ? COINS.length : 1, 60_000);
    };
    const reader = storage.liquidations;
    const base = Date.now();
    const [first, last] = [Math.floor((base - 60_000) / MINUTE_MS), Math.floor((base + 60_000) / MINUTE_MS)];
    const stored = async () => (await reader.totals(first, last)).reduce((n, t) => n + t.count, 0);
    const waitUntil = (check: () => Promise<boolean>, what: string, timeoutMs: number) =>
      waitFor(check, what, timeoutMs);

    const a = collect(env);
    children.push(a.child);
    await subscribed();
    // 1. events written within the flush interval, visible to another connection
    const pushedAt = Date.now();
    expect(sim.push(batch(base, 300, 0))).toBe(300);
    await waitUntil(async () => (await stored()) === 300, 'first batch stored', 30_000);
    const flushLagMs = Date.now() - pushedAt;

    // 2. a second batch, then SIGKILL at once: what was still buffered is lost in this process
    expect(sim.push(batch(base, 200, 300))).toBe(200);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe(null);
    const killedAt = Date.now();
    const storedAtKill = await stored();
    expect(storedAtKill).toBeGreaterThanOrEqual(300);
    expect(storedAtKill).toBeLessThanOrEqual(500);

    // 3. a new collector takes the dead process's lease at once and reconnects; the simulator resends
    const b = collect(env);
    children.push(b.child);
    await subscribed();
    const takeoverMs = Date.now() - killedAt;
    await waitUntil(async () => (await stored()) === 500, 'events lost at the kill recovered from the resend', 30_000);
    expect(sim.resent()).toBeGreaterThanOrEqual(500);
    expect(sim.push(batch(base, 100, 500))).toBe(100);
    await waitUntil(async () => (await stored()) === 600, 'third batch stored', 30_000);

    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    // exactly what was delivered: count and cents per side, per exchange
    const delivered = sim.delivered();
    expect(delivered).toHaveLength(600);
    const totals = await reader.totals(first, last);
    const exp = expectedSums(delivered, first, last);
    const sum = (side: string) => totals.filter((t) => t.side === side).reduce((n, t) => n + t.cents, 0);
    expect({ count: await stored(), longs: sum('long'), shorts: sum('short') }).toEqual({
      count: exp.count,
      longs: exp.longsCents,
      shorts: exp.shortsCents,
    });
    for (const ex of EXCHANGES) {
      const e = expectedSums(
        delivered.filter((d) => d.exchange === ex),
        first,
        last,
      );
      expect(totals.filter((t) => t.exchange === ex).reduce((n, t) => n + t.count, 0)).toBe(e.count);
    }
    // the killed process's session was closed at its last heartbeat; the lease was given up on SIGTERM
    const sessions = (await reader.coverage(base - 60_000, Date.now(), Date.now())).sessions;
    expect(
      sessions
        .filter((s) => s.endReason === 'abandoned')
        .map((s) => s.exchange)
        .sort(),
    ).toEqual([...EXCHANGES].sort());
    expect(await reader.sessions.lease()).toBeUndefined();
    expect(b.output()).toContain('closed sessions a previous collector left open');
    // when b took the lease (its own log time), against when a's lease would have run out by itself
    const startedLine = b
      .output()
      .split('\n')
      .find((l) => l.includes('liquidation collectors started'));
    const leaseAfterKillMs = startedLine ? (JSON.parse(startedLine) as { time: number }).time - killedAt : NaN;
    console.info(
      `SIGKILL figures (${engine.name}): delivered ${delivered.length}, stored ${await stored()}, resent on reconnect ${sim.resent()} (counted 0 times), ` +
        `stored at the kill ${storedAtKill} (buffered then ${500 - storedAtKill}), first-batch flush lag ${flushLagMs} ms, ` +
        `second collector subscribed ${takeoverMs} ms after the kill (process start included), took the lease ${leaseAfterKillMs} ms after it`,
    );
  }, 120_000);
}

describe('whybot collect killed with SIGKILL, on SQLite', () => sigkill(sqliteEngine));
describe.skipIf(!PG_URL)(
  `whybot collect killed with SIGKILL, on PostgreSQL${PG_URL ? '' : ' (skipped: DATABASE_URL_TEST is not set)'}`,
  () => sigkill(postgresEngine),
);
