// The registered liquidations source: the summary of what whybot's collectors stored (see summary.ts), read from
// the configured storage. Collected liquidations describe the live market, so a replay has no liquidations part.
import type { LiquidationRepo } from '../../store/liquidations/repo.ts';
import type { SnapshotSource, SourceFactory } from '../snapshot-source.ts';
import { failureReason } from '../upstream-call.ts';
import { liquidationsPart } from './summary.ts';

/** Source name of a store that could not be read. */
export const LIQUIDATION_STORE_SOURCE = 'whybot liquidation store';

/** The liquidation summary of `store` for the tracked coins, as a snapshot source. */
export function liquidationSource(store: LiquidationRepo, timeoutMs = 10_000): SnapshotSource<'liquidations'> {
  return {
    part: 'liquidations',
    name: LIQUIDATION_STORE_SOURCE,
    settings: ['DATABASE_URL', 'WHYBOT_DB_PATH'],
    timeoutMs,
    // A store that cannot be read (database down) leaves the liquidations out, saying why.
    fetch: ({ now, coins }) =>
      liquidationsPart(store, now, { coins }).catch((error: unknown) => ({
        ok: false as const,
        source: LIQUIDATION_STORE_SOURCE,
        reason: `store unavailable: ${failureReason(error)}`,
      })),
  };
}

/** The registered factory: on whenever there is a store (always, outside tests); nothing in replays. */
export const liquidationsSource: SourceFactory = ({ liquidations, replay }) =>
  liquidations && !replay ? liquidationSource(liquidations) : undefined;
