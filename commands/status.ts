// /status: where the data comes from, how fresh each part is, liquidation coverage, and uptime.
import type { MarketSnapshot, Part } from '../src/gather/types.ts';
import { formatShare } from '../src/narrate/format.ts';
import { exchangeName } from '../src/core/markets.ts';
import { formatDurationIn, formatUtc } from '../src/narrate/time-format.ts';
import type { Words } from '../src/narrate/words.ts';
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

function singleLine(ui: Words, label: string, part: Part<unknown>, now: number): string {
  return part.ok
    ? ui.t('status.part_ok', {
        label,
        source: part.source,
        when: formatUtc(part.asOf),
        age: formatDurationIn(ui, now - part.asOf),
      })
    : ui.t('status.part_missing', { label, reason: `${part.source}: ${shortReason(part.reason)}` });
}

function perCoinLine(
  ui: Words,
  label: string,
  parts: Record<string, Part<unknown>>,
  coins: string[],
  now: number,
): string {
  const ok = coins.filter((c) => parts[c]?.ok === true);
  const missing = coins.filter((c) => !ok.includes(c));
  if (coins.every((c) => parts[c] === undefined)) return ui.t('status.part_not_fetched', { label });
  const reasons = missing
    .map((c) => {
      const p = parts[c];
      return p !== undefined && !p.ok ? `${c}: ${shortReason(p.reason)}` : ui.t('status.coin_not_fetched', { coin: c });
    })
    .join('; ');
  if (ok.length === 0) return ui.t('status.part_missing', { label, reason: reasons });
  const newest = Math.max(...ok.map((c) => (parts[c] as { asOf: number }).asOf));
  const source = ok.map((c) => parts[c]?.source).find((x) => x !== undefined) ?? '?';
  const head = ui.t('status.coins_ok', {
    label,
    ok: ok.length,
    all: coins.length,
    source,
    when: formatUtc(newest),
    age: formatDurationIn(ui, now - newest),
  });
  return missing.length === 0 ? head : ui.t('status.coins_missing', { head, reasons });
}

function liquidationLine(ui: Words, snapshot: MarketSnapshot, now: number): string {
  const part = snapshot.liquidations;
  if (part === undefined) return ui.t('status.liq_not_collected');
  if (!part.ok) return ui.t('status.liq_unavailable', { reason: shortReason(part.reason) });
  const day = part.value.windows['24h'];
  if (day === undefined) return ui.t('status.liq_no_window', { source: part.source });
  const exchanges =
    day.coverage.exchanges.length > 0
      ? list(ui, day.coverage.exchanges.map(exchangeName))
      : ui.t('status.liq_none_connected');
  const share = formatShare(day.coverage.collectedShare * 100);
  return day.coverage.collectingSince === undefined
    ? ui.t('status.liq', { exchanges, share })
    : ui.t('status.liq_since', {
        exchanges,
        share,
        duration: formatDurationIn(ui, now - day.coverage.collectingSince),
      });
}

/** Names joined as a list, in the reply's language. */
const list = (ui: Words, items: readonly string[]) => ui.list(items);

/** The in-process collector's state: running and connected, or running but failing to connect since when. */
function collectorLine(ui: Words, collectors: readonly CollectorHealth[]): string | undefined {
  if (collectors.length === 0) return undefined;
  const failing = collectors.filter((c) => !c.connected && c.failingSince !== undefined);
  const connected = collectors.filter((c) => c.connected).map((c) => exchangeName(c.exchange));
  const parts =
    connected.length > 0
      ? [ui.t('status.collector_connected', { exchanges: list(ui, connected) })]
      : failing.length > 0
        ? []
        : [ui.t('status.collector_not_yet')];
  if (failing.length > 0) {
    const since = Math.min(...failing.map((c) => c.failingSince as number));
    const exchanges = list(
      ui,
      failing.map((c) => exchangeName(c.exchange)),
    );
    parts.push(ui.t('status.collector_failing', { exchanges, when: formatUtc(since) }));
  }
  return ui.t('status.collector', { state: parts.join('; ') });
}

/**
 * The status reply for a snapshot at time `now` for a process started at `startedAt` (epoch ms), with the
 * in-process liquidation collectors' state when they run here.
 */
export function statusReply(
  snapshot: MarketSnapshot,
  now: number,
  startedAt: number,
  collectors: readonly CollectorHealth[],
  ui: Words,
): NoticeReply {
  const lines = [
    ui.t('status.exchange', { name: snapshot.exchangeName, id: snapshot.exchange, coins: snapshot.coins.join(', ') }),
    ui.t('status.snapshot', { when: formatUtc(snapshot.builtAt), age: formatDurationIn(ui, now - snapshot.builtAt) }),
  ];
  if (snapshot.replay !== undefined) {
    const names = snapshot.replay.files.map((f) => f.split(/[\\/]/).pop() ?? f);
    lines.push(ui.t('status.replay', { when: formatUtc(snapshot.replay.at), files: names.join(', ') }));
  }
  lines.push(
    singleLine(ui, ui.t('status.label.tickers'), snapshot.tickers, now),
    perCoinLine(ui, ui.t('status.label.hourly'), snapshot.hourly, snapshot.coins, now),
    perCoinLine(ui, ui.t('status.label.daily'), snapshot.daily, snapshot.coins, now),
    perCoinLine(ui, ui.t('status.label.open_interest'), snapshot.openInterest, snapshot.coins, now),
    singleLine(ui, ui.t('status.label.funding'), snapshot.funding, now),
    liquidationLine(ui, snapshot, now),
  );
  const collector = collectorLine(ui, collectors);
  if (collector !== undefined) lines.push(collector);
  // In a replay the clock stands still at the replayed moment, so there is no uptime to report.
  if (snapshot.replay === undefined)
    lines.push(ui.t('status.uptime', { duration: formatDurationIn(ui, now - startedAt), when: formatUtc(startedAt) }));
  return { kind: 'notice', tone: 'info', title: ui.t('status.title'), lines };
}

/** The `status` command. */
export const statusCommand: CommandDefinition = {
  name: 'status',
  description: 'Data sources, how fresh they are, liquidation coverage, and uptime.',
  access: 'everyone',
  options: [],
  async run(invocation, services) {
    const collectors = services.collectors?.() ?? [];
    return statusReply(await services.snapshot(), services.now(), services.startedAt, collectors, invocation.ui);
  },
};
