// Collector sessions and coverage: the share of a window collected, the gaps, sessions a dead process
// left open, and the single-writer lease.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { leaseOwnerId, ownerIsDead } from '../../src/gather/liquidations/lease-owner.ts';
import { describe, expect, it } from 'vitest';
import { collectedShare, gapsFor, mergeSpans } from '../../src/store/liquidations/coverage.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';

const H = 3_600_000;
const T = Date.UTC(2026, 1, 5, 0, 0, 0);

describe('coverage arithmetic', () => {
  it('merges overlapping spans and clips them to the window', () => {
    expect(
      mergeSpans(
        [
          { from: 5, to: 8 },
          { from: 0, to: 3 },
          { from: 2, to: 6 },
          { from: 9, to: 20 },
        ],
        1,
        12,
      ),
    ).toEqual([
      { from: 1, to: 8 },
      { from: 9, to: 12 },
    ]);
  });

  it('counts time covered by any exchange once', () => {
    const sessions = [
      { id: 1, exchange: 'okx', start: 0, end: 60, open: false },
      { id: 2, exchange: 'bybit', start: 30, end: 80, open: false },
    ];
    expect(collectedShare(sessions, 0, 100)).toBeCloseTo(0.8, 12);
    expect(gapsFor(sessions, 'okx', 0, 100)).toEqual([{ exchange: 'okx', from: 60, to: 100 }]);
    expect(gapsFor(sessions, 'binanceusdm', 0, 100)).toEqual([{ exchange: 'binanceusdm', from: 0, to: 100 }]);
  });
});

describe('session log', () => {
  it('records a disconnect as a gap between two sessions', () => {
    const store = LiquidationStore.open(':memory:');
    const a = store.sessions.open('bybit', T);
    store.sessions.close(a, T + 2 * H, 'disconnected');
    const b = store.sessions.open('bybit', T + 2 * H + 5000);
    store.sessions.touch(b, T + 4 * H);
    const now = T + 4 * H;
    expect(store.gaps('bybit', T, now, now)).toEqual([{ exchange: 'bybit', from: T + 2 * H, to: T + 2 * H + 5000 }]);
    const cov = store.coverage(T, now, now);
    expect(cov.exchanges).toEqual(['bybit']);
    expect(cov.collectedShare).toBeCloseTo((4 * H - 5000) / (4 * H), 12);
    expect(cov.collectingSince).toBe(T);
    store.close();
  });

  it('treats an open session with a stale heartbeat as ended at that heartbeat, and closes it on request', () => {
    const store = LiquidationStore.open(':memory:');
    const id = store.sessions.open('okx', T);
    store.sessions.touch(id, T + H);
    // judged soon after the heartbeat: still collecting
    expect(store.coverage(T, T + H + 10_000, T + H + 10_000).collectedShare).toBe(1);
    // judged much later: the process died at its last heartbeat
    const later = T + 3 * H;
    expect(store.coverage(T, later, later).collectedShare).toBeCloseTo(1 / 3, 12);
    expect(store.sessions.closeAbandoned('okx')).toBe(1);
    const [s] = store.coverage(T, later, later).sessions;
    expect(s).toMatchObject({ open: false, end: T + H, endReason: 'abandoned' });
    store.close();
  });

  it('lets one owner hold the lease until it expires or is released', () => {
    const store = LiquidationStore.open(':memory:');
    expect(store.sessions.acquireLease('a', T, 30_000)).toBe(true);
    expect(store.sessions.acquireLease('b', T + 1000, 30_000)).toBe(false);
    expect(store.sessions.acquireLease('a', T + 2000, 30_000)).toBe(true); // renewal
    expect(store.sessions.acquireLease('b', T + 31_000, 30_000)).toBe(false);
    expect(store.sessions.acquireLease('b', T + 32_001, 30_000)).toBe(true); // a's lease ran out
    store.sessions.releaseLease('a'); // not a's any more: no effect
    expect(store.sessions.lease()?.owner).toBe('b');
    store.sessions.releaseLease('b');
    expect(store.sessions.acquireLease('c', T + 33_000, 30_000)).toBe(true);
    store.close();
  });

  it('takes a lease held by a process of this host that has died at once, not when it runs out', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    const dead = `${hostname()}:${String(child.pid)}:abcd1234`;
    expect(ownerIsDead(dead)).toBe(true);
    expect(ownerIsDead(leaseOwnerId())).toBe(false); // this process
    expect(ownerIsDead(`${hostname()}:${String(process.ppid)}:x`)).toBe(false); // alive
    expect(ownerIsDead(`other-host:${String(child.pid)}:abcd1234`)).toBe(false); // cannot tell: wait for expiry
    expect(ownerIsDead('not an owner id')).toBe(false);
    const store = LiquidationStore.open(':memory:');
    expect(store.sessions.acquireLease(dead, T, 5_000)).toBe(true);
    expect(store.sessions.acquireLease('b', T + 1000, 5_000)).toBe(false);
    expect(store.sessions.acquireLease('b', T + 1000, 5_000, ownerIsDead)).toBe(true);
    expect(store.sessions.lease()).toEqual({ owner: 'b', expiresAt: T + 6000 });
    expect(store.sessions.acquireLease(leaseOwnerId(), T + 2000, 5_000, ownerIsDead)).toBe(false); // b may be elsewhere
    store.close();
  });
});
