// The reply bound: per chat and in all, released once per reply.
import { describe, expect, it } from 'vitest';
import { ReplyLimit } from '../../src/adapters/reply-limit.ts';

describe('ReplyLimit', () => {
  it('refuses past the per-chat bound, not in other chats, and frees a place when a reply is done', () => {
    const limit = new ReplyLimit({ perChat: 2, total: 10 });
    const a1 = limit.tryStart('a');
    const a2 = limit.tryStart('a');
    expect(a1 && a2).toBeTruthy();
    expect(limit.tryStart('a')).toBeUndefined();
    expect(limit.tryStart('b')).toBeDefined();
    a1!();
    a1!(); // a second call does nothing
    expect(limit.inChat('a')).toBe(1);
    expect(limit.tryStart('a')).toBeDefined();
    expect(limit.inFlight).toBe(3);
  });

  it('refuses past the bound in all, whatever the chat', () => {
    const limit = new ReplyLimit({ perChat: 5, total: 3 });
    const done = ['a', 'b', 'c'].map((c) => limit.tryStart(c));
    expect(limit.tryStart('d')).toBeUndefined();
    done[0]!();
    expect(limit.tryStart('d')).toBeDefined();
  });
});
