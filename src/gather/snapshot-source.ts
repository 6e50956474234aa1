// What a snapshot source is: a small object that fills one optional part of the MarketSnapshot (sentiment,
// holders, liquidations, the calendar, other markets...) with its own timeout and freshness, and how a build
// gathers every registered source at once. The list of sources lives in sources.ts; a source's failure, time-out
// or stale answer becomes a Missing part with a reason, never a thrown error and never a stale figure.
import type { Config } from '../config/schema.ts';
import type { LiquidationRepo } from '../store/liquidations/repo.ts';
import type { SqlRunner } from '../store/sql-runner.ts';
import type { MarketHistoryStore } from '../store/market-history/store.ts';
import { recordUpstreamError } from '../observability/metrics.ts';
import { missing } from './source-context.ts';
import type { Part, ReplayInfo, SnapshotPartName, SnapshotParts, SourceParts } from './types.ts';
import { failureReason } from './upstream-call.ts';

/** What one build asks of every source. */
export interface SourceRequest {
  /** The build's "now", epoch ms (the replayed moment in replays). */
  now: number;
  /** The tracked coins, in configured order. */
  coins: readonly string[];
  /** Present in replays: the source reads the replayed moment (or its own replay file), or returns undefined. */
  replay?: ReplayInfo;
  /** Aborted when the source's time is up; pass it to fetch() and other cancellable calls. */
  signal: AbortSignal;
}

/**
 * One source of an optional snapshot part. `fetch` returns the part (Missing with a reason when the data is not
 * there), or undefined when the source has nothing for this build (e.g. a live-only source in a replay): the part
 * is then absent, as if the source were off. A throw, a time-out or an answer older than `maxAgeMs` becomes Missing.
 */
export interface SnapshotSource<K extends SnapshotPartName = SnapshotPartName> {
  /** The snapshot part it fills (a key of SourceParts). */
  part: K;
  /** Source name for Missing parts, logs and metrics when the source itself cannot say ("alternative.me Fear & Greed Index"). */
  name: string;
  /** The settings it reads (documentation, and a test checks each is a real setting). */
  settings: readonly (keyof Config)[];
  /** How long a build waits for it before its part is Missing ("timed out after N ms"). */
  timeoutMs: number;
  /** How old (now - asOf) its data may be before the part is Missing as stale; absent: any age (e.g. a holders file). */
  maxAgeMs?: number;
  fetch(request: SourceRequest): Promise<Part<SourceParts[K]> | undefined> | Part<SourceParts[K]> | undefined;
  /** Release timers, caches, connections. */
  close?(): void | Promise<void>;
}

/** Any registered source, whatever its part. */
export type AnySnapshotSource = { [K in SnapshotPartName]: SnapshotSource<K> }[SnapshotPartName];

/** Logs a source may write (a pino logger fits). */
export interface SourceLogger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** What a source factory may use to build its source. */
export interface SourceSetup {
  config: Config;
  logger?: SourceLogger;
  /** Present in replays (known before any source starts). */
  replay?: ReplayInfo;
  /** The liquidation store on the configured storage. */
  liquidations?: LiquidationRepo;
  /** SQL on the configured storage (either engine), for sources that keep what they read (news headlines). */
  sql?: SqlRunner;
  /** Open interest and funding across venues, and the long-term daily rollups, on the configured storage. */
  marketHistory?: MarketHistoryStore;
  /** Files given on the command line for this run, by what they hold (e.g. { markets: [...] } from --markets). */
  files?: Partial<Record<string, string[]>>;
}

/** Builds a source from the settings, or returns undefined when the settings turn it off. */
export type SourceFactory = (setup: SourceSetup) => AnySnapshotSource | undefined;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** Run one source under its timeout and freshness rules. Never throws. */
export async function runSource<K extends SnapshotPartName>(
  source: SnapshotSource<K>,
  request: Omit<SourceRequest, 'signal'>,
): Promise<Part<SourceParts[K]> | undefined> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), source.timeoutMs);
  });
  try {
    const result = await Promise.race([
      Promise.resolve().then(() => source.fetch({ ...request, signal: controller.signal })),
      timedOut,
    ]);
    if (result === 'timeout') {
      controller.abort();
      const reason = `timed out after ${source.timeoutMs} ms`;
      recordUpstreamError(source.name, reason);
      return missing(source.name, reason);
    }
    if (result?.ok && source.maxAgeMs !== undefined && request.now - result.asOf > source.maxAgeMs)
      return missing(result.source, `stale: newest data from ${iso(result.asOf)}`);
    return result;
  } catch (error) {
    const reason = failureReason(error);
    recordUpstreamError(source.name, reason);
    return missing(source.name, reason);
  } finally {
    clearTimeout(timer);
  }
}

/** Gather every source's part in parallel; parts a source has nothing for are left out. Never throws. */
export async function gatherSources(
  sources: readonly AnySnapshotSource[],
  request: Omit<SourceRequest, 'signal'>,
): Promise<SnapshotParts> {
  const parts = await Promise.all(
    sources.map(async (source) => [source.part, await runSource<SnapshotPartName>(source, request)] as const),
  );
  return Object.fromEntries(parts.filter(([, part]) => part !== undefined)) as SnapshotParts;
}
