// The test kit itself: the test bot answers as the bot does, waitUntil gives up with the reason, temp dirs go.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger, tempDir, testBot, waitUntil } from './testkit.ts';

describe('testBot', () => {
  it("GIVEN say('/why eth') THEN the reply is the why command's article for ETH, kept in sent", async () => {
    const bot = testBot();
    const reply = await bot.say('/why eth');
    expect(reply.kind).toBe('article');
    expect(bot.sent).toEqual([reply]);
    expect(bot.text(reply).split('\n')[0]).toContain('ETH');
  });

  it('GIVEN a command the bot does not know, or a member asking for a moderator command THEN it answers as the dispatcher does', async () => {
    const bot = testBot({ platform: 'telegram', moderator: false });
    expect((await bot.say('/nope')).kind).toBe('notice');
    const refused = await bot.say('/digest');
    expect(refused).toMatchObject({ kind: 'notice', tone: 'error', private: true });
    expect(bot.sent).toHaveLength(2);
  });
});

describe('helpers', () => {
  it('waitUntil resolves once the check holds, and names what it waited for when it gives up', async () => {
    let n = 0;
    await waitUntil(() => ++n >= 3, 'three looks');
    expect(n).toBe(3);
    await expect(waitUntil(() => false, 'the impossible', 30)).rejects.toThrow('timed out waiting for the impossible');
  });

  it('tempDir makes a directory that cleanup removes', () => {
    const dir = tempDir();
    writeFileSync(join(dir.path, 'x'), 'y');
    dir.cleanup();
    expect(existsSync(dir.path)).toBe(false);
  });

  it('memoryLogger keeps parsed JSON lines at its level', () => {
    const { logger, lines } = memoryLogger('info');
    logger.debug('hidden');
    logger.info({ a: 1 }, 'shown');
    expect(lines).toMatchObject([{ msg: 'shown', a: 1 }]);
  });
});
