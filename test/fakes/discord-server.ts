// A fake Discord on 127.0.0.1 for the real discord.js: REST (/api/v10/...) and the gateway over `ws`
// (HELLO, IDENTIFY, READY, heartbeat ACK), dispatching INTERACTION_CREATE and recording every REST call.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { readBody, type ParsedBody } from './http-body.ts';

/** One REST call the bot made (path decoded, without the /api/v10 prefix). */
export interface DiscordCall extends ParsedBody {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The HTTP status answered (set once answered). */
  status?: number;
  /** True when Discord would return an earlier message instead of making one (same nonce with enforce_nonce). */
  deduped?: boolean;
  /** The id the fake gave a message posted to a channel. */
  messageId?: string;
  /** When the request began to arrive (epoch ms, fractional), before its body was read. */
  arrivedAt: number;
  /** When the global limit was checked for it (epoch ms, fractional), once its body was read. */
  checkedAt?: number;
}

/** A scripted REST failure: status, JSON body and optional headers, for calls matching method and path. */
export interface DiscordFailure {
  method: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a test sends as a user running a slash command. */
export interface SlashCommand {
  name: string;
  options?: Array<{ name: string; type: number; value: string | boolean }>;
  /** Server member with these permission bits (as a decimal string); omit `guildId` for a DM. */
  guildId?: string;
  permissions?: string;
  userId?: string;
  /** The user's client language (default en-US) and, in a server, its preferred locale (`guild_locale`). */
  locale?: string;
  guildLocale?: string;
}

/** What a test sends as a user pressing a button (component_type 2) or choosing in a select menu (3). */
export interface ComponentPress {
  customId: string;
  /** The message the component is on (as the bot sent it); its id defaults to a new snowflake. */
  message?: { id?: string; embeds?: unknown[]; components?: unknown[] };
  componentType?: 2 | 3;
  values?: string[];
  guildId?: string;
  userId?: string;
}

/** What a test sends as a user typing into an autocompleted option. */
export interface AutocompleteRequest {
  command: string;
  /** Options as typed so far; the one being typed has `focused: true`. */
  options: Array<{ name: string; type: number; value: string; focused?: boolean }>;
  /** A subcommand-less command's options go here; `guildId` omitted means a DM. */
  guildId?: string;
  /** The guild's preferred locale (Discord sends `guild_locale`). */
  guildLocale?: string;
  locale?: string;
}

/** Options of the fake Discord. */
export interface FakeDiscordOptions {
  /**
   * Enforce Discord's global REST limit: a token bucket of this many requests per second (interaction
   * callbacks excluded, as on Discord); a request over it gets 429 with `retry_after` and `global: true`.
   */
  globalPerSecond?: number;
  /** Shards GET /gateway/bot recommends (default 1). */
  shards?: number;
  /** `max_concurrency` of GET /gateway/bot: how many shards may IDENTIFY at once (default 1; then 5 s apart). */
  maxConcurrency?: number;
}

/** One IDENTIFY a client sent: its `shard` field ([id, count]) when it had one. */
export interface DiscordIdentify {
  shard?: [number, number];
}

/** A message request's JSON: `payload_json` of a multipart upload, else the JSON body itself. */
function payloadOf(fields: Record<string, unknown>): Record<string, unknown> {
  return (typeof fields.payload_json === 'string' ? JSON.parse(fields.payload_json) : fields) as Record<
    string,
    unknown
  >;
}

/** Start the fake Discord. `appId` is the application id READY reports. */
export async function startFakeDiscord(appId = '1100000000000000001', options: FakeDiscordOptions = {}) {
  /** A message as Discord returns it: the bot's, with what the request carried laid over it. */
  const messageObject = (id: string, channelId: string, payload: Record<string, unknown>, editedAt?: string) => ({
    id,
    channel_id: channelId,
    type: 0,
    content: '',
    author: { id: appId, username: 'whybot', discriminator: '0', avatar: null, bot: true },
    embeds: [],
    attachments: [],
    timestamp: new Date(0).toISOString(),
    edited_timestamp: editedAt ?? null,
    flags: 0,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    tts: false,
    ...payload,
  });
  const calls: DiscordCall[] = [];
  const failures: DiscordFailure[] = [];
  const nonces = new Set<string>();
  const sockets = new Set<WebSocket>();
  const identifies: DiscordIdentify[] = [];
  /** The shard each identified connection runs; a connection without one gets every event. */
  const shardOf = new Map<WebSocket, [number, number]>();
  /** As Discord: a guild's events go to shard (guild_id >> 22) % count, direct messages to shard 0. */
  const dispatch = (packet: { op: number; t: string; s: number; d: { id: string; guild_id?: string } }) => {
    for (const ws of sockets) {
      const shard = shardOf.get(ws);
      const target =
        shard === undefined
          ? undefined
          : packet.d.guild_id === undefined
            ? 0
            : Number((BigInt(packet.d.guild_id) >> 22n) % BigInt(shard[1]));
      if (shard === undefined || shard[0] === target) ws.send(JSON.stringify(packet));
    }
  };
  /** Channel messages the bot posted that still exist, `channel:id` (deleteMessage removes one). */
  const channelMessages = new Set<string>();
  const listeners = new Set<() => void>();
  let seq = 0;
  let nextId = 1200000000000000000n;
  const snowflake = () => (nextId++).toString();

  const bucket = {
    rate: options.globalPerSecond ?? Infinity,
    tokens: options.globalPerSecond ?? Infinity,
    at: performance.now(),
    limited: 0,
  };
  /** Take a token; undefined when one was free, else the seconds until one is. */
  const overLimit = (): number | undefined => {
    if (bucket.rate === Infinity) return undefined;
    const now = performance.now();
    bucket.tokens = Math.min(bucket.rate, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    bucket.limited += 1;
    return (1 - bucket.tokens) / bucket.rate;
  };

  const server = createServer(async (req, res) => {
    const arrivedAt = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const body = await readBody(req);
    const call: DiscordCall = {
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization,
      arrivedAt,
      ...body,
    };
    calls.push(call);
    for (const l of listeners) l();
    const json = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      if (payload === undefined) return res.writeHead(status, headers).end();
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    call.checkedAt = performance.timeOrigin + performance.now();
    const wait = /^\/(interactions|webhooks)\//.test(path) ? undefined : overLimit();
    if (wait !== undefined) {
      const retryAfter = Math.ceil(wait * 1000) / 1000;
      return json(
        429,
        { message: 'You are being rate limited.', retry_after: retryAfter, global: true, code: 0 },
        { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      );
    }
    const failure = failures.find((f) => f.method === req.method && f.path.test(path));
    if (failure !== undefined) {
      failures.splice(failures.indexOf(failure), 1);
      return json(failure.status, failure.body ?? { message: 'scripted failure', code: 0 }, failure.headers);
    }
    if (req.method === 'GET' && path === '/gateway/bot') {
      const { port } = server.address() as AddressInfo;
      return json(200, {
        url: `ws://127.0.0.1:${port.toString()}`,
        shards: options.shards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: 1000,
          reset_after: 0,
          max_concurrency: options.maxConcurrency ?? 1,
        },
      });
    }
    if (req.method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return json(
        200,
        (body.fields as unknown as Array<Record<string, unknown>>).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: appId,
          version: '1',
        })),
      );
    }
    if (req.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return json(204);
    if (req.method === 'DELETE' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) return json(204);
    const message = req.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path);
    const followUp = req.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path);
    if (message || followUp) {
      const payload = payloadOf(body.fields);
      return json(200, messageObject(snowflake(), '1300000000000000001', payload));
    }
    const channelEdit = req.method === 'PATCH' ? /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path) : null;
    if (channelEdit !== null) {
      if (!channelMessages.has(`${channelEdit[1]!}:${channelEdit[2]!}`))
        return json(404, { message: 'Unknown Message', code: 10008 });
      const payload = payloadOf(body.fields);
      return json(200, messageObject(channelEdit[2]!, channelEdit[1]!, payload, new Date(1).toISOString()));
    }
    const channelPost = req.method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(path) : null;
    if (channelPost !== null) {
      const id = snowflake();
      channelMessages.add(`${channelPost[1]!}:${id}`);
      call.messageId = id;
      const payload = payloadOf(body.fields);
      // as Discord: a nonce seen in this channel with enforce_nonce returns the message already made
      if (payload.enforce_nonce === true && typeof payload.nonce === 'string') {
        const seen = `${channelPost[1]!}:${payload.nonce}`;
        if (nonces.has(seen)) call.deduped = true;
        nonces.add(seen);
      }
      return json(200, messageObject(id, channelPost[1]!, payload));
    }
    return json(404, { message: 'Unknown route', code: 0 });
  });

  const gateway = new WebSocketServer({ server });
  gateway.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => (sockets.delete(ws), shardOf.delete(ws)));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d?: { shard?: [number, number] } };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op === 2) {
        const shard = packet.d?.shard;
        identifies.push(shard === undefined ? {} : { shard });
        if (shard !== undefined) shardOf.set(ws, shard);
        const d = {
          ...(shard === undefined ? {} : { shard }),
          v: 10,
          user: { id: appId, username: 'whybot', discriminator: '0', avatar: null, bot: true },
          guilds: [],
          session_id: 'fake-session',
          resume_gateway_url: 'ws://127.0.0.1',
          application: { id: appId, flags: 0 },
        };
        ws.send(JSON.stringify({ op: 0, t: 'READY', s: ++seq, d }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port.toString()}/api`,
    appId,
    calls,
    /** Every IDENTIFY received, in order. */
    identifies,
    /** Open gateway connections (0 once every client has gone). */
    gatewayConnections: () => sockets.size,
    /** Requests answered 429 by the global rate limit so far. */
    rateLimited: () => bucket.limited,
    /** The next call matching method and path answers with this failure (once per call to fail()). */
    fail: (failure: DiscordFailure) => failures.push(failure),
    /** Dispatch a slash command as INTERACTION_CREATE; returns the interaction's id and token. */
    sendSlashCommand(command: SlashCommand): { id: string; token: string } {
      const id = snowflake();
      const token = `tok-${id}`;
      const user = {
        id: command.userId ?? '1400000000000000001',
        username: 'member',
        discriminator: '0',
        global_name: 'Member',
        avatar: null,
      };
      const where =
        command.guildId === undefined
          ? {
              user,
              context: 1,
              channel: { id: '1300000000000000002', type: 1, recipients: [user] },
              channel_id: '1300000000000000002',
            }
          : {
              guild_id: command.guildId,
              context: 0,
              channel_id: '1300000000000000001',
              channel: { id: '1300000000000000001', type: 0, guild_id: command.guildId, name: 'general' },
              member: {
                user,
                roles: [],
                permissions: command.permissions ?? '0',
                joined_at: new Date(0).toISOString(),
                deaf: false,
                mute: false,
                flags: 0,
              },
            };
      const d = {
        id,
        application_id: appId,
        type: 2,
        token,
        version: 1,
        locale: command.locale ?? 'en-US',
        ...(command.guildLocale === undefined ? {} : { guild_locale: command.guildLocale }),
        app_permissions: '0',
        entitlements: [],
        authorizing_integration_owners: {},
        data: { id: snowflake(), name: command.name, type: 1, options: command.options ?? [] },
        ...where,
      };
      dispatch({ op: 0, t: 'INTERACTION_CREATE', s: ++seq, d });
      return { id, token };
    },
    /** Forget a channel message, as if someone deleted it: edits of it answer 404 Unknown Message. */
    deleteMessage: (channelId: string, messageId: string) => channelMessages.delete(`${channelId}:${messageId}`),
    /** Dispatch a component interaction (type 3) for a button press or a select; returns its id and token. */
    sendComponent(press: ComponentPress): { id: string; token: string } {
      const id = snowflake();
      const token = `tok-${id}`;
      const channelId = '1300000000000000001';
      const user = {
        id: press.userId ?? '1400000000000000002',
        username: 'presser',
        discriminator: '0',
        global_name: 'Presser',
        avatar: null,
      };
      const guildId = press.guildId ?? '1500000000000000001';
      const message = {
        id: press.message?.id ?? snowflake(),
        channel_id: channelId,
        type: 0,
        content: '',
        author: { id: appId, username: 'whybot', discriminator: '0', avatar: null, bot: true },
        embeds: press.message?.embeds ?? [],
        components: press.message?.components ?? [],
        attachments: [],
        timestamp: new Date(0).toISOString(),
        edited_timestamp: null,
        flags: 0,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        pinned: false,
        tts: false,
      };
      const data = {
        custom_id: press.customId,
        component_type: press.componentType ?? 2,
        ...(press.values === undefined ? {} : { values: press.values }),
      };
      const d = {
        id,
        application_id: appId,
        type: 3,
        token,
        version: 1,
        locale: 'en-US',
        app_permissions: '0',
        entitlements: [],
        authorizing_integration_owners: {},
        guild_id: guildId,
        context: 0,
        channel_id: channelId,
        channel: { id: channelId, type: 0, guild_id: guildId, name: 'general' },
        member: {
          user,
          roles: [],
          permissions: '0',
          joined_at: new Date(0).toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
        message,
        data,
      };
      dispatch({ op: 0, t: 'INTERACTION_CREATE', s: ++seq, d });
      return { id, token };
    },
    /** Dispatch an autocomplete interaction (type 4); the bot answers on the callback route with type 8. */
    sendAutocomplete(request: AutocompleteRequest): { id: string; token: string } {
      const id = snowflake();
      const token = `tok-${id}`;
      const user = {
        id: '1400000000000000003',
        username: 'typer',
        discriminator: '0',
        global_name: 'Typer',
        avatar: null,
      };
      const where =
        request.guildId === undefined
          ? {
              user,
              context: 1,
              channel: { id: '1300000000000000002', type: 1, recipients: [user] },
              channel_id: '1300000000000000002',
            }
          : {
              guild_id: request.guildId,
              ...(request.guildLocale === undefined ? {} : { guild_locale: request.guildLocale }),
              context: 0,
              channel_id: '1300000000000000001',
              channel: { id: '1300000000000000001', type: 0, guild_id: request.guildId, name: 'general' },
              member: {
                user,
                roles: [],
                permissions: '0',
                joined_at: new Date(0).toISOString(),
                deaf: false,
                mute: false,
                flags: 0,
              },
            };
      const d = {
        id,
        application_id: appId,
        type: 4,
        token,
        version: 1,
        locale: request.locale ?? 'en-US',
        app_permissions: '0',
        entitlements: [],
        authorizing_integration_owners: {},
        data: { id: snowflake(), name: request.command, type: 1, options: request.options },
        ...where,
      };
      dispatch({ op: 0, t: 'INTERACTION_CREATE', s: ++seq, d });
      return { id, token };
    },
    /** Resolve with the first call (from now on or already made) that matches. */
    waitForCall(method: string, path: RegExp, timeoutMs = 10_000): Promise<DiscordCall> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.find((c) => c.method === method && path.test(c.path));
          if (found === undefined) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(
          () => (listeners.delete(check), reject(new Error(`timed out waiting for ${method} ${path.source}`))),
          timeoutMs,
        );
        listeners.add(check);
        check();
      });
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The fake's handle. */
export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
