// Gather source: the crypto Fear & Greed Index from alternative.me's public API (GET /fng/?limit=N;
// data[] newest first, value and timestamp as strings, timestamps in seconds). Uses the index's own
// classification. Cached (the index changes once a day); unreachable or malformed answers become Missing.
// Registered in sources.ts as the `sentiment` part.
import NodeCache from 'node-cache';
import { z } from 'zod';
import { publicReason } from '../core/error-reason.ts';
import type { Missing, Part, SentimentReading } from './types.ts';
import { recordUpstreamError, upstreamCalls } from '../observability/metrics.ts';
import type { SourceFactory } from './snapshot-source.ts';

/** Source name shown in footers and /status. */
export const FEAR_GREED_SOURCE = 'alternative.me Fear & Greed Index';
/** The public API's base URL. */
export const FEAR_GREED_URL = 'https://api.alternative.me';

const DAY = 86_400_000;
/** How far a reading may lie before the wanted moment and still count as that moment's reading. */
const MAX_READING_AGE_MS = 2 * DAY;
/** The index's history starts in February 2018; no reading exists before this. */
const HISTORY_DAYS_MAX = 4000;

/** One day's index value. */
export interface SentimentPoint {
  value: number;
  classification: string;
  /** Epoch ms of the day the reading is for (the API's timestamp). */
  at: number;
}

/** The reading for the wanted moment, with the day before when the API gave it. */
export interface FearGreedReading extends SentimentReading {
  previous?: SentimentPoint;
}

/** Where and how to ask the API. */
export interface FearGreedOptions {
  /** Base URL (default https://api.alternative.me); tests point it at a local server. */
  baseUrl?: string;
  /** Request timeout in ms (default 5000). */
  timeoutMs?: number;
}

const entrySchema = z.object({
  value: z
    .string()
    .regex(/^\d{1,3}$/, 'value is not a whole number')
    .refine((v) => Number(v) <= 100, 'value is above 100'),
  value_classification: z.string().trim().min(1, 'classification is empty').max(40),
  timestamp: z.string().regex(/^\d{9,11}$/, 'timestamp is not in seconds'),
});
const bodySchema = z.object({
  data: z.array(entrySchema).min(1, 'no readings'),
  metadata: z.object({ error: z.string().nullable().optional() }).optional(),
});

const missing = (reason: string): Missing => ({ ok: false, source: FEAR_GREED_SOURCE, reason });

/**
 * The reading for `at` (epoch ms; default the newest) from a parsed API body: the newest reading at or before
 * `at`, when it is at most two days older. Pure; exported for tests.
 */
export function parseFearGreed(body: unknown, at?: number): Part<FearGreedReading> {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const metaError = (body as { metadata?: { error?: unknown } } | null)?.metadata?.error;
    if (typeof metaError === 'string' && metaError) return missing(`API error: ${metaError.slice(0, 120)}`);
    return missing(`malformed response: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  if (parsed.data.metadata?.error) return missing(`API error: ${parsed.data.metadata.error.slice(0, 120)}`);
  const points: SentimentPoint[] = parsed.data.data
    .map((e) => ({ value: Number(e.value), classification: e.value_classification, at: Number(e.timestamp) * 1000 }))
    .sort((a, b) => b.at - a.at);
  const index = at === undefined ? 0 : points.findIndex((p) => p.at <= at);
  const current = points[index];
  if (!current || (at !== undefined && at - current.at > MAX_READING_AGE_MS))
    return missing('no reading for that date');
  const previous = points[index + 1];
  return {
    ok: true,
    source: FEAR_GREED_SOURCE,
    asOf: current.at,
    value: { name: 'Fear & Greed', ...current, ...(previous ? { previous } : {}) },
  };
}

/** A short reason for a failed request. */
function requestFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `timed out after ${timeoutMs} ms`;
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof code === 'string') return `unreachable (${code})`;
  const reason = publicReason(error);
  return reason === 'unreachable' ? reason : `unreachable (${reason})`;
}

/**
 * Fetch the index once. `at` asks for the reading of a past moment (replays); `now` is the wall clock,
 * used to size the history asked for. Never throws: failures are Missing with a reason.
 */
export async function fetchFearGreed(
  options: FearGreedOptions & { at?: number; now?: number } = {},
): Promise<Part<FearGreedReading>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const base = (options.baseUrl ?? FEAR_GREED_URL).replace(/\/$/, '');
  // Readings are daily: ask for every day from the wanted one to today, plus the day before it.
  const back =
    options.at === undefined || options.now === undefined
      ? 0
      : Math.floor(options.now / DAY) - Math.floor(options.at / DAY);
  if (back > HISTORY_DAYS_MAX) return missing('no reading for that date');
  const limit = Math.max(0, back) + 2;
  let response: Response;
  try {
    response = await fetch(`${base}/fng/?limit=${limit}`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    return missing(requestFailure(error, timeoutMs));
  }
  if (!response.ok) {
    await response.body?.cancel();
    return missing(`HTTP ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return missing(`timed out after ${timeoutMs} ms`);
    return missing('malformed response: not JSON');
  }
  return parseFearGreed(body, options.at);
}

/** Options for FearGreedSource. */
export interface FearGreedSourceOptions extends FearGreedOptions {
  /** How long a reading is reused, seconds (default 600). */
  ttlSeconds?: number;
  /** How long a failure is reused before asking again, seconds (default 60), so an outage is not hammered. */
  failureTtlSeconds?: number;
  /** Wall clock (epoch ms), for sizing replay requests; default Date.now. */
  clock?: () => number;
}

/** The Fear & Greed index with a TTL cache and one request in flight per moment asked for. */
export class FearGreedSource {
  private readonly cache: NodeCache;
  private readonly inFlight = new Map<string, Promise<Part<FearGreedReading>>>();
  private requestCount = 0;

  constructor(private readonly options: FearGreedSourceOptions = {}) {
    this.cache = new NodeCache({ stdTTL: options.ttlSeconds ?? 600, checkperiod: 0, useClones: false });
  }

  /** The current reading, or the reading of the replayed moment `at`. */
  get(at?: number): Promise<Part<FearGreedReading>> {
    const key = at === undefined ? 'live' : `at:${at}`;
    const cached = this.cache.get<Part<FearGreedReading>>(key);
    if (cached) return Promise.resolve(cached);
    const running = this.inFlight.get(key);
    if (running) return running;
    this.requestCount += 1;
    upstreamCalls.inc({ source: FEAR_GREED_SOURCE });
    const now = (this.options.clock ?? Date.now)();
    const request = fetchFearGreed({ ...this.options, ...(at === undefined ? {} : { at, now }) })
      .then((part) => {
        if (!part.ok) recordUpstreamError(FEAR_GREED_SOURCE, part.reason);
        this.cache.set(key, part, part.ok ? (this.options.ttlSeconds ?? 600) : (this.options.failureTtlSeconds ?? 60));
        return part;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
  }

  /** How many requests were sent (for tests and metrics). */
  get requests(): number {
    return this.requestCount;
  }

  /** Stop the cache's timers. */
  close(): void {
    this.cache.close();
  }
}

/** How far the newest reading may lie behind the build's moment (the index is daily). */
export const FEAR_GREED_MAX_AGE_MS = MAX_READING_AGE_MS;

/** The registered source: the Fear & Greed index (WHYBOT_SENTIMENT=on, the default), for the replayed day in replays. */
export const fearGreedSource: SourceFactory = ({ config }) => {
  if (config.WHYBOT_SENTIMENT !== 'on') return undefined;
  const index = new FearGreedSource({
    baseUrl: config.WHYBOT_FNG_URL,
    timeoutMs: config.WHYBOT_FNG_TIMEOUT_MS,
    ttlSeconds: config.WHYBOT_FNG_TTL_SECONDS,
  });
  return {
    part: 'sentiment',
    name: FEAR_GREED_SOURCE,
    settings: ['WHYBOT_SENTIMENT', 'WHYBOT_FNG_URL', 'WHYBOT_FNG_TIMEOUT_MS', 'WHYBOT_FNG_TTL_SECONDS'],
    // the request has its own timeout; this guards the reading of its body as well
    timeoutMs: config.WHYBOT_FNG_TIMEOUT_MS + 1000,
    maxAgeMs: FEAR_GREED_MAX_AGE_MS,
    fetch: ({ replay }) => index.get(replay?.at),
    close: () => index.close(),
  };
};
