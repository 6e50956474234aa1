// A fake Telegram Bot API on 127.0.0.1 for the real telegraf: getMe, long-polled getUpdates, sendMessage,
// sendPhoto (multipart), setMyCommands, getChatMember, and scripted failures (429 with retry_after, 500).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, type ParsedBody } from './http-body.ts';

/** One API call the bot made. */
export interface TelegramCall extends ParsedBody {
  method: string;
  /** process-relative receive time, ms (performance.now()). */
  at: number;
  /** The message_id the fake gave a sendMessage / sendPhoto. */
  messageId?: number;
}

/** An error answer to script: Telegram's `{ok:false, error_code, description, parameters}`. */
export interface TelegramFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/** What a test sends as a user message. */
export interface UserMessage {
  chatId: number;
  chatType?: 'private' | 'group' | 'supergroup';
  fromId?: number;
  text: string;
  /** The sender's app language (Telegram's `language_code`), e.g. `ru`. */
  languageCode?: string;
}

/** Start the fake. `bot` is the getMe answer (username used for `/why@username`). */
export async function startFakeTelegram(bot = { id: 4242, username: 'whybot_test_bot' }) {
  const calls: TelegramCall[] = [];
  const updates: Array<{ update_id: number; [kind: string]: unknown }> = [];
  /** Messages the bot sent that still exist, by `chat:message_id` (for edits; deleteMessage removes one). */
  const sent = new Map<string, { text?: string; caption?: string; photo: boolean }>();
  let nextQuery = 1;
  const failures = new Map<string, TelegramFailure[]>();
  const chatFailures = new Map<string, TelegramFailure>();
  const members = new Map<string, string>();
  const waiting = new Set<{ offset: number; res: ServerResponse; timer: NodeJS.Timeout }>();
  const listeners = new Set<() => void>();
  let nextUpdate = 1;
  let polls = 0;
  let nextMessage = 100;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const pending = (offset: number) => updates.filter((u) => u.update_id >= offset);
  const release = () => {
    for (const w of waiting) if (pending(w.offset).length > 0) answerPoll(w);
  };
  const answerPoll = (w: { offset: number; res: ServerResponse; timer: NodeJS.Timeout }) => {
    waiting.delete(w);
    clearTimeout(w.timer);
    send(w.res, 200, { ok: true, result: pending(w.offset) });
  };

  const server = createServer(async (req, res) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    const method = match?.[2] ?? '';
    const params = body.fields;
    if (method === 'getUpdates') polls += 1;
    else {
      calls.push({ method, ...body, at: performance.now() });
      for (const l of listeners) l();
    }
    const chatFailure = method.startsWith('send') ? chatFailures.get(String(params.chat_id)) : undefined;
    if (chatFailure !== undefined) return send(res, chatFailure.error_code, { ok: false, ...chatFailure });
    const failure = failures.get(method)?.shift();
    if (failure !== undefined) return send(res, failure.error_code, { ok: false, ...failure });
    const chat = { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? 'group' : 'private' };
    switch (method) {
      case 'getMe':
        return send(res, 200, { ok: true, result: { ...bot, is_bot: true, first_name: 'whybot' } });
      case 'deleteWebhook':
      case 'setWebhook':
      case 'setMyCommands':
        return send(res, 200, { ok: true, result: true });
      case 'getUpdates': {
        const offset = Number(params.offset ?? 0);
        for (const u of updates.filter((x) => x.update_id < offset)) updates.splice(updates.indexOf(u), 1);
        const timeout = Number(params.timeout ?? 0);
        if (pending(offset).length > 0 || timeout === 0) return send(res, 200, { ok: true, result: pending(offset) });
        const w = { offset, res, timer: setTimeout(() => answerPoll(w), timeout * 1000) };
        waiting.add(w);
        req.on('close', () => (waiting.delete(w), clearTimeout(w.timer)));
        return;
      }
      case 'sendMessage':
      case 'sendPhoto': {
        const message_id = nextMessage++;
        const photo = method === 'sendPhoto';
        sent.set(`${String(params.chat_id)}:${message_id.toString()}`, {
          photo,
          ...(photo ? { caption: params.caption as string } : { text: params.text as string }),
        });
        const call = [...calls].reverse().find((c) => c.fields === params);
        if (call !== undefined) call.messageId = message_id;
        const content = photo
          ? {
              photo: [
                {
                  file_id: `photo-${message_id.toString()}`,
                  file_unique_id: `u${message_id.toString()}`,
                  width: 800,
                  height: 450,
                },
              ],
              ...(params.caption === undefined ? {} : { caption: params.caption }),
            }
          : { text: params.text };
        return send(res, 200, { ok: true, result: { message_id, date: 1, chat, ...content } });
      }
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageMedia':
      case 'editMessageReplyMarkup': {
        const key = `${String(params.chat_id)}:${String(params.message_id)}`;
        const existing = sent.get(key);
        if (existing === undefined)
          return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
        if (method === 'editMessageText') {
          if (existing.text === params.text)
            return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message is not modified' });
          existing.text = params.text as string;
        }
        return send(res, 200, {
          ok: true,
          result: {
            message_id: Number(params.message_id),
            date: 1,
            edit_date: 2,
            chat,
            ...(existing.photo ? { photo: [], caption: existing.caption } : { text: existing.text }),
          },
        });
      }
      case 'answerCallbackQuery':
      case 'answerInlineQuery':
        return send(res, 200, { ok: true, result: true });
      case 'getChatMember':
        return send(res, 200, {
          ok: true,
          result: {
            status: members.get(`${String(params.chat_id)}:${String(params.user_id)}`) ?? 'member',
            user: { id: Number(params.user_id), is_bot: false, first_name: 'u' },
          },
        });
      default:
        return send(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  /** The update of a user's text message; a leading /command gets its bot_command entity. */
  const userUpdate = (m: UserMessage) => {
    const command = /^\/\S+/.exec(m.text)?.[0];
    const message_id = nextMessage++;
    const fromId = m.fromId ?? 7;
    return {
      update_id: nextUpdate++,
      message: {
        message_id,
        date: Math.floor(Date.now() / 1000),
        chat:
          m.chatType === 'private' || m.chatType === undefined
            ? { id: m.chatId, type: 'private', first_name: 'u' }
            : { id: m.chatId, type: m.chatType, title: 'g' },
        from: {
          id: fromId,
          is_bot: false,
          first_name: 'u',
          username: `user${fromId.toString()}`,
          ...(m.languageCode === undefined ? {} : { language_code: m.languageCode }),
        },
        text: m.text,
        ...(command === undefined ? {} : { entities: [{ type: 'bot_command', offset: 0, length: command.length }] }),
      },
    };
  };

  return {
    apiRoot: `http://127.0.0.1:${port.toString()}`,
    bot,
    calls,
    /** Calls of one method, in order. */
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    /** The next `times` calls of `method` answer with `failure`. */
    fail(method: string, failure: TelegramFailure, times = 1) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]);
    },
    /** Every message sent to this chat from now on answers with `failure` (a chat that is gone: 403, "chat not found"). */
    failChat: (chatId: number, failure: TelegramFailure) => chatFailures.set(String(chatId), failure),
    /** Set a user's status in a chat for getChatMember ("administrator", "creator", "member"). */
    setMember: (chatId: number, userId: number, status: string) =>
      members.set(`${chatId.toString()}:${userId.toString()}`, status),
    /** How many getUpdates (long polls) have arrived. */
    polls: () => polls,
    /** Deliver a user's text message by long poll; a leading /command gets its bot_command entity. */
    sendUserMessage(m: UserMessage): number {
      const update = userUpdate(m);
      updates.push(update);
      release();
      return update.message.message_id;
    },
    /** The update of a user's text message, not delivered: what Telegram would post to a webhook. */
    userUpdate,
    /** Forget a message, as if a user deleted it: edits of it fail with 400 "message to edit not found". */
    deleteMessage: (chatId: number, messageId: number) => sent.delete(`${chatId.toString()}:${messageId.toString()}`),
    /**
     * Deliver a press of an inline button (callback_query) on the bot's message `messageId` in `chatId`. The
     * message is described as sent (text or photo); returns the query id.
     */
    sendCallbackQuery(q: {
      chatId: number;
      messageId: number;
      data: string;
      fromId?: number;
      chatType?: 'private' | 'group' | 'supergroup';
    }): string {
      const id = `q${(nextQuery++).toString()}`;
      const fromId = q.fromId ?? 8;
      const chatObj =
        q.chatType === 'private' || (q.chatType === undefined && q.chatId > 0)
          ? { id: q.chatId, type: 'private', first_name: 'u' }
          : { id: q.chatId, type: q.chatType ?? 'group', title: 'g' };
      const known = sent.get(`${q.chatId.toString()}:${q.messageId.toString()}`);
      const content = known?.photo
        ? { photo: [{ file_id: 'p', file_unique_id: 'p', width: 800, height: 450 }], caption: known.caption ?? '' }
        : { text: known?.text ?? 'article' };
      updates.push({
        update_id: nextUpdate++,
        callback_query: {
          id,
          from: { id: fromId, is_bot: false, first_name: 'u', username: `user${fromId.toString()}` },
          chat_instance: `ci${q.chatId.toString()}`,
          data: q.data,
          message: {
            message_id: q.messageId,
            date: 1,
            chat: chatObj,
            from: { id: bot.id, is_bot: true, first_name: 'whybot', username: bot.username },
            ...content,
          },
        },
      });
      release();
      return id;
    },
    /** Deliver an inline query (`@bot <query>` typed in any chat); returns the query id. */
    sendInlineQuery(q: { query: string; fromId?: number }): string {
      const id = `iq${(nextQuery++).toString()}`;
      const fromId = q.fromId ?? 9;
      updates.push({
        update_id: nextUpdate++,
        inline_query: { id, from: { id: fromId, is_bot: false, first_name: 'u' }, query: q.query, offset: '' },
      });
      release();
      return id;
    },
    /** Resolve when at least `count` calls of `method` have arrived. */
    waitForCalls(method: string, count = 1, timeoutMs = 10_000): Promise<TelegramCall[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.filter((c) => c.method === method);
          if (found.length < count) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(
          () => (listeners.delete(check), reject(new Error(`timed out waiting for ${count.toString()} ${method}`))),
          timeoutMs,
        );
        listeners.add(check);
        check();
      });
    },
    async close() {
      for (const w of waiting) answerPoll(w);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The fake's handle. */
export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;
