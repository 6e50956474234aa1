// /status: where the data comes from, how fresh each part is, liquidation coverage, and uptime.
import type { MarketSnapshot, Part } from '../src/gather/types.ts';
import { formatShare } from '../src/narrate/format.ts';
import { exchangeName } from '../src/core/markets.ts';
import { joinList } from '../src/narrate/names.ts';
import { formatDuration, formatUtc } from '../src/narrate/time-format.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import { scrubInternals } from '../src/core/error-reason.ts';
import type { CollectorHealth } from './services.ts';
import type { CommandDefinition } from './types.ts';

const MAX_REASON = 120;

/** One line of a part's reason, shortened; no address reaches a chat, whatever a source wrote there. */
function shortReason(reason: string): string {
  const one = scrubInternals(reason.replace(/\s+/g, ' '));
  return one.length > MAX_REASON ? `${one.slice(0, MAX_REASON)}…` : one;
}

function age(now: number, asOf: number): string {
  return `${formatUtc(asOf)}, ${formatDuration(now - asOf)} old`;
}

function singleLine(label: string, part: Part<unknown>, now: number): string {
  return part.ok
    ? `${label}: ${part.source}, data from ${age(now, part.asOf)}`
    : `${label}: unavailable (${part.source}: ${shortReason(part.reason)})`;
}

function perCoinLine(label: string, parts: Record<string, Part<unknown>>, coins: string[], now: number): string {
  const ok = coins.filter((c) => parts[c]?.ok === true);
  const missing = coins.filter((c) => !ok.includes(c));
  if (coins.every((c) => parts[c] === undefined)) return `${label}: not fetched`;
  const reasons = missing.map((c) => {
    const p = parts[c];
    return p !== undefined && !p.ok ? `${c}: ${shortReason(p.reason)}` : `${c}: not fetched`;
  });
  if (ok.length === 0) return `${label}: unavailable (${reasons.join('; ')})`;
  const newest = Math.max(...ok.map((c) => (parts[c] as { asOf: number }).asOf));
  const source = ok.map((c) => parts[c]?.source).find((x) => x !== undefined) ?? 'unknown source';
  const head = `${label}: ${ok.length.toString()}/${coins.length.toString()} coins from ${source}, newest ${age(now, newest)}`;
  return missing.length === 0 ? head : `${head}; missing ${reasons.join('; ')}`;
}

function liquidationLine(snapshot: MarketSnapshot, now: number): string {
  const part = snapshot.liquidations;
  if (part === undefined) return 'Liquidations: not collected by this bot';
  if (!part.ok) return `Liquidations: unavailable (${shortReason(part.reason)})`;
  const day = part.value.windows['24h'];
  if (day === undefined) return `Liquidations: ${part.source}, no 24h window yet`;
  const exchanges =
    day.coverage.exchanges.length > 0 ? joinList(day.coverage.exchanges.map(exchangeName)) : 'no exchange connected';
  const since =
    day.coverage.collectingSince === undefined
      ? ''
      : `, collecting for ${formatDuration(now - day.coverage.collectingSince)}`;
  return `Liquidations: ${exchanges}; streams connected ${formatShare(day.coverage.collectedShare * 100)} of the last 24h${since}`;
}

/** The in-process collector's state: running and connected, or running but failing to connect since when. */
function collectorLine(collectors: readonly CollectorHealth[]): string | undefined {
  if (collectors.length === 0) return undefined;
  const failing = collectors.filter((c) => !c.connected && c.failingSince !== undefined);
  const connected = collectors.filter((c) => c.connected).map((c) => exchangeName(c.exchange));
  const parts =
    connected.length > 0 ? [`connected to ${joinList(connected)}`] : failing.length > 0 ? [] : ['not connected yet'];
  if (failing.length > 0) {
    const since = Math.min(...failing.map((c) => c.failingSince as number));
    parts.push(`cannot connect to ${joinList(failing.map((c) => exchangeName(c.exchange)))} since ${formatUtc(since)}`);
  }
  return `Liquidation collector: running in this process; ${parts.join('; ')}`;
}

/**
 * The status reply for a snapshot at time `now` for a process started at `startedAt` (epoch ms), with the
 * in-process liquidation collectors' state when they run here.
 */
export function statusReply(
  snapshot: MarketSnapshot,
  now: number,
  startedAt: number,
  collectors: readonly CollectorHealth[] = [],
): NoticeReply {
  const lines = [
    `Exchange: ${snapshot.exchangeName} (${snapshot.exchange}); tracked coins ${snapshot.coins.join(', ')}`,
    `Snapshot built ${age(now, snapshot.builtAt)}`,
  ];
  if (snapshot.replay !== undefined) {
    const names = snapshot.replay.files.map((f) => f.split(/[\\/]/).pop() ?? f);
    lines.push(`Replay of ${formatUtc(snapshot.replay.at)} from ${names.join(', ')}`);
  }
  lines.push(
    singleLine('Prices (tickers)', snapshot.tickers, now),
    perCoinLine('Hourly candles', snapshot.hourly, snapshot.coins, now),
    perCoinLine('Daily candles', snapshot.daily, snapshot.coins, now),
    perCoinLine('Open interest', snapshot.openInterest, snapshot.coins, now),
    singleLine('Funding rates', snapshot.funding, now),
    liquidationLine(snapshot, now),
  );
  const collector = collectorLine(collectors);
  if (collector !== undefined) lines.push(collector);
  // In a replay the clock stands still at the replayed moment, so there is no uptime to report.
  if (snapshot.replay === undefined)
    lines.push(`Up for ${formatDuration(now - startedAt)} (since ${formatUtc(startedAt)})`);
  return { kind: 'notice', tone: 'info', title: 'whybot status', lines };
}

/** The `status` command. */
export const statusCommand: CommandDefinition = {
  name: 'status',
  description: 'Data sources, how fresh they are, liquidation coverage, and uptime.',
  access: 'everyone',
  options: [],
  async run(_invocation, services) {
    return statusReply(await services.snapshot(), services.now(), services.startedAt, services.collectors?.() ?? []);
  },
};
