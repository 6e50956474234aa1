// The one list of optional snapshot sources. Adding a source: write its file in src/gather/ (a SourceFactory that
// returns a SnapshotSource, or undefined when its settings turn it off), add its part to SourceParts in types.ts,
// and add the factory here. Nothing else passes a source by name: the runtime opens this list, the services close
// it, and every build gathers it (see docs/DESIGN.md, "Adding a snapshot source").
import { calendarSource } from './calendar.ts';
import { flowsSource } from './flows.ts';
import { holdersSource } from './holders.ts';
import { newsSource } from './news/source.ts';
import { liquidationsSource } from './liquidations/source.ts';
import { marketLeverageSource } from './market-leverage/source.ts';
import { marketsSource } from './markets.ts';
import { fearGreedSource } from './sentiment.ts';
import { spotSource } from './spot.ts';
import type { AnySnapshotSource, SourceFactory, SourceSetup } from './snapshot-source.ts';

/** Every optional source, in the order their parts are gathered (all run in parallel). */
export const SOURCE_FACTORIES: readonly SourceFactory[] = [
  liquidationsSource,
  marketLeverageSource,
  fearGreedSource,
  holdersSource,
  newsSource,
  calendarSource,
  marketsSource,
  flowsSource,
  spotSource,
];

/**
 * Build the sources the settings turn on. Throws when two sources claim the same part (a programming error,
 * caught by the tests). `factories` defaults to the registered list; tests pass their own.
 */
export function openSources(
  setup: SourceSetup,
  factories: readonly SourceFactory[] = SOURCE_FACTORIES,
): AnySnapshotSource[] {
  const sources: AnySnapshotSource[] = [];
  try {
    for (const factory of factories) {
      const source = factory(setup);
      if (!source) continue;
      if (sources.some((s) => s.part === source.part)) {
        void source.close?.();
        throw new Error(`two snapshot sources fill the "${source.part}" part`);
      }
      sources.push(source);
    }
  } catch (error) {
    void closeSources(sources);
    throw error;
  }
  return sources;
}

/** Close every source (timers, caches, connections); a failing close does not stop the others. */
export async function closeSources(sources: readonly AnySnapshotSource[]): Promise<void> {
  await Promise.allSettled(sources.map(async (source) => source.close?.()));
}
