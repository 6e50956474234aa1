// Test helper: WhyServices over the fixed 5 August 2024 snapshot whose data time a test can move on (as if the
// snapshot cache expired and a new snapshot was built), with a gate to hold articles and see what a bot does
// meanwhile. For button, inline and restart tests.
import { UnknownCoinError } from '../../src/core/errors.ts';
import type { ExplainRequest, WhyServices } from '../../commands/services.ts';
import type { MarketSnapshot } from '../../src/gather/types.ts';
import { articleFrom, AT, fixedSnapshot } from './fixed-services.ts';
import { loadLanguages } from '../../src/app/languages.ts';

/** The services and the handles a test moves them with. */
export interface MovingServices extends WhyServices {
  requests: ExplainRequest[];
  /** Build a new snapshot whose data is `ms` later than the current one. */
  advance(ms: number): void;
  /** Hold every article until the returned function is called. */
  hold(): () => void;
  /** The snapshot now served. */
  current(): MarketSnapshot;
}

/** Services over the fixed snapshot; the snapshot "expires" 60 s after it was built (snapshotExpiresAt). */
export function movingServices(): MovingServices {
  let snapshot: MarketSnapshot = fixedSnapshot();
  let gate: Promise<void> = Promise.resolve();
  const requests: ExplainRequest[] = [];
  return {
    requests,
    languages: loadLanguages(),
    startedAt: AT - 3_600_000,
    now: () => snapshot.builtAt,
    trackedCoins: () => [...snapshot.coins],
    snapshot: async () => snapshot,
    snapshotExpiresAt: () => snapshot.builtAt + 60_000,
    snapshotTtlSeconds: 60,
    async explain(request) {
      requests.push(request);
      await gate;
      if (request.coin !== undefined && !snapshot.coins.includes(request.coin))
        throw new UnknownCoinError(request.coin, snapshot.coins);
      return { document: articleFrom(snapshot, request), snapshot };
    },
    advance(ms) {
      const next = fixedSnapshot();
      snapshot = { ...next, builtAt: snapshot.builtAt + ms };
    },
    hold() {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        open();
        gate = Promise.resolve();
      };
    },
    current: () => snapshot,
  };
}
