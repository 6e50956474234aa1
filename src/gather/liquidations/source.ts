// The registered liquidations source: the summary of what whybot's collectors stored (see summary.ts), read from
// the configured storage. Collected liquidations describe the live market, so a replay has no liquidations part
// unless it is given a liquidation file (replayed-source.ts).
import type { LiquidationRepo } from '../../store/liquidations/repo.ts';
import type { SnapshotSource, SourceFactory, SourceLogger } from '../snapshot-source.ts';
import { failureReason } from '../upstream-call.ts';
import { liquidationsPart } from './summary.ts';
import { replayedLiquidationSource } from './replayed-source.ts';

/** Source name of a store that could not be read. */
export const LIQUIDATION_STORE_SOURCE = 'whybot liquidation store';

/** The liquidation summary of `store` for the tracked coins, as a snapshot source. */
export function liquidationSource(
  store: LiquidationRepo,
  timeoutMs = 10_000,
  logger?: SourceLogger,
): SnapshotSource<'liquidations'> {
  return {
    part: 'liquidations',
    name: LIQUIDATION_STORE_SOURCE,
    settings: ['DATABASE_URL', 'WHYBOT_DB_PATH'],
    timeoutMs,
    // A store that cannot be read (database down) leaves the liquidations out, saying why.
    fetch: ({ now, coins }) =>
      liquidationsPart(store, now, { coins }).catch((error: unknown) => {
        // the chat sees only the kind of failure ("store unavailable: unreachable"); the detail is for the log
        logger?.warn({ err: error }, 'the liquidation store could not be read');
        return {
          ok: false as const,
          source: LIQUIDATION_STORE_SOURCE,
          reason: `store unavailable: ${failureReason(error)}`,
        };
      }),
  };
}

/**
 * The registered factory: the store whenever there is one (always, outside tests); in a replay, only the
 * liquidation file given with --liquidations (collected liquidations describe the live market, not that day).
 */
export const liquidationsSource: SourceFactory = ({ liquidations, replay, files, logger }) => {
  if (replay) {
    const file = files?.liquidations?.[0];
    return file === undefined ? undefined : replayedLiquidationSource(file);
  }
  return liquidations ? liquidationSource(liquidations, undefined, logger) : undefined;
};
