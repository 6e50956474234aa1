// /liqs [window]: liquidations collected by whybot over a window, as lower bounds with their coverage, with a
// chart of the first tracked coin and its hourly liquidation bars (7 days; 30 for the 30d window).
import type { LiquidationWindow, LiquidationWindowName, MarketSnapshot } from '../src/gather/types.ts';
import type { Figure } from '../src/core/document.ts';
import { formatCount, formatShare, formatUsdAbs } from '../src/narrate/format.ts';
import { exchangeName } from '../src/core/markets.ts';
import { joinList } from '../src/narrate/names.ts';
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

function unavailable(line: string): NoticeReply {
  return { kind: 'notice', tone: 'error', title: 'Liquidations', lines: [line] };
}

/** Build the liquidation reply for one window of a snapshot. Every stated amount is a Figure. */
export function liquidationReply(snapshot: MarketSnapshot, name: LiquidationWindowName, words: Words): NoticeReply {
  const part = snapshot.liquidations;
  if (part === undefined) return unavailable('This bot is not collecting liquidations, so I have no totals to show.');
  if (!part.ok) return unavailable(`Liquidation totals are unavailable right now (${scrubInternals(part.reason)}).`);
  const w: LiquidationWindow | undefined = part.value.windows[name];
  if (w === undefined || w.coverage.collectedShare <= 0 || !finite(w.coverage.collectedShare)) {
    return unavailable(`I have not collected any liquidation data for the last ${name} yet.`);
  }
  const exchanges = joinList(w.coverage.exchanges.map(exchangeName)) || snapshot.exchangeName;
  const source = `liquidation streams of ${exchanges}, collected by whybot`;
  const figures: Figure[] = [];
  const fig = (id: string, label: string, value: number, text: string): string => {
    figures.push({ id: `liq.${name}.${id}`, label, value, text, source, asOf: w.to });
    return text;
  };
  const lines: string[] = [];
  if (w.count === 0) {
    lines.push(`No liquidations were recorded on ${exchanges} in the last ${name}.`);
  } else if (finite(w.totalUsd) && finite(w.longsUsd) && finite(w.shortsUsd)) {
    const total = fig('total', `liquidations ${name}`, w.totalUsd, formatUsdAbs(w.totalUsd));
    const longs = fig('longs', `longs liquidated ${name}`, w.longsUsd, formatUsdAbs(w.longsUsd));
    const shorts = fig('shorts', `shorts liquidated ${name}`, w.shortsUsd, formatUsdAbs(w.shortsUsd));
    const count = finite(w.count)
      ? ` in ${fig('count', `liquidations counted ${name}`, w.count, formatCount(w.count))} liquidations`
      : '';
    lines.push(`At least ${total} liquidated on ${exchanges}${count}: longs ${longs}, shorts ${shorts}.`);
    const venues = Object.entries(w.byExchange ?? {})
      .map(([exchange, s]) => ({ exchange, usd: s.longsUsd + s.shortsUsd }))
      .filter((v) => finite(v.usd) && v.usd > 0)
      .sort((a, b) => b.usd - a.usd);
    if (venues.length > 0) {
      const parts = venues.map(
        (v) =>
          `${exchangeName(v.exchange)} ${fig(`${v.exchange}.total`, `liquidations on ${exchangeName(v.exchange)} ${name}`, v.usd, formatUsdAbs(v.usd))}`,
      );
      lines.push(`By venue: ${joinList(parts)}.`);
    }
    const coins = Object.entries(w.byCoin)
      .map(([coin, s]) => ({ coin, usd: s.longsUsd + s.shortsUsd }))
      .filter((c) => finite(c.usd) && c.usd > 0)
      .sort((a, b) => b.usd - a.usd)
      .slice(0, 3);
    if (coins.length > 0) {
      const parts = coins.map(
        (c) => `${c.coin} ${fig(`${c.coin}.total`, `${c.coin} liquidations ${name}`, c.usd, formatUsdAbs(c.usd))}`,
      );
      lines.push(`Most liquidated: ${parts.join(', ')}.`);
    }
    const big = w.largest;
    if (big !== undefined && finite(big.usd) && big.usd > 0 && finite(big.at)) {
      const usd = fig('largest', `largest liquidation ${name}`, big.usd, formatUsdAbs(big.usd));
      lines.push(
        `Largest single one: a ${usd} ${big.coin} ${big.side} on ${exchangeName(big.exchange)} at ${formatUtc(big.at)}.`,
      );
    }
  } else {
    return unavailable(`Liquidation totals for the last ${name} are incomplete right now.`);
  }
  const share =
    w.coverage.collectedShare < 1
      ? ` Streams were connected for ${formatShare(w.coverage.collectedShare * 100)} of the window.`
      : '';
  const since = finite(w.coverage.collectingSince) ? ` Collecting since ${formatUtc(w.coverage.collectingSince)}.` : '';
  const coverage = liquidationCoverageLine(w.coverage.exchanges, words);
  if (coverage) lines.push(coverage);
  lines.push(`These are lower bounds: public liquidation streams leave some out.${share}${since}`);
  lines.push(`Source: ${source}, ${formatUtc(w.from)} to ${formatUtc(w.to)}.`);
  return { kind: 'notice', tone: 'info', title: `Liquidations, last ${name}`, lines, figures };
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
    // The totals reply is written in English for now; its coverage line uses the English article words.
    const reply = liquidationReply(snapshot, name, services.languages.pack('en').words);
    const coin = services.trackedCoins()[0];
    // A chart only beside totals: with nothing collected it would be a price chart with no bars.
    if (reply.tone !== 'info' || coin === undefined) return reply;
    const files = await snapshotChart(services, snapshot, coin, name === '30d' ? CHART_DAYS.full : CHART_DAYS.short);
    return files.length > 0 ? { ...reply, files } : reply;
  },
};
