// A replay's liquidations: a liquidation file (written by `whybot export liquidations`, given with
// --liquidations) loaded into an in-memory store and summed at the replayed moment exactly as the live
// collector's store is. The source line names the file. A file that cannot be read stops the run before it starts.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LiquidationFileError, parseLiquidationFile } from '../../store/liquidations/liquidation-file.ts';
import { storeFromFile } from '../../store/liquidations/recorded-file.ts';
import type { SnapshotSource } from '../snapshot-source.ts';
import { liquidationsPart } from './summary.ts';

/** Read and load `path` as the liquidations source of a replay; throws LiquidationFileError (for the user). */
export function replayedLiquidationSource(path: string): SnapshotSource<'liquidations'> {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LiquidationFileError(
      code === 'ENOENT'
        ? `--liquidations: no file at ${path}.`
        : `--liquidations: cannot read ${path} (${code ?? 'error'}).`,
    );
  }
  const name = basename(path);
  const repo = storeFromFile(parseLiquidationFile(content, name));
  return {
    part: 'liquidations',
    name: `liquidation file ${name}`,
    settings: [],
    timeoutMs: 10_000,
    fetch: async ({ now, coins }) => {
      const part = await liquidationsPart(repo, now, { coins });
      return part.ok ? { ...part, source: `${part.source}, recorded in ${name}` } : part;
    },
    close: () => repo.close(),
  };
}
