// The Telegram adapter (telegraf): commands in private chats and groups (also `/why@botname`), HTML replies
// split at 4096, moderator commands for chat administrators only, throttled sending. Updates arrive by long
// polling (the default; with several processes only the one holding the poll lock polls), or by webhook: an
// HTTP server any number of processes run behind a load balancer, refusing every update without the secret,
// too large or malformed, and handling each update once (webhook.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, type Context } from 'telegraf';
import type { Message, Update } from 'telegraf/types';
import type { Logger } from 'pino';
import type { RunningAdapter } from '../adapter.ts';
import type { Dispatcher, InvocationContext } from '../dispatcher.ts';
import { telegramMenus } from './menu.ts';
import { DEFAULT_TELEGRAM_LIMITS, OutboxDroppedError, TelegramOutbox, type TelegramLimits } from './outbox.ts';
import { createTelegramPoster } from './telegram-poster.ts';
import { renderTelegramReply } from './render-telegram.ts';
import { sendTelegramMessage } from './send-reply.ts';
import { servePress } from './presses.ts';
import { DEFAULT_INLINE_CACHE_SECONDS, serveInline } from './inline.ts';
import { PhotoIds } from './photo-ids.ts';
import { ReplyLimit, type ReplyLimits } from '../reply-limit.ts';
import { type ClaimOnce, webhookHandler } from './webhook.ts';

/** Settings of the Telegram adapter. */
export interface TelegramOptions {
  token: string;
  /** Bot API root, e.g. `https://api.telegram.org` or a self-hosted Bot API server. */
  apiRoot: string;
  dispatcher: Dispatcher;
  logger: Logger;
  limits?: TelegramLimits;
  /** Receive updates by webhook instead of long polling. */
  webhook?: TelegramWebhook;
  /**
   * With several processes: poll only while holding a lock. Given the polling work (start, resolving to stop),
   * returns the lock's runner; absent: this process polls by itself.
   */
  pollLock?: (work: () => Promise<() => Promise<void>>) => { start(): void; stop(): Promise<void> };
  /** With several processes: claims an update id once across them (webhook mode; default: this process's memory). */
  claim?: ClaimOnce;
  /** cache_time of inline results, seconds: the snapshot TTL (default 60). */
  inlineCacheSeconds?: number;
  /** Replies in progress per chat and in all; past them a command is dropped (and logged) unanswered. */
  replyLimits?: ReplyLimits;
}

/** Webhook settings: Telegram posts updates to `url` with `secret` in the X-Telegram-Bot-Api-Secret-Token header. */
export interface TelegramWebhook {
  /** Public HTTPS URL Telegram calls (its path is the path served here). */
  url: string;
  /** Secret Telegram sends with every update (1-256 of A-Z a-z 0-9 _ -); updates without it are refused (403). */
  secret: string;
  /** Port and address the HTTP server listens on (TLS is the load balancer's or proxy's). */
  port: number;
  host: string;
  /** Most simultaneous connections Telegram opens to the webhook (1-100). */
  maxConnections?: number;
}

/** The running Telegram adapter; `webhookPort` is the port the webhook server listens on (webhook mode). */
export type RunningTelegram = RunningAdapter & { webhookPort?: number };

type CommandContext = Context<Update.MessageUpdate<Message.TextMessage>>;

const ADMIN_STATUSES = new Set(['creator', 'administrator']);

/** Start long polling, register the command menu, and serve commands until stopped. Rejects when getMe fails. */
export async function startTelegramAdapter(options: TelegramOptions): Promise<RunningTelegram> {
  const { dispatcher } = options;
  const log = options.logger.child({ adapter: 'telegram' });
  // replies always go through the API (and the outbox), never as the body of the webhook's HTTP answer
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot, webhookReply: false } });
  const outbox = new TelegramOutbox(options.limits ?? DEFAULT_TELEGRAM_LIMITS, log);
  const inFlight = new Set<Promise<void>>();
  const photoIds = new PhotoIds();

  const context = (ctx: CommandContext): InvocationContext => {
    const { chat, from } = ctx.message;
    const isPrivate = chat.type === 'private';
    return {
      platform: 'telegram',
      user: { id: String(from.id), ...(from.username === undefined ? {} : { name: from.username }) },
      chat: { id: String(chat.id), kind: isPrivate ? 'direct' : 'group' },
      // the user's app language in a private chat; a group follows its /language setting, else English
      locale: isPrivate ? from.language_code : undefined,
      isModerator: async () => {
        if (isPrivate) return true;
        // An anonymous administrator posts as the group itself.
        if (ctx.message.sender_chat?.id === chat.id) return true;
        const member = await bot.telegram.getChatMember(chat.id, from.id);
        return ADMIN_STATUSES.has(member.status);
      },
    };
  };

  const answer = async (ctx: CommandContext, name: string, text: string) => {
    const { chat, message_id: messageId } = ctx.message;
    const isGroup = chat.type !== 'private';
    const reply = await dispatcher.handle(name, { text }, context(ctx));
    const message = renderTelegramReply(
      reply,
      await dispatcher.timeZoneOf({
        platform: 'telegram',
        channel: String(chat.id),
        kind: isGroup ? 'group' : 'direct',
      }),
    );
    await sendTelegramMessage(bot, outbox, { chatId: chat.id, isGroup, replyTo: messageId }, message, photoIds);
  };

  // Answer in the background so one slow command never holds up the updates of other chats.
  const limit = new ReplyLimit(options.replyLimits);
  const serve = (ctx: CommandContext, name: string, text: string) => {
    const release = limit.tryStart(String(ctx.message.chat.id));
    if (release === undefined) {
      // Answering would only add to the messages this chat is waiting for.
      log.warn(
        {
          command: name,
          chat: ctx.message.chat.id,
          inChat: limit.inChat(String(ctx.message.chat.id)),
          inFlight: limit.inFlight,
        },
        'too many replies in progress: command dropped',
      );
      return;
    }
    const job = answer(ctx, name, text)
      .catch((err: unknown) => {
        if (err instanceof OutboxDroppedError) return; // the outbox logged the drop
        log.error(
          { err, command: name, chat: ctx.message.chat.id, update: ctx.update.update_id },
          'could not answer a command',
        );
      })
      .finally(() => {
        release();
        inFlight.delete(job);
      });
    inFlight.add(job);
  };

  for (const command of dispatcher.registry.list) {
    // Names are [a-z0-9_] (checked by the registry), so they are safe in a pattern; /WHY works as /why.
    bot.command(new RegExp(`^${command.name}$`, 'i'), (ctx) => serve(ctx, command.name, ctx.payload));
  }
  if (dispatcher.registry.find('help') !== undefined) bot.start((ctx) => serve(ctx, 'help', ''));
  bot.on('inline_query', (ctx) => {
    const job = serveInline(ctx, {
      dispatcher,
      photoIds,
      cacheSeconds: options.inlineCacheSeconds ?? DEFAULT_INLINE_CACHE_SECONDS,
    })
      .catch((err: unknown) => log.error({ err, update: ctx.update.update_id }, 'could not answer an inline query'))
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  });
  bot.on('callback_query', (ctx) => {
    const job = servePress(ctx, { bot, outbox, dispatcher, log, photoIds })
      .catch((err: unknown) => log.error({ err, update: ctx.update.update_id }, 'could not answer a button press'))
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  });
  bot.catch((err, ctx) => log.error({ err, update: ctx.update.update_id }, 'telegram update failed'));

  // Connected unless the last long poll failed (telegraf retries failed polls by itself): the wrapper notes
  // how each getUpdates ended.
  let pollFailed = false;
  const callApi = bot.telegram.callApi.bind(bot.telegram) as (
    method: string,
    payload: unknown,
    options?: unknown,
  ) => Promise<unknown>;
  bot.telegram.callApi = (async (method: string, payload: unknown, options?: unknown) => {
    try {
      const result = await callApi(method, payload, options);
      if (method === 'getUpdates') pollFailed = false;
      return result;
    } catch (err) {
      if (method === 'getUpdates' && (err as Error)?.name !== 'AbortError') pollFailed = true;
      throw err;
    }
  }) as typeof bot.telegram.callApi;

  /** The updates whybot asks for: messages, button presses and inline queries. */
  const allowedUpdates = ['message', 'callback_query', 'inline_query'] as const;
  let finished: Promise<void>;
  let webhookServer: Server | undefined;
  let pollLock: ReturnType<NonNullable<TelegramOptions['pollLock']>> | undefined;
  let stopReceiving: () => void;
  try {
    if (options.webhook !== undefined) {
      const hook = options.webhook;
      bot.botInfo = await bot.telegram.getMe();
      // 403 without the secret header (before any body is read), 413 past the body cap, 400 for anything but an
      // update, and each update_id once (see webhook.ts)
      const server = createServer(
        webhookHandler({
          path: new URL(hook.url).pathname,
          secret: hook.secret,
          handle: (update) => bot.handleUpdate(update),
          ...(options.claim ? { claim: options.claim } : {}),
          log,
        }),
      );
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(hook.port, hook.host, resolve));
      webhookServer = server;
      await bot.telegram.setWebhook(hook.url, {
        secret_token: hook.secret,
        allowed_updates: [...allowedUpdates],
        ...(hook.maxConnections ? { max_connections: hook.maxConnections } : {}),
      });
      log.info(
        { url: hook.url, port: (server.address() as AddressInfo).port },
        'telegram webhook set; serving updates over HTTP',
      );
      let closed!: () => void;
      finished = new Promise<void>((resolve) => (closed = resolve));
      stopReceiving = () => {
        server.close(() => closed());
        server.closeIdleConnections();
      };
    } else if (options.pollLock !== undefined) {
      bot.botInfo = await bot.telegram.getMe();
      await bot.telegram.deleteWebhook();
      // poll only while this process holds the lock: Telegram allows one long poller per bot
      pollLock = options.pollLock(async () => {
        let up!: () => void;
        const running = new Promise<void>((resolve) => (up = resolve));
        const loop = bot.launch({ allowedUpdates: [...allowedUpdates] }, () => up());
        loop.catch((err: unknown) => log.error({ err }, 'telegram polling stopped with an error'));
        await Promise.race([running, loop]);
        log.info('telegram: this process long-polls now (it holds the poll lock)');
        return async () => {
          try {
            bot.stop('poll lock released');
          } catch {
            // not polling any more
          }
          await loop.catch(() => undefined);
        };
      });
      pollLock.start();
      let ended!: () => void;
      finished = new Promise<void>((resolve) => (ended = resolve));
      const lock = pollLock;
      stopReceiving = () => void lock.stop().then(() => ended());
    } else {
      let started!: () => void;
      const launched = new Promise<void>((resolve) => (started = resolve));
      const pollingLoop = bot.launch({ allowedUpdates: [...allowedUpdates] }, () => started());
      finished = pollingLoop.then(
        () => undefined,
        (err: unknown) => log.error({ err }, 'telegram polling stopped with an error'),
      );
      stopReceiving = () => {
        try {
          bot.stop('whybot stopping');
        } catch {
          // not polling (it ended by itself)
        }
      };
      await Promise.race([launched, pollingLoop]);
    }
  } catch (err) {
    webhookServer?.close();
    await pollLock?.stop();
    await outbox.stop();
    throw err;
  }
  log.info({ username: bot.botInfo?.username }, 'telegram bot connected');

  for (const menu of telegramMenus(dispatcher.registry.list, dispatcher.languages)) {
    try {
      await bot.telegram.setMyCommands(menu.commands, {
        scope: { type: menu.scope },
        ...(menu.languageCode === undefined ? {} : { language_code: menu.languageCode }),
      });
    } catch (err) {
      log.error({ err, scope: menu.scope, language: menu.languageCode }, 'could not set the telegram command menu');
    }
  }

  let stopped: Promise<void> | undefined;
  let ended = false;
  void finished.then(() => (ended = true));
  return {
    name: 'telegram',
    finished,
    ...(webhookServer ? { webhookPort: (webhookServer.address() as AddressInfo).port } : {}),
    connected: () => !pollFailed && !ended && stopped === undefined,
    poster: createTelegramPoster(bot, outbox, (where) => dispatcher.timeZoneOf(where)),
    stop() {
      stopped ??= (async () => {
        stopReceiving();
        await finished;
        // No new updates arrive now; let the replies in progress go out before the outbox stops.
        await Promise.allSettled([...inFlight]);
        await outbox.stop();
      })();
      return stopped;
    },
  };
}
