// Edits through the shared BullMQ queue on the real Redis, posted by the real telegraf client to the fake Telegram:
// a queued post returns its message ids; a queued edit replaces that message in place; the same edit enqueued by
// two processes is made once; an edit of a deleted message answers `message-gone` (the alert is posted anew).
// Runs when REDIS_URL_TEST is set.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { connectRedis } from '../../src/cluster/redis.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Reply } from '../../src/core/reply.ts';
import { PostQueue } from '../../src/deliver/post-queue.ts';
import { startPostWorkers } from '../../src/deliver/post-workers.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const CHAT = { platform: 'telegram' as const, channel: '-1005', kind: 'group' as const };
const alert = (line: string): Reply => ({ kind: 'notice', tone: 'info', title: 'Drop alert', lines: [line] });

describe.skipIf(REDIS_URL_TEST === undefined)('edits through the shared post queue', () => {
  let prefix: string;
  let redis: Redis;
  let telegram: FakeTelegram;
  let bot: RunningBot;
  const stops: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    prefix = testPrefix();
    redis = connectRedis(REDIS_URL_TEST!);
    telegram = await startFakeTelegram();
    bot = await runBot(
      loadConfig({ TELEGRAM_TOKEN: '1:edits', TELEGRAM_API_ROOT: telegram.apiRoot, LOG_LEVEL: 'silent' }, PLATFORMS),
      fixedServices(),
      { logger: memoryLogger().logger },
    );
    const workers = startPostWorkers({
      url: REDIS_URL_TEST!,
      redis,
      prefix,
      posters: { telegram: bot.posters.telegram! },
      perSecond: { telegram: 30 },
      groupPerMinute: { telegram: 20 },
      logger: memoryLogger().logger,
    });
    stops.push(
      () => workers.stop(),
      () => bot.stop(),
      () => telegram.close(),
    );
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** A sending process (a scheduler's side): its own queue connection. */
  const sender = async () => {
    const queue = await PostQueue.open({
      url: REDIS_URL_TEST!,
      redis,
      prefix,
      platforms: ['telegram'],
      logger: memoryLogger().logger,
    });
    stops.push(() => queue.stop());
    return queue;
  };

  it('posts, then edits the message in place, once however many processes ask', async () => {
    const [a, b] = [await sender(), await sender()];
    const posted = await a.send(CHAT, alert('BTC -3.2% within 1 h'), 'alert band 1', 'alert:telegram:-1005:e1:1');
    expect(posted.status).toBe('sent');
    const messageId = posted.status === 'sent' ? posted.messageIds?.[0] : undefined;
    expect(messageId).toBeDefined();
    const deeper = alert('BTC -5.2% and deepening');
    const edits = await Promise.all([
      a.edit(CHAT, messageId!, deeper, 'alert band 2'),
      b.edit(CHAT, messageId!, alert('BTC -5.2% and deepening'), 'alert band 2'),
    ]);
    expect(edits).toEqual([{ status: 'edited' }, { status: 'edited' }]);
    const made = telegram.callsOf('editMessageText');
    expect(made).toHaveLength(1);
    expect(String(made[0]!.fields.message_id)).toBe(messageId);
    expect(String(made[0]!.fields.text)).toContain('-5.2% and deepening');
    expect(telegram.callsOf('sendMessage')).toHaveLength(1);
  });

  it('answers message-gone when the message was deleted, so the sender posts anew', async () => {
    const queue = await sender();
    const posted = await queue.send(CHAT, alert('ETH -3.1% within 1 h'), 'alert band 1', 'alert:telegram:-1005:e2:1');
    const messageId = posted.status === 'sent' ? posted.messageIds![0]! : '';
    telegram.deleteMessage(Number(CHAT.channel), Number(messageId));
    expect(await queue.edit(CHAT, messageId, alert('ETH -5.0% and deepening'), 'alert band 2')).toEqual({
      status: 'message-gone',
    });
    expect(telegram.callsOf('sendMessage')).toHaveLength(1); // the worker posted nothing itself
  });
});
