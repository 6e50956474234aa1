// Test helper: the far end of proactive posting for scheduler and watcher tests that do not need a chat
// platform: a Poster that records what it was asked to send (and when, on the test's clock), or fails for
// chats the test marks.
import type { Platform, Reply } from '../../src/core/reply.ts';
import type { Poster, PostTarget } from '../../src/adapters/post.ts';

/** One recorded post. */
export interface RecordedPost {
  target: PostTarget;
  reply: Reply;
  /** The test clock's time when it was posted. */
  at: number;
}

/** A recording poster for `platform`; `now` stamps each post. */
export function recordingPoster(platform: Platform, now: () => number) {
  const posts: RecordedPost[] = [];
  const failures = new Map<string, () => Error>();
  const poster: Poster & { posts: RecordedPost[]; failFor(channel: string, error: () => Error): void } = {
    platform,
    posts,
    failFor: (channel, error) => failures.set(channel, error),
    async post(target, reply) {
      const failure = failures.get(target.channel);
      if (failure !== undefined) throw failure();
      posts.push({ target, reply, at: now() });
    },
  };
  return poster;
}

/** The title of a recorded reply (article title or notice title). */
export function titleOf(reply: Reply): string {
  return reply.kind === 'article' ? reply.document.title : (reply.title ?? '');
}

/** All text of a recorded reply. */
export function textOf(reply: Reply): string {
  if (reply.kind === 'notice') return [reply.title ?? '', ...reply.lines].join('\n');
  const d = reply.document;
  return [
    d.title,
    d.replayNote ?? '',
    ...d.sections.flatMap((s) => [s.heading ?? '', ...s.paragraphs]),
    ...d.footer,
  ].join('\n');
}
