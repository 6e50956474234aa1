// Gather source: US spot bitcoin and ether ETF daily net flows, from a CSV file the operator keeps
// (WHYBOT_FLOWS_FILE; off when unset), copied from a provider whose terms allow it; each row names where its figure
// came from. Header `date,product,net_usd,source`: `date` the US trading day (YYYY-MM-DD), `product` us-spot-btc-etf
// or us-spot-eth-etf, `net_usd` the day's net flow in USD (negative: outflow). Re-read when the file changes.
// Registered in sources.ts as the `flows` part; replays read it too, up to the replayed moment.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import type { SourceFactory } from './snapshot-source.ts';
import type { EtfFlowDay, FlowsPart, Part } from './types.ts';

const DAY = 86_400_000;
/** A day's flow is known once its US session has closed: the next day, 00:00 UTC, at the earliest. */
const KNOWN_AFTER_MS = DAY;

const rowSchema = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-11-20')
    .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date'),
  product: z.enum(['us-spot-btc-etf', 'us-spot-eth-etf']),
  net_usd: z.coerce.number().finite(),
  source: z.string().trim().min(1, 'must name where the figure came from').max(200),
});

/** Parse a flows file (pure; exported for tests). Throws naming the file and line. */
export function parseFlowsCsv(file: string, text: string): EtfFlowDay[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const header = lines
    .shift()
    ?.split(',')
    .map((h) => h.trim());
  if (header?.join(',') !== 'date,product,net_usd,source')
    throw new Error(`${file}: the first line must be the header date,product,net_usd,source`);
  return lines.map((line, i) => {
    const cells = line.split(',');
    // the source may contain commas: everything after the third comma
    const raw = {
      date: cells[0]?.trim(),
      product: cells[1]?.trim(),
      net_usd: cells[2]?.trim(),
      source: cells.slice(3).join(','),
    };
    const row = rowSchema.safeParse(raw);
    if (!row.success) {
      const issue = row.error.issues[0]!;
      throw new Error(`${file} line ${i + 2}: ${issue.path.join('.')} ${issue.message}`);
    }
    return {
      day: Date.parse(`${row.data.date}T00:00:00Z`),
      product: row.data.product,
      netUsd: row.data.net_usd,
      source: row.data.source,
    };
  });
}

/** The days known at `now` (their session closed), oldest first; Missing when none are. */
export function flowsAt(file: string, days: EtfFlowDay[], now: number): Part<FlowsPart> {
  const name = `ETF flows file ${basename(file)}`;
  const known = days.filter((d) => d.day + KNOWN_AFTER_MS <= now).sort((a, b) => a.day - b.day);
  if (known.length === 0) return { ok: false, source: name, reason: `no flows in ${basename(file)} before that time` };
  return { ok: true, source: name, asOf: known[known.length - 1]!.day + KNOWN_AFTER_MS, value: { days: known } };
}

/** The registered source: on when WHYBOT_FLOWS_FILE is set. */
export const flowsSource: SourceFactory = ({ config, logger }) => {
  const file = config.WHYBOT_FLOWS_FILE;
  if (!file) return undefined;
  let cached: { mtimeMs: number; size: number; days: EtfFlowDay[] } | undefined;
  const name = `ETF flows file ${basename(file)}`;
  return {
    part: 'flows',
    name,
    settings: ['WHYBOT_FLOWS_FILE'],
    timeoutMs: 5000,
    // the newest day older than a week: the operator has stopped updating the file
    maxAgeMs: 7 * DAY,
    async fetch({ now }) {
      const info = await stat(file).catch(() => undefined);
      if (!info) return { ok: false, source: name, reason: `cannot read ${file}` };
      if (!cached || cached.mtimeMs !== info.mtimeMs || cached.size !== info.size) {
        try {
          cached = { mtimeMs: info.mtimeMs, size: info.size, days: parseFlowsCsv(file, await readFile(file, 'utf8')) };
        } catch (error) {
          const reason = (error as Error).message;
          logger?.warn({ file, reason }, 'ETF flows file not loaded');
          return { ok: false, source: name, reason };
        }
      }
      return flowsAt(file, cached.days, now);
    },
  };
};
