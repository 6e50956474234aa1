// The Telegram outbox's queues are bounded: past the limit the oldest command reply is dropped first, a post
// (digest, alert) only for a newer post, never for a reply; other chats are untouched; every drop is logged.
// The per-chat interval is a minute (on fake timers), so nothing but the first message leaves a queue.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TELEGRAM_LIMITS, OutboxDroppedError, TelegramOutbox } from '../../src/adapters/telegram/outbox.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';

const outboxes: TelegramOutbox[] = [];
afterEach(async () => {
  while (outboxes.length) await outboxes.pop()!.stop();
});

function setup(maxQueuedPerChat: number) {
  const log = memoryLogger();
  const outbox = new TelegramOutbox(
    { ...DEFAULT_TELEGRAM_LIMITS, perChatIntervalMs: 60_000, maxQueuedPerChat, maxQueued: 1000 },
    log.logger,
  );
  outboxes.push(outbox);
  const sent: string[] = [];
  const dropped: string[] = [];
  let submitted = 0;
  /** Queue one message and wait until bottleneck has taken it in: queued, waiting out the interval, or dropped. */
  const send = async (chat: number, label: string, kind: 'reply' | 'post') => {
    submitted += 1;
    void outbox
      .send(chat, false, async () => void sent.push(label), kind)
      .catch((err: unknown) => {
        if (err instanceof OutboxDroppedError) dropped.push(label);
      });
    const held = () =>
      [...new Set([chat, ...chats])].reduce((n, c) => {
        const k = outbox.counts(c, false);
        return n + k.QUEUED + k.RUNNING + k.EXECUTING;
      }, 0);
    chats.add(chat);
    await waitUntil(() => held() + dropped.length + sent.length === submitted, `${label} to be taken in`);
  };
  const chats = new Set<number>();
  const drops = () => log.lines.filter((l) => /queue full/.test(String(l.msg)));
  return { outbox, send, sent, dropped, drops };
}

describe('TelegramOutbox bounds', () => {
  it('drops stale command replies, oldest first, before a digest, and logs each drop', async () => {
    const { send, sent, dropped, drops, outbox } = setup(3);
    await send(1, 'first', 'reply'); // goes out at once; the rest wait a minute
    await send(1, 'digest', 'post');
    for (let i = 1; i <= 8; i++) await send(1, `r${i}`, 'reply');
    await send(1, 'alert', 'post');
    expect(sent).toEqual(['first']);
    expect(dropped).not.toContain('digest');
    expect(dropped).not.toContain('alert');
    // Bounded: of the 10 messages after the first, 3 wait in the queue and 1 waits out the interval; the other
    // 6 were dropped, replies only.
    expect(dropped).toHaveLength(6);
    expect(dropped.every((l) => l.startsWith('r'))).toBe(true);
    // Oldest first: every dropped reply came before every reply still waiting.
    const waiting = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']
      .filter((l) => !dropped.includes(l))
      .map((l) => Number(l.slice(1)));
    for (const l of dropped) expect(Number(l.slice(1))).toBeLessThan(Math.min(...waiting));
    const lines = drops();
    expect(lines).toHaveLength(dropped.length);
    expect(lines.every((l) => l.kind === 'reply' && l.queue === '1' && l.level === 40)).toBe(true);
    expect(outbox.dropped).toBe(dropped.length);
  });

  it('never lets a new reply push out a waiting post; a newer post pushes out the oldest post', async () => {
    const { send, dropped, drops } = setup(2);
    await send(2, 'first', 'post'); // goes out; p1 then waits out the interval, p2 and p3 fill the queue
    for (let i = 1; i <= 3; i++) await send(2, `p${i}`, 'post');
    await send(2, 'late reply', 'reply'); // full of posts: the reply itself is dropped
    await send(2, 'p4', 'post'); // full: the oldest waiting post (p2) goes
    await send(2, 'p5', 'post'); // (lets bottleneck finish taking in p4)
    expect(dropped.slice(0, 2)).toEqual(['late reply', 'p2']);
    expect(dropped).not.toContain('p1');
    expect(
      drops()
        .slice(0, 2)
        .map((l) => l.kind),
    ).toEqual(['reply', 'post']);
  });

  it("keeps other chats' queues apart", async () => {
    const { send, dropped } = setup(1);
    await send(3, 'a0', 'reply');
    await send(4, 'b0', 'reply');
    await send(4, 'b1', 'reply'); // chat 4 stays within its bound
    for (let i = 1; i <= 5; i++) await send(3, `a${i}`, 'reply');
    expect(dropped.filter((l) => l.startsWith('a')).length).toBeGreaterThan(0);
    expect(dropped.filter((l) => l.startsWith('b'))).toEqual([]);
  });
});
