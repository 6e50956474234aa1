// The HTTP handler of Telegram's webhook: only a POST to the hook's path with the secret header gets in (else
// 403, before the body is read); the body is capped (413 past WEBHOOK_MAX_BODY_BYTES, read or announced); it must
// be a JSON object with a whole-number update_id (else 400, and nothing runs); and each update_id is handled once
// (Telegram re-sends an update it thinks failed, and anyone holding the secret could replay one): a repeat is
// answered 200 and dropped. The "seen" check is this process's memory, plus, with several processes, a claim
// shared through Redis (PlatformStart.claim), so a replay reaching another instance is dropped too.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Update } from 'telegraf/types';

/** Largest webhook body read, bytes. Telegram's updates are a few kilobytes; 1 MiB leaves room for any. */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** How long an update_id is remembered as handled, ms: Telegram keeps an unconfirmed update for 24 hours. */
export const UPDATE_MEMORY_MS = 24 * 60 * 60 * 1000;

/** Claims a key once across processes: true for the first claim within `ttlMs`, false after (see PlatformStart). */
export type ClaimOnce = (key: string, ttlMs: number) => Promise<boolean>;

/** What the webhook handler needs. */
export interface WebhookHandlerOptions {
  /** The path Telegram posts to (the webhook URL's path). */
  path: string;
  /** The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token. */
  secret: string;
  /** Handles one update (telegraf's bot.handleUpdate). */
  handle(update: Update): Promise<void>;
  /** With several processes: the shared claim of an update id. */
  claim?: ClaimOnce;
  log: Logger;
  /** Body cap, bytes (default WEBHOOK_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

/** A body larger than the cap. */
class BodyError extends Error {}

/** Read the body up to `max` bytes; a larger one (announced or sent) rejects with BodyError, reading no further. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const announced = Number(req.headers['content-length']);
  if (Number.isFinite(announced) && announced > max) return Promise.reject(new BodyError('webhook body too large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      reject(new BodyError('webhook body too large'));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** The update in a parsed body, or undefined when it is not an object with a whole-number update_id. */
function asUpdate(body: unknown): Update | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const id = (body as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? (body as Update) : undefined;
}

const sameSecret = (given: unknown, secret: string) => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The request handler of the webhook's HTTP server. Never throws; every request gets an answer. */
export function webhookHandler(options: WebhookHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const max = options.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES;
  const seen = new LRUCache<number, true>({ max: 100_000, ttl: UPDATE_MEMORY_MS });
  const firstTime = async (id: number): Promise<boolean> => {
    if (seen.has(id)) return false;
    seen.set(id, true);
    if (options.claim === undefined) return true;
    try {
      return await options.claim(`telegram-update:${id.toString()}`, UPDATE_MEMORY_MS);
    } catch (err) {
      // the shared store is out of reach: this process's memory still keeps repeats to it out
      options.log.warn({ err, update: id }, 'could not check the update id in the shared store; handling it');
      return true;
    }
  };
  const answer = (res: ServerResponse, status: number) => {
    if (!res.headersSent) res.writeHead(status);
    res.end();
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (
      req.method !== 'POST' ||
      path !== options.path ||
      !sameSecret(req.headers['x-telegram-bot-api-secret-token'], options.secret)
    ) {
      answer(res, 403);
      return;
    }
    let update: Update | undefined;
    try {
      update = asUpdate(JSON.parse((await readBody(req, max)).toString('utf8')));
    } catch (err) {
      if (err instanceof BodyError) {
        options.log.warn({ limit: max }, 'webhook body too large: refused');
        // answer, then drop the connection rather than read the rest
        res.writeHead(413, { connection: 'close' });
        res.end(() => req.destroy());
        return;
      }
      options.log.warn('webhook body is not JSON: refused');
      answer(res, 400);
      return;
    }
    if (update === undefined) {
      options.log.warn('webhook body is not a Telegram update (no update_id): refused');
      answer(res, 400);
      return;
    }
    if (!(await firstTime(update.update_id))) {
      options.log.info({ update: update.update_id }, 'webhook update already handled: dropped');
      answer(res, 200);
      return;
    }
    await options.handle(update);
    answer(res, 200);
  };

  return (req, res) => {
    serve(req, res).catch((err: unknown) => {
      options.log.error({ err }, 'webhook request failed');
      answer(res, 500);
    });
  };
}
