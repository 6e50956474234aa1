// Two whybot processes (separate Node processes, separate SQLite connections) running the same digest pass on
// one database at the same moment post the digest once: the claim written before sending decides who posts.
// A process killed with SIGKILL between its claim and its post loses the day to the next process once the
// claim's lease has run out: each digest is posted exactly once across the kill.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { DIGEST_CLAIM_LEASE_MS, DigestStore } from '../../src/store/schedules/digest-store.ts';
import { PG_URL, postgresEngine, urlInSchema } from '../store/engines.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { PROCESS_TEST_TIMEOUT_MS } from '../helpers/testkit.ts';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../fakes/digest-process.ts', import.meta.url));
let telegram: FakeTelegram;
let dir: string;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  dir = mkdtempSync(join(tmpdir(), 'whybot-two-'));
});
afterAll(async () => {
  await telegram?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Schedule a digest at 08:00 in `zone` for each of `chats` (set the evening before). */
async function scheduleDigests(store: DigestStore, chats: readonly string[], zone = 'UTC'): Promise<void> {
  for (const chat of chats)
    await store.set(
      { platform: 'telegram', channel: chat, kind: 'group' },
      '08:00',
      zone,
      'mod',
      Date.parse('2024-03-31T20:00:00Z'),
    );
}

/** Run a pass at 08:00:05 (the database at `target`, a file or a URL) that claims every day and hangs writing them; SIGKILL it then. */
async function killAfterClaiming(target: string, chats: readonly string[], owner: string): Promise<void> {
  const a = spawn(
    process.execPath,
    ['--import', 'tsx', SCRIPT, target, telegram.apiRoot, '2024-04-01T08:00:05Z', owner, 'hang'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    a.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('explaining').length - 1 === chats.length) resolve(); // every day claimed
    });
    a.once('exit', () => reject(new Error(`${owner} ended before claiming`)));
  });
  a.kill('SIGKILL');
  await new Promise((resolve) => a.once('exit', resolve));
}

describe('two processes on one database', () => {
  it('post each due digest once', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const path = join(dir, 'whybot.sqlite');
    const db = openDatabase(path);
    const store = new DigestStore(db);
    await scheduleDigests(store, ['-1001', '-1002', '-1003'], 'Europe/Paris');
    db.close();
    const pass = (owner: string) =>
      run(process.execPath, ['--import', 'tsx', SCRIPT, path, telegram.apiRoot, '2024-04-01T06:00:05Z', owner], {
        timeout: 60_000,
      });
    const [a, b] = await Promise.all([pass('process-a'), pass('process-b')]);
    const outcomes = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)] as Array<{ channel: string; outcome: string }>;
    for (const chat of ['-1001', '-1002', '-1003']) {
      expect(outcomes.filter((o) => o.channel === chat && o.outcome === 'posted')).toHaveLength(1);
      expect(telegram.callsOf('sendMessage').filter((c) => String(c.fields.chat_id) === chat)).toHaveLength(1);
    }
    const check = openDatabase(path);
    const rows = check
      .prepare("SELECT channel, status, owner FROM digest_posts WHERE day = '2024-04-01' ORDER BY channel")
      .all() as Array<{ status: string; owner: string }>;
    check.close();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.every((r) => r.owner === 'process-a' || r.owner === 'process-b')).toBe(true);
  });

  it('a process killed with SIGKILL between claim and post: the days are posted once, by the next process, once the claim runs out', async () => {
    const path = join(dir, 'killed.sqlite');
    const chats = ['-2001', '-2002'];
    const db = openDatabase(path);
    const store = new DigestStore(db);
    await scheduleDigests(store, chats);
    db.close();
    const sentTo = (chat: string) =>
      telegram.callsOf('sendMessage').filter((c) => String(c.fields.chat_id) === chat).length;
    const due = Date.parse('2024-04-01T08:00:00Z');

    // process A claims the days, then hangs writing the article; it is killed there
    await killAfterClaiming(path, chats, 'process-a');
    const check = openDatabase(path);
    const claimed = () => new DigestStore(check).post({ platform: 'telegram', channel: chats[0]! }, '2024-04-01');
    expect(await claimed()).toMatchObject({
      status: 'claimed',
      owner: 'process-a',
      leaseUntil: Date.parse('2024-04-01T08:00:05Z') + DIGEST_CLAIM_LEASE_MS,
    });

    // B while A's claim still holds: nothing posted (A might still be alive)
    const pass = (now: string, owner: string) =>
      run(process.execPath, ['--import', 'tsx', SCRIPT, path, telegram.apiRoot, now, owner], { timeout: 60_000 });
    const early = JSON.parse((await pass('2024-04-01T08:00:30Z', 'process-b')).stdout) as Array<{
      channel: string;
      outcome: string;
    }>;
    expect(early.map((o) => o.outcome)).toEqual(['claimed-elsewhere', 'claimed-elsewhere']);
    // B once the claim ran out: posts each day, late, once; C after that posts nothing more
    const late = JSON.parse((await pass('2024-04-01T08:01:10Z', 'process-b')).stdout) as Array<{
      channel: string;
      outcome: string;
    }>;
    expect(late.map((o) => o.outcome)).toEqual(['late', 'late']);
    expect(JSON.parse((await pass('2024-04-01T08:02:00Z', 'process-c')).stdout)).toEqual([]);
    for (const chat of chats) expect(sentTo(chat)).toBe(1);
    expect(await claimed()).toMatchObject({ status: 'sent', owner: 'process-b', dueAt: due });
    check.close();
    console.info(
      `digest SIGKILL figures: ${chats.length} digests claimed by the killed process, ${chats.map(sentTo).reduce((x, y) => x + y, 0)} posted after the kill (once each), 0 duplicates`,
    );
  }, 120_000);
});

describe.skipIf(!PG_URL)(
  `processes on one PostgreSQL database${PG_URL ? '' : ' (skipped: DATABASE_URL_TEST is not set)'}`,
  () => {
    it('a process killed between claim and post, then two processes at once: each digest is posted exactly once', async () => {
      const place = postgresEngine.place();
      const storage = await place.open();
      try {
        const url = urlInSchema(PG_URL!, storage.pg!.schema!);
        const store = new DigestStore(storage.sql);
        const chats = ['-3001', '-3002', '-3003'];
        await scheduleDigests(store, chats);
        await killAfterClaiming(url, chats, 'pg-a');
        const pass = (owner: string) =>
          run(process.execPath, ['--import', 'tsx', SCRIPT, url, telegram.apiRoot, '2024-04-01T08:01:10Z', owner], {
            timeout: 60_000,
          });
        const [b, c] = await Promise.all([pass('pg-b'), pass('pg-c')]);
        const outcomes = [...JSON.parse(b.stdout), ...JSON.parse(c.stdout)] as Array<{
          channel: string;
          outcome: string;
        }>;
        for (const chat of chats) {
          expect(outcomes.filter((o) => o.channel === chat && o.outcome === 'late')).toHaveLength(1);
          expect(telegram.callsOf('sendMessage').filter((m) => String(m.fields.chat_id) === chat)).toHaveLength(1);
          expect(await store.post({ platform: 'telegram', channel: chat }, '2024-04-01')).toMatchObject({
            status: 'sent',
          });
        }
      } finally {
        await storage.close();
        await place.cleanup();
      }
    }, 120_000);
  },
);
