// `whybot why`: writes one article and prints it as text, or as JSON with every figure and its source.
import { resolveCoin } from '../../commands/coin.ts';
import type { Runtime } from '../app/runtime.ts';
import type { MarketSnapshot } from '../gather/types.ts';
import { renderText } from '../narrate/render-text.ts';
import type { CliRequest } from './parse-cli.ts';

/** Every part of the snapshot, as "source: as of TIME" (with the span and gaps of candle series) or "source: missing (reason)". */
export function describeSources(snapshot: MarketSnapshot) {
  const parts = [
    ['tickers', snapshot.tickers],
    ['funding', snapshot.funding],
    ...(snapshot.liquidations ? [['liquidations', snapshot.liquidations] as const] : []),
    ...Object.entries(snapshot.hourly).map(([c, p]) => [`${c} hourly candles`, p] as const),
    ...Object.entries(snapshot.daily).map(([c, p]) => [`${c} daily candles`, p] as const),
    ...Object.entries(snapshot.fine ?? {}).map(([c, p]) => [`${c} fine candles`, p] as const),
    ...Object.entries(snapshot.openInterest).map(([c, p]) => [`${c} open interest`, p] as const),
  ] as const;
  const iso = (ms: number) => new Date(ms).toISOString();
  return parts.map(([part, p]) =>
    p.ok
      ? {
          part,
          source: p.source,
          asOf: iso(p.asOf),
          ...(p.coverage
            ? {
                covers: {
                  from: iso(p.coverage.from),
                  to: iso(p.coverage.to),
                  gaps: p.coverage.gaps.map((g) => ({ from: iso(g.from), to: iso(g.to) })),
                },
              }
            : {}),
        }
      : { part, source: p.source, missing: p.reason },
  );
}

/** Print one explainer; returns the exit code. */
export async function runWhy(
  request: Extract<CliRequest, { command: 'why' }>,
  runtime: Runtime,
  out: NodeJS.WritableStream,
): Promise<number> {
  const coin = request.coin === undefined ? undefined : resolveCoin(request.coin, runtime.services.trackedCoins());
  const { document, snapshot } = await runtime.services.explain({
    ...(coin ? { coin } : {}),
    form: request.full ? 'full' : 'short',
    language: runtime.services.languages.defaultCode,
  });
  const text = renderText(document);
  if (request.format === 'json') {
    const facts = document.figures.map((f) => ({ ...f, asOf: new Date(f.asOf).toISOString() }));
    const r = snapshot.replay;
    const replay = r
      ? {
          files: r.files,
          at: new Date(r.at).toISOString(),
          ...(r.market ? { market: r.market.label } : {}),
          ...(r.coverage
            ? { covers: { from: new Date(r.coverage.from).toISOString(), to: new Date(r.coverage.to).toISOString() } }
            : {}),
        }
      : undefined;
    out.write(
      `${JSON.stringify({ text, facts, document, replay, dataTime: new Date(snapshot.builtAt).toISOString(), sources: describeSources(snapshot) }, null, 2)}\n`,
    );
  } else {
    out.write(`${text}\n`);
  }
  return 0;
}
