// The Telegram outbox's schedule, on fake timers (no wall clock): calls to one chat start a per-chat interval
// apart, other chats are not held up, a group gets at most its per-minute budget, and a 429 waits retry_after.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TelegramOutbox, type TelegramLimits } from '../../src/adapters/telegram/outbox.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const LIMITS: TelegramLimits = {
  perChatIntervalMs: 300,
  groupPerMinute: 3,
  globalPerSecond: 1000,
  maxRetries: 3,
  maxRetryAfterSeconds: 60,
  maxQueuedPerChat: 10,
  maxQueued: 1000,
};

let outbox: TelegramOutbox;
let t0: number;
/** Start times of the calls, ms after the test began (fake time). */
let started: Array<{ chat: string; at: number }>;

const send = (chat: number, isGroup = false) =>
  outbox.send(chat, isGroup, async () => {
    started.push({ chat: String(chat), at: Date.now() - t0 });
    return chat;
  });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  t0 = Date.now();
  started = [];
  outbox = new TelegramOutbox(LIMITS, memoryLogger().logger);
});

afterEach(async () => {
  await outbox.stop();
  vi.useRealTimers();
});

describe('TelegramOutbox schedule', () => {
  it('GIVEN four messages to one chat THEN each starts one per-chat interval after the previous', async () => {
    const sent = Promise.all([send(7), send(7), send(7), send(7)]);
    await vi.advanceTimersByTimeAsync(2_000);
    await sent;
    const at = started.map((s) => s.at);
    expect(at).toHaveLength(4);
    // the per-chat limiter releases a call every interval; the global limiter it chains to may add up to its own
    // spacing (1 ms at 1000/s) to when the call itself starts
    const globalGap = Math.ceil(1000 / LIMITS.globalPerSecond);
    for (let i = 1; i < at.length; i++)
      expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(LIMITS.perChatIntervalMs - globalGap);
    expect(at[3]! - at[0]!).toBeLessThan(4 * LIMITS.perChatIntervalMs);
  });

  it('GIVEN messages to two chats THEN the second chat is not held behind the first', async () => {
    const sent = Promise.all([send(1), send(1), send(2)]);
    await vi.advanceTimersByTimeAsync(1_000);
    await sent;
    const second = started.find((s) => s.chat === '2')!;
    expect(second.at).toBeLessThan(LIMITS.perChatIntervalMs);
  });

  it('GIVEN more messages to a group than its per-minute budget THEN the rest wait for the next minute', async () => {
    const sent = Promise.all([send(-9, true), send(-9, true), send(-9, true), send(-9, true)]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000);
    await sent;
    expect(started).toHaveLength(4);
    expect(started[3]!.at).toBeGreaterThanOrEqual(60_000);
  });

  it('GIVEN a 429 with retry_after 2 THEN the call is tried again 2 s later, not before', async () => {
    let attempts = 0;
    const result = outbox.send(5, false, async () => {
      attempts += 1;
      started.push({ chat: '5', at: Date.now() - t0 });
      if (attempts === 1)
        throw Object.assign(new Error('Too Many Requests'), { code: 429, parameters: { retry_after: 2 } });
      return 'ok';
    });
    await vi.advanceTimersByTimeAsync(1_900);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toBe('ok');
    expect(started[1]!.at - started[0]!.at).toBeGreaterThanOrEqual(2_000);
  });

  it("GIVEN a fan-out's later parts waiting with other chats' first messages THEN every first message goes first", async () => {
    // 10 calls per second overall: five calls in one tick queue behind the first
    const slow = new TelegramOutbox({ ...LIMITS, globalPerSecond: 10 }, memoryLogger().logger);
    const call = (chat: number, part: string, lead: boolean) =>
      slow.send(
        chat,
        false,
        async () => {
          started.push({ chat: `${chat}:${part}`, at: Date.now() - t0 });
          return part;
        },
        'post',
        lead,
      );
    // chats 1-3 had their texts sent; their charts wait while chats 4-6's texts arrive
    const sent = Promise.all([
      call(1, 'chart', false),
      call(2, 'chart', false),
      call(3, 'chart', false),
      call(4, 'text', true),
      call(5, 'text', true),
      call(6, 'text', true),
    ]);
    await vi.advanceTimersByTimeAsync(2_000);
    await sent;
    await slow.stop();
    // the first call found the rate free; after it, the texts go before the charts, one slot (100 ms) each: the
    // slots are given out on the limiter's beat, so only the first gap can be shorter than a slot
    expect(started.map((s) => s.chat)).toEqual(['1:chart', '4:text', '5:text', '6:text', '2:chart', '3:chart']);
    const at = started.map((s) => s.at);
    for (let i = 2; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(100);
  });
});
