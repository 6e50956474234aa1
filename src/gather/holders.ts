// Gather source: the operator's holders file (JSON or YAML) listing large holders' positions: name, coin,
// amount, average cost in USD and the date those were last known. Validated with zod. A broken file never
// stops the bot: it becomes Missing with a reason that names the file and line, and is logged. Registered in
// sources.ts as the `holders` part.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isNode, parseDocument, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type { HolderPosition, Missing, Part } from './types.ts';
import type { SourceFactory } from './snapshot-source.ts';

/** One holder's position as read from the file, with the operator's notes. */
export interface HolderEntry extends HolderPosition {
  /** Where the operator took the figures from, e.g. "Strategy 8-K filed 10 Feb 2025". */
  source?: string;
  /** Anything else the operator wants to remember about the entry (not shown in articles). */
  note?: string;
}

/** Where warnings go (a pino logger fits). */
export interface HoldersLogger {
  warn(details: object, message: string): void;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date like 2025-02-09')
  .refine((s) => Number.isFinite(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'is not a real date');

const entrySchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  coin: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{2,10}$/, 'must be a coin symbol such as BTC')
    .transform((s) => s.toUpperCase()),
  amount: z.number().finite().positive('must be a positive number of coins'),
  averageCostUsd: z.number().finite().positive('must be a positive USD price'),
  asOf: isoDate,
  source: z.string().trim().max(200).optional(),
  note: z.string().trim().max(500).optional(),
});

const fileSchema = z.object({ holders: z.array(entrySchema) }).passthrough();

/** A holders file's raw shape, for the example and the docs. */
export type HoldersFile = z.input<typeof fileSchema>;

const lineOf = (text: string, offset: number) => text.slice(0, Math.max(0, offset)).split('\n').length;

/** The offset of a JSON syntax error, from V8's message (which does not always state it). */
export function jsonErrorOffset(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  // Node 20: `Unexpected token 'x', ..."<10 chars before>x<10 after>"... is not valid JSON`
  const token = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON/.exec(message);
  if (token) {
    const [, char, lead, context, trail] = token as unknown as [
      string,
      string,
      string | undefined,
      string,
      string | undefined,
    ];
    if (lead) return text.indexOf(context) + 10;
    if (trail) return context.length - 10;
    return text.indexOf(char);
  }
  return text.length; // "Unexpected end of JSON input"
}

function fail(file: string, reason: string): Missing {
  return { ok: false, source: `holders file ${basename(file)}`, reason };
}

/** Parse the text of a holders file (JSON unless the name ends in .yaml/.yml). Pure; exported for tests. */
export function parseHoldersText(file: string, text: string): Part<HolderEntry[]> {
  const yaml = /\.ya?ml$/i.test(extname(file));
  let raw: unknown;
  if (yaml) {
    const doc = parseDocument(text, { prettyErrors: true });
    const error = doc.errors[0];
    if (error) {
      const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line : undefined;
      return fail(
        file,
        `${file}${line ? ` line ${line}` : ''}: not valid YAML (${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')})`,
      );
    }
    raw = doc.toJS();
  } else {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const line = lineOf(text, jsonErrorOffset(text, message));
      return fail(
        file,
        `${file} line ${line}: not valid JSON (${message.split(/ in JSON| is not valid JSON|, "|, \.\.\."/)[0]})`,
      );
    }
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    // Find the line of the offending value (or of its entry, for a missing field) in the text.
    const doc = parseDocument(text);
    let line: number | undefined;
    for (let n = issue.path.length; n > 0 && line === undefined; n--) {
      const node = doc.getIn(issue.path.slice(0, n) as Array<string | number>, true);
      if (isNode(node) && node.range) line = lineOf(text, node.range[0]);
    }
    const entry =
      typeof issue.path[1] === 'number'
        ? (raw as { holders: Array<{ name?: unknown }> }).holders[issue.path[1]]
        : undefined;
    const who = typeof entry?.name === 'string' && entry.name ? ` ("${entry.name.slice(0, 40)}")` : '';
    const value = issue.path.reduce<unknown>(
      (v, key) =>
        v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined,
      raw,
    );
    const what =
      issue.path.length === 0
        ? 'must be an object with a "holders" list'
        : value === undefined
          ? 'is missing'
          : issue.message;
    return fail(file, `${file}${line ? ` line ${line}` : ''}: ${path || 'the file'}${who} ${what}`);
  }
  const holders: HolderEntry[] = parsed.data.holders.map((h) => ({
    name: h.name,
    coin: h.coin,
    amount: h.amount,
    costBasis: h.averageCostUsd,
    asOf: Date.parse(h.asOf.length === 10 ? `${h.asOf}T00:00:00Z` : h.asOf),
    ...(h.source ? { source: h.source } : {}),
    ...(h.note ? { note: h.note } : {}),
  }));
  if (holders.length === 0) return fail(file, `${file}: lists no holders`);
  return {
    ok: true,
    source: `holders file ${basename(file)}`,
    value: holders,
    asOf: Math.max(...holders.map((h) => h.asOf)),
  };
}

/** Read and validate a holders file. Never throws: an unreadable or malformed file is Missing, and logged. */
export async function loadHoldersFile(file: string, logger?: HoldersLogger): Promise<Part<HolderEntry[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const part = fail(file, `cannot read holders file ${file}${code ? ` (${code})` : ''}`);
    logger?.warn({ file, reason: part.reason }, 'holders file not loaded');
    return part;
  }
  const part = parseHoldersText(file, text);
  if (!part.ok) logger?.warn({ file, reason: part.reason }, 'holders file not loaded');
  return part;
}

/** The holders file, re-read only when it changes on disk (so an operator can edit it without a restart). */
export class HoldersSource {
  private cached: { mtimeMs: number; size: number; part: Part<HolderEntry[]> } | undefined;

  constructor(
    private readonly file: string,
    private readonly logger?: HoldersLogger,
  ) {}

  /** The current contents of the file, as a Part. */
  async get(): Promise<Part<HolderEntry[]>> {
    let info: { mtimeMs: number; size: number } | undefined;
    try {
      info = await stat(this.file);
    } catch {
      info = undefined;
    }
    if (info && this.cached && this.cached.mtimeMs === info.mtimeMs && this.cached.size === info.size)
      return this.cached.part;
    const part = await loadHoldersFile(this.file, this.logger);
    this.cached = info ? { mtimeMs: info.mtimeMs, size: info.size, part } : undefined;
    return part;
  }
}

/** The registered source: the operator's holders file (WHYBOT_HOLDERS_FILE), read in replays too (it is not market data). */
export const holdersSource: SourceFactory = ({ config, logger }) => {
  if (!config.WHYBOT_HOLDERS_FILE) return undefined;
  const file = new HoldersSource(config.WHYBOT_HOLDERS_FILE, logger);
  return {
    part: 'holders',
    name: `holders file ${basename(config.WHYBOT_HOLDERS_FILE)}`,
    settings: ['WHYBOT_HOLDERS_FILE'],
    timeoutMs: 5000,
    fetch: () => file.get(),
  };
};
