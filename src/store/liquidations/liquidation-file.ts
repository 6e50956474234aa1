// The liquidation file: what whybot recorded over a span, in a stable, documented form (docs/liquidation-file.md)
// that `whybot export liquidations` writes and `why --replay ... --liquidations FILE` and `backtest` read back.
// JSON Lines: a header, then the collection sessions (when each venue's stream was connected), then the
// liquidations one per line, oldest first. Times are ISO 8601 UTC with milliseconds.
import { UserFacingError } from '../../core/errors.ts';
import type { LiquidationEvent, LiquidationSide } from './types.ts';

/** The `format` of the header line. */
export const LIQUIDATION_FILE_FORMAT = 'whybot-liquidations';
/** The version this code writes and reads; a reader refuses newer ones. */
export const LIQUIDATION_FILE_VERSION = 1;

/** A span during which one venue's stream was connected (clipped to the file's span). */
export interface RecordedSession {
  exchange: string;
  start: number;
  end: number;
}

/** The content of a liquidation file. */
export interface LiquidationFile {
  from: number;
  to: number;
  sessions: RecordedSession[];
  events: LiquidationEvent[];
}

/** A liquidation file that cannot be read, with the line at fault. */
export class LiquidationFileError extends UserFacingError {
  override readonly name = 'LiquidationFileError';
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The file's text: header, sessions, liquidations (USD rounded to the cent, as the store sums it). */
export function formatLiquidationFile(file: LiquidationFile): string {
  const lines = [
    JSON.stringify({
      format: LIQUIDATION_FILE_FORMAT,
      version: LIQUIDATION_FILE_VERSION,
      from: iso(file.from),
      to: iso(file.to),
    }),
    ...file.sessions.map((s) =>
      JSON.stringify({ type: 'session', exchange: s.exchange, start: iso(s.start), end: iso(s.end) }),
    ),
    ...file.events.map((e) =>
      JSON.stringify({
        type: 'liquidation',
        time: iso(e.at),
        exchange: e.exchange,
        symbol: e.symbol,
        coin: e.coin,
        side: e.side,
        amount: e.amount,
        price: e.price,
        usd: Math.round(e.usd * 100) / 100,
      }),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

type Row = Record<string, unknown>;

function time(row: Row, key: string, where: string): number {
  const v = row[key];
  const ms = typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new LiquidationFileError(`${where}: "${key}" must be an ISO 8601 time, not ${JSON.stringify(v)}.`);
  return ms;
}

function text(row: Row, key: string, where: string): string {
  const v = row[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw new LiquidationFileError(`${where}: "${key}" must be a non-empty string.`);
  return v;
}

function positive(row: Row, key: string, where: string): number {
  const v = row[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new LiquidationFileError(`${where}: "${key}" must be a positive number, not ${JSON.stringify(v)}.`);
  return v;
}

/** Parse a liquidation file's text; throws LiquidationFileError naming the line at fault. `name` labels messages. */
export function parseLiquidationFile(content: string, name = 'the liquidation file'): LiquidationFile {
  const lines = content.split(/\r?\n/);
  const rows: Array<{ row: Row; where: string }> = [];
  const notOurs = new LiquidationFileError(
    `${name} is not a whybot liquidation file: its first line must be {"format":"${LIQUIDATION_FILE_FORMAT}",...} (write one with "whybot export liquidations").`,
  );
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${name}, line ${(i + 1).toString()}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw rows.length === 0 ? notOurs : new LiquidationFileError(`${where} is not JSON.`);
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new LiquidationFileError(`${where} is not a JSON object.`);
    rows.push({ row: row as Row, where });
  });
  const head = rows.shift();
  if (!head || head.row.format !== LIQUIDATION_FILE_FORMAT) throw notOurs;
  if (head.row.version !== LIQUIDATION_FILE_VERSION)
    throw new LiquidationFileError(
      `${name} is version ${JSON.stringify(head.row.version)}; this whybot reads version ${LIQUIDATION_FILE_VERSION.toString()}.`,
    );
  const from = time(head.row, 'from', head.where);
  const to = time(head.row, 'to', head.where);
  if (!(to > from)) throw new LiquidationFileError(`${head.where}: "to" must be after "from".`);
  const sessions: RecordedSession[] = [];
  const events: LiquidationEvent[] = [];
  for (const { row, where } of rows) {
    if (row.type === 'session') {
      const start = time(row, 'start', where);
      const end = time(row, 'end', where);
      if (end < start) throw new LiquidationFileError(`${where}: the session ends before it starts.`);
      sessions.push({ exchange: text(row, 'exchange', where), start, end });
    } else if (row.type === 'liquidation') {
      const side = row.side;
      if (side !== 'long' && side !== 'short')
        throw new LiquidationFileError(`${where}: "side" must be "long" or "short", not ${JSON.stringify(side)}.`);
      events.push({
        exchange: text(row, 'exchange', where),
        symbol: text(row, 'symbol', where),
        coin: text(row, 'coin', where).toUpperCase(),
        side: side as LiquidationSide,
        amount: positive(row, 'amount', where),
        price: positive(row, 'price', where),
        usd: positive(row, 'usd', where),
        at: time(row, 'time', where),
      });
    } else {
      throw new LiquidationFileError(
        `${where}: "type" must be "session" or "liquidation", not ${JSON.stringify(row.type)}.`,
      );
    }
  }
  if (events.length > 0 && sessions.length === 0)
    throw new LiquidationFileError(
      `${name} has liquidations but no sessions: without them nothing says which venues were collected, and when.`,
    );
  return { from, to, sessions, events };
}
