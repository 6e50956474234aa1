// /liqs [window]: liquidations collected by whybot over a window, as lower bounds with their coverage, with a
// chart of the first tracked coin and its hourly liquidation bars (7 days; 30 for the 30d window).
import type { LiquidationWindow, LiquidationWindowName, MarketSnapshot } from '../src/gather/types.ts';
import type { Figure } from '../src/core/document.ts';
import { exchangeName } from '../src/core/markets.ts';
import { CHART_DAYS, snapshotChart } from '../src/chart/reply-chart.ts';
import { formatUtc } from '../src/narrate/time-format.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import { scrubInternals } from '../src/core/error-reason.ts';
import type { Words } from '../src/narrate/words.ts';
import type { CommandDefinition } from './types.ts';
import { liquidationCoverageLine } from '../src/narrate/liquidation-coverage.ts';

/** Windows the command accepts, shortest first. */
export const LIQUIDATION_WINDOWS: readonly LiquidationWindowName[] = ['1h', '4h', '24h', '7d', '30d'];

const finite = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * Build the liquidation reply for one window of a snapshot, in a language: `words` (its article words) format the
 * numbers and the coverage line, `ui` (its command words) the sentences. Every stated amount is a Figure.
 */
export function liquidationReply(
  snapshot: MarketSnapshot,
  name: LiquidationWindowName,
  words: Words,
  ui: Words,
): NoticeReply {
  const unavailable = (line: string): NoticeReply => ({
    kind: 'notice',
    tone: 'error',
    title: ui.t('liqs.title'),
    lines: [line],
  });
  const fm = words.formats;
  const part = snapshot.liquidations;
  if (part === undefined) return unavailable(ui.t('liqs.not_collecting'));
  if (!part.ok) return unavailable(ui.t('liqs.unavailable', { reason: scrubInternals(part.reason) }));
  const w: LiquidationWindow | undefined = part.value.windows[name];
  if (w === undefined || w.coverage.collectedShare <= 0 || !finite(w.coverage.collectedShare)) {
    return unavailable(ui.t('liqs.no_data', { window: name }));
  }
  const exchanges = words.list(w.coverage.exchanges.map(exchangeName)) || snapshot.exchangeName;
  const source = ui.t('liqs.source_name', { exchanges });
  const figures: Figure[] = [];
  const fig = (id: string, label: string, value: number, text: string): string => {
    figures.push({ id: `liq.${name}.${id}`, label, value, text, source, asOf: w.to });
    return text;
  };
  const lines: string[] = [];
  if (w.count === 0) {
    lines.push(ui.t('liqs.none', { exchanges, window: name }));
  } else if (finite(w.totalUsd) && finite(w.longsUsd) && finite(w.shortsUsd)) {
    const total = fig('total', `liquidations ${name}`, w.totalUsd, fm.usdAbs(w.totalUsd));
    const longs = fig('longs', `longs liquidated ${name}`, w.longsUsd, fm.usdAbs(w.longsUsd));
    const shorts = fig('shorts', `shorts liquidated ${name}`, w.shortsUsd, fm.usdAbs(w.shortsUsd));
    lines.push(
      finite(w.count)
        ? ui.t('liqs.total_count', {
            total,
            exchanges,
            count: fig('count', `liquidations counted ${name}`, w.count, fm.count(w.count)),
            longs,
            shorts,
          })
        : ui.t('liqs.total', { total, exchanges, longs, shorts }),
    );
    const venues = Object.entries(w.byExchange ?? {})
      .map(([exchange, s]) => ({ exchange, usd: s.longsUsd + s.shortsUsd }))
      .filter((v) => finite(v.usd) && v.usd > 0)
      .sort((a, b) => b.usd - a.usd);
    if (venues.length > 0) {
      const parts = venues.map(
        (v) =>
          `${exchangeName(v.exchange)} ${fig(`${v.exchange}.total`, `liquidations on ${exchangeName(v.exchange)} ${name}`, v.usd, fm.usdAbs(v.usd))}`,
      );
      lines.push(ui.t('liqs.by_venue', { list: words.list(parts) }));
    }
    const coins = Object.entries(w.byCoin)
      .map(([coin, s]) => ({ coin, usd: s.longsUsd + s.shortsUsd }))
      .filter((c) => finite(c.usd) && c.usd > 0)
      .sort((a, b) => b.usd - a.usd)
      .slice(0, 3);
    if (coins.length > 0) {
      const parts = coins.map(
        (c) => `${c.coin} ${fig(`${c.coin}.total`, `${c.coin} liquidations ${name}`, c.usd, fm.usdAbs(c.usd))}`,
      );
      lines.push(ui.t('liqs.most', { list: parts.join(', ') }));
    }
    const big = w.largest;
    if (big !== undefined && finite(big.usd) && big.usd > 0 && finite(big.at)) {
      const usd = fig('largest', `largest liquidation ${name}`, big.usd, fm.usdAbs(big.usd));
      lines.push(
        ui.t('liqs.largest', {
          usd,
          coin: big.coin,
          side: big.side,
          exchange: exchangeName(big.exchange),
          when: formatUtc(big.at),
        }),
      );
    }
  } else {
    return unavailable(ui.t('liqs.incomplete', { window: name }));
  }
  const coverage = liquidationCoverageLine(w.coverage.exchanges, words);
  if (coverage) lines.push(coverage);
  const notes = [ui.t('liqs.lower_bounds')];
  if (w.coverage.collectedShare < 1)
    notes.push(ui.t('liqs.share', { share: fm.share(w.coverage.collectedShare * 100) }));
  if (finite(w.coverage.collectingSince))
    notes.push(ui.t('liqs.since', { when: formatUtc(w.coverage.collectingSince) }));
  lines.push(notes.join(' '));
  lines.push(ui.t('liqs.source', { source, from: formatUtc(w.from), to: formatUtc(w.to) }));
  return { kind: 'notice', tone: 'info', title: ui.t('liqs.title_window', { window: name }), lines, figures };
}

/** The `liqs` command. */
export const liqsCommand: CommandDefinition = {
  name: 'liqs',
  description: 'Liquidations collected over a window (at least; public streams undercount).',
  access: 'everyone',
  options: [
    { kind: 'choice', name: 'window', description: 'Window to sum over (default 24h)', choices: LIQUIDATION_WINDOWS },
  ],
  async run(invocation, services) {
    const chosen = invocation.options.window;
    const name = LIQUIDATION_WINDOWS.find((w) => w === chosen) ?? '24h';
    const snapshot = await services.snapshot();
    const reply = liquidationReply(snapshot, name, services.languages.pack(invocation.language).words, invocation.ui);
    const coin = services.trackedCoins()[0];
    // A chart only beside totals: with nothing collected it would be a price chart with no bars.
    if (reply.tone !== 'info' || coin === undefined) return reply;
    const days = name === '30d' ? CHART_DAYS.full : CHART_DAYS.short;
    const files = await snapshotChart(services, snapshot, coin, days, invocation.language);
    return files.length > 0 ? { ...reply, files } : reply;
  },
};
