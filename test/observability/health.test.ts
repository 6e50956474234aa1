// The health check: adapters connected and market data fresh (no build yet, or the last build got prices
// and is younger than a few TTLs); an old or failed build starts one background rebuild; shutdown reports 503.
// Also the kinds upstream errors are counted under.
import { describe, expect, it } from 'vitest';
import type { LastBuild } from '../../src/gather/snapshot-cache.ts';
import { createHealthCheck, STALE_AFTER_TTLS } from '../../src/observability/health.ts';
import { upstreamErrorKind } from '../../src/observability/metrics.ts';

const TTL = 60;
const T0 = Date.UTC(2026, 1, 6, 12);

function setup(
  adapters: Array<{ name: string; connected: boolean }> | undefined = [{ name: 'discord', connected: true }],
) {
  const state = {
    now: T0,
    stopping: false,
    adapters: adapters as typeof adapters | undefined,
    refreshes: 0,
    snapshots: { lastBuild: undefined as LastBuild | undefined, building: false },
  };
  const health = createHealthCheck({
    adapters: () => state.adapters,
    snapshots: state.snapshots,
    refresh: () => {
      state.refreshes += 1;
      state.snapshots.building = true;
    },
    ttlSeconds: TTL,
    stopping: () => state.stopping,
    now: () => state.now,
  });
  return { state, health };
}

describe('createHealthCheck', () => {
  it('keeps liveness and readiness apart from the upstream: an exchange that is down or rate-limits us fails neither', () => {
    const { state, health } = setup([
      { name: 'discord', connected: true },
      { name: 'telegram', connected: false },
    ]);
    state.snapshots.lastBuild = {
      finishedAt: T0,
      tickersOk: false,
      reason: 'markets unavailable: rate limited: Binance USD-M asked us to wait 60 s (rate limit)',
    };
    expect(health()).toMatchObject({
      ok: false,
      live: true,
      ready: false,
      upstream: { ok: false, reason: expect.stringContaining('asked us to wait 60 s') },
    });
    state.adapters = [{ name: 'discord', connected: true }];
    expect(health()).toMatchObject({ ok: false, live: true, ready: true, upstream: { ok: false } });
    state.stopping = true;
    expect(health()).toMatchObject({ live: false, ready: false });
  });

  it('is healthy before any snapshot was asked for, without building one', () => {
    const { state, health } = setup();
    const report = health();
    expect(report).toMatchObject({
      ok: true,
      reasons: [],
      adapters: { discord: true },
      data: { state: 'not built yet' },
    });
    expect(state.refreshes).toBe(0);
  });

  it('is healthy with a fresh build, and reports its age', () => {
    const { state, health } = setup();
    state.snapshots.lastBuild = { finishedAt: T0, tickersOk: true };
    state.now = T0 + 90_000;
    expect(health()).toMatchObject({ ok: true, data: { state: 'fresh', ageSeconds: 90 } });
    expect(state.refreshes).toBe(0);
  });

  it('refreshes in the background once the last build is older than a few TTLs, staying healthy', () => {
    const { state, health } = setup();
    state.snapshots.lastBuild = { finishedAt: T0, tickersOk: true };
    state.now = T0 + STALE_AFTER_TTLS * TTL * 1000 + 1;
    expect(health()).toMatchObject({ ok: true, data: { state: 'refreshing' } });
    expect(health()).toMatchObject({ ok: true, data: { state: 'refreshing' } });
    expect(state.refreshes).toBe(1); // the second check saw the build in progress
  });

  it('answers 503 with the reason while the last build had no prices, and retries at most once per TTL', () => {
    const { state, health } = setup();
    state.snapshots.lastBuild = { finishedAt: T0, tickersOk: false, reason: 'timed out' };
    state.now = T0 + 1000;
    expect(health()).toMatchObject({
      ok: false,
      reasons: ['market data unavailable: timed out'],
      data: { state: 'failing', reason: 'timed out' },
    });
    expect(state.refreshes).toBe(0); // the failed snapshot is still the cached one
    state.now = T0 + TTL * 1000;
    expect(health().ok).toBe(false);
    expect(state.refreshes).toBe(1);
    state.snapshots.building = false;
    state.snapshots.lastBuild = { finishedAt: state.now + 500, tickersOk: true };
    state.now += 600;
    expect(health()).toMatchObject({ ok: true, data: { state: 'fresh' } });
  });

  it('names each disconnected adapter', () => {
    const { health } = setup([
      { name: 'discord', connected: false },
      { name: 'telegram', connected: true },
    ]);
    expect(health()).toMatchObject({
      ok: false,
      reasons: ['Discord is not connected'],
      adapters: { discord: false, telegram: true },
    });
  });

  it('is not healthy while starting or shutting down', () => {
    const starting = setup();
    starting.state.adapters = undefined;
    expect(starting.health()).toMatchObject({ ok: false, reasons: ['starting: the adapters are not connected yet'] });
    const { state, health } = setup();
    state.stopping = true;
    expect(health()).toMatchObject({ ok: false, reasons: ['shutting down'] });
  });
});

describe('upstreamErrorKind', () => {
  it('sorts the short reasons of both kinds of source', () => {
    expect(upstreamErrorKind('timed out')).toBe('timeout');
    expect(upstreamErrorKind('timed out after 5000 ms')).toBe('timeout');
    expect(upstreamErrorKind('rate limited (429)')).toBe('rate_limited');
    expect(upstreamErrorKind('HTTP 429')).toBe('rate_limited');
    expect(upstreamErrorKind('exchange unavailable (5xx)')).toBe('unavailable');
    expect(upstreamErrorKind('HTTP 503')).toBe('unavailable');
    expect(upstreamErrorKind('network error')).toBe('network');
    expect(upstreamErrorKind('unreachable (ECONNREFUSED)')).toBe('network');
    expect(upstreamErrorKind('malformed response: not JSON')).toBe('other');
  });
});
