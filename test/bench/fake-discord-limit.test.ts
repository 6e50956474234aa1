// The fake Discord's global rate limit, which the fan-out benchmark runs against: over the bucket, REST calls
// get 429 with Discord's body (retry_after in seconds, global: true) and headers; interaction calls are exempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';

let discord: FakeDiscord;
beforeAll(async () => {
  discord = await startFakeDiscord('1100000000000000001', { globalPerSecond: 5 });
});
afterAll(async () => {
  await discord.close();
});

const post = (path: string) =>
  fetch(`${discord.apiUrl}/v10${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content: 'hi' }),
  });

describe('fake Discord global limit', () => {
  it('answers a burst over the bucket with 429, retry_after and the global flag', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(`/channels/${(1500 + i).toString()}/messages`)),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(5);
    expect(limited.length).toBeGreaterThan(0);
    expect(discord.rateLimited()).toBe(limited.length);
    const body = (await limited[0]!.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(true);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const posted = (await answers.find((a) => a.status === 200)!.json()) as { channel_id: string };
    expect(posted.channel_id).toMatch(/^15\d\d$/);
  });

  it('does not limit interaction callbacks', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(`/interactions/${(9000 + i).toString()}/tok/callback`)),
    );
    expect(answers.every((a) => a.status === 204)).toBe(true);
  });
});
