// One call for commands: the price chart of a coin in a snapshot as a reply attachment, rendered once per
// snapshot and variant through the cache. A chart that cannot be drawn is left out; the text still goes.
import type { ReplyFile } from '../core/reply.ts';
import type { MarketSnapshot } from '../gather/types.ts';
import { type ChartCache, chartKey } from './cache.ts';
import { chartWords } from './chart-words.ts';
import { chartDates, spanShort } from './format.ts';
import { chartInputFromSnapshot, type SnapshotChartOptions } from './from-snapshot.ts';
import { renderPriceChartAsync } from './render.ts';
import { drawnCandles, drawnSpanMs } from './series.ts';
import type { PriceChartInput } from './types.ts';

/** Alt text for the image: what it shows and the data time (screen readers, Discord's description). */
function altText(input: PriceChartInput, spanMs: number): string {
  const words = chartWords(input.language);
  const when = chartDates(input.timeZone ?? 'UTC', words.locale).dateTime(input.dataTime);
  return words.alt(input.coin, spanMs, (input.levels ?? []).length > 0, input.replayAt !== undefined, when);
}

/** Draws a chart input to PNG bytes: on a worker thread (RenderPool.render) or in this thread. */
export type ChartRenderer = (input: PriceChartInput) => Promise<Uint8Array>;

/**
 * The chart of `coin` as a PNG attachment, or undefined when the snapshot has no candles for it or the
 * render fails (`onError` hears why). Cached by snapshot, coin, window, levels, bars, zone and size.
 * `render` draws it (default: in this process, rasterising on libuv's thread pool).
 */
export async function snapshotChartFile(
  cache: ChartCache,
  snapshot: MarketSnapshot,
  coin: string,
  options: SnapshotChartOptions,
  onError?: (error: unknown) => void,
  render: ChartRenderer = renderPriceChartAsync,
): Promise<ReplyFile | undefined> {
  const input = chartInputFromSnapshot(snapshot, coin, options);
  if (!input) return undefined;
  const levels = (input.levels ?? []).map((l) => `${l.kind}:${l.price}`).join(',');
  const bars = options.liquidationBars ?? [];
  const barsKey = `${bars.length}:${bars.reduce((s, b) => s + b.longsUsd + b.shortsUsd, 0)}`;
  const key = chartKey(
    snapshot,
    coin,
    `${options.days}d`,
    levels,
    barsKey,
    options.timeZone ?? 'UTC',
    `${options.width ?? ''}x${options.height ?? ''}`,
    (options.markers ?? []).map((m) => `${m.t}:${m.label}`).join(','),
    options.language?.code ?? 'en',
  );
  try {
    const data = await cache.get(key, () => render(input));
    // Named for the span the image covers, as its title says ("last 4 days": btc-4d.png), not the span asked for.
    const span = drawnSpanMs(drawnCandles(input.candles));
    return {
      name: `${coin.toLowerCase()}-${spanShort(span)}.png`,
      contentType: 'image/png',
      data,
      description: altText(input, span),
    };
  } catch (error) {
    onError?.(error);
    return undefined;
  }
}
