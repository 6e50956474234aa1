// Two whybot processes (separate Node processes, separate SQLite connections) running the same digest pass on
// one database at the same moment post the digest once: the claim written before sending decides who posts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
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

describe('two processes on one database', () => {
  it('post each due digest once', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const path = join(dir, 'whybot.sqlite');
    const db = openDatabase(path);
    const store = new DigestStore(db);
    for (const chat of ['-1001', '-1002', '-1003']) store.set({ platform: 'telegram', channel: chat, kind: 'group' }, '08:00', 'Europe/Paris', 'mod', Date.parse('2024-03-31T20:00:00Z'));
    db.close();
    const pass = (owner: string) => run(process.execPath, ['--import', 'tsx', SCRIPT, path, telegram.apiRoot, '2024-04-01T06:00:05Z', owner], { timeout: 60_000 });
    const [a, b] = await Promise.all([pass('process-a'), pass('process-b')]);
    const outcomes = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)] as Array<{ channel: string; outcome: string }>;
    for (const chat of ['-1001', '-1002', '-1003']) {
      expect(outcomes.filter((o) => o.channel === chat && o.outcome === 'posted')).toHaveLength(1);
      expect(telegram.callsOf('sendMessage').filter((c) => String(c.fields.chat_id) === chat)).toHaveLength(1);
    }
    const check = openDatabase(path);
    const rows = check.prepare("SELECT channel, status, owner FROM digest_posts WHERE day = '2024-04-01' ORDER BY channel").all() as Array<{ status: string; owner: string }>;
    check.close();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.every((r) => r.owner === 'process-a' || r.owner === 'process-b')).toBe(true);
  });
});
