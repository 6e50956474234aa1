// `whybot export liquidations --from ISO --to ISO [--out FILE] [--db PATH]`: writes what the configured database
// recorded over the span (collection sessions and every liquidation) as a liquidation file, the stable form
// (docs/liquidation-file.md) that `why --replay ... --liquidations FILE` and `backtest` read back.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStorageOrExplain } from '../app/runtime.ts';
import { PLATFORMS } from '../adapters/platforms.ts';
import { loadConfig } from '../config/load-config.ts';
import { formatLiquidationFile } from '../store/liquidations/liquidation-file.ts';
import { recordedFile } from '../store/liquidations/recorded-file.ts';
import { EXPORT_USAGE } from './export-usage.ts';
import { UsageError } from './usage.ts';

/** Where the command writes, and the environment it reads. */
export interface ExportIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** The clock an open session ends at (default Date.now). */
  now?: () => number;
}

function isoTime(flag: string, text: string | undefined): number {
  if (text === undefined)
    throw new UsageError(`export liquidations needs ${flag} ISO-TIME, e.g. 2024-08-05T00:00:00Z.`);
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t))
    throw new UsageError(`${flag} "${text}" is not a time I understand; use ISO 8601, e.g. 2024-08-05T00:00:00Z.`);
  return t;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, '.'));
  }
}

/** Run `whybot export ...`; resolves to the exit code. Bad input throws UsageError and writes nothing. */
export async function runExportCommand(argv: string[], io: ExportIo): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'liquidations' || positionals.length > 1)
    throw new UsageError(
      `export writes "liquidations" only: whybot export liquidations --from ISO-TIME --to ISO-TIME.`,
    );
  const from = isoTime('--from', values.from);
  const to = isoTime('--to', values.to);
  if (!(to > from)) throw new UsageError('--to must be after --from.');
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file name.');
  const config = loadConfig(io.env, PLATFORMS);
  const storage = await openStorageOrExplain(
    {
      sqlitePath: values.db ?? config.WHYBOT_DB_PATH,
      ...(config.DATABASE_URL && values.db === undefined ? { databaseUrl: config.DATABASE_URL } : {}),
    },
    values.db !== undefined ? '--db' : 'WHYBOT_DB_PATH',
  );
  try {
    const file = await recordedFile(storage.liquidations, from, to, (io.now ?? Date.now)());
    const text = formatLiquidationFile(file);
    if (values.out === undefined) io.stdout.write(text);
    else writeFileSync(values.out, text);
    const venues = [...new Set(file.sessions.map((s) => s.exchange))].join(', ') || 'none';
    io.stderr.write(
      `whybot: exported ${file.events.length.toString()} liquidations and ${file.sessions.length.toString()} collection sessions (venues: ${venues})${values.out === undefined ? '' : ` to ${values.out}`}.\n`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}
