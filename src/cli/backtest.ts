// `whybot backtest --replay FILE[,FILE...] [--rule COIN:-3%:1h]...`: the drop alerts whybot would have posted
// over recorded klines (the live watcher's rule engine and gate, one chat following the rules), each with its
// time, the move, and the headline of the article whybot would have written at that moment of the replay.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatUtc } from '../narrate/time-format.ts';
import { backtestAlerts, type BacktestAlert } from '../alerts/backtest.ts';
import { DEFAULT_GATE_POLICY } from '../alerts/channel-gate.ts';
import { replayTicks, baseCoin } from '../simulator/replay-ticks.ts';
import { BASKET, ruleKey, type AlertRule } from '../core/alert-rule.ts';
import { AlertRuleError, bandLadder, describeRule, parseRule, parseRuleList } from '../alerts/rules.ts';
import { createArticleWriter } from '../app/article-writer.ts';
import { createServices } from '../app/create-services.ts';
import { loadReplayData, startReplay } from '../app/replay.ts';
import { PLATFORMS } from '../adapters/platforms.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { formatPct, formatPrice } from '../narrate/format.ts';
import { intervalName, ReplayFileError, type SeriesFile } from '../simulator/kline-files.ts';
import type { MarketFlag } from '../simulator/replay-market.ts';
import { alertTitle as postTitle } from '../narrate/alert-reply.ts';
import type { Words } from '../narrate/words.ts';
import { loadLanguages } from '../app/languages.ts';

/** The backtest prints in English: the alert titles in its report are the English ones. */
let englishWords: Words | undefined;
const english = (): Words => (englishWords ??= loadLanguages().pack('en').words);
import { parseMarketFlag } from './parse-cli.ts';
import { COMMAND_USAGE, UsageError } from './usage.ts';

/** Usage of the backtest command (one text for `whybot help backtest` and `whybot backtest --help`). */
export const BACKTEST_USAGE = COMMAND_USAGE.backtest;
import { replayedLiquidationSource } from '../gather/liquidations/replayed-source.ts';
import type { SnapshotSource } from '../gather/snapshot-source.ts';
import { UserFacingError } from '../core/errors.ts';

/** Where the command writes, and the environment it reads. */
export interface BacktestIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: Record<string, string | undefined>;
}

/** One printed alert. */
export interface BacktestLine {
  at: string;
  rule: string;
  kind: 'new' | 'deeper';
  band: number;
  bandPct: number;
  movePct: number;
  from: Record<string, { price: number; at: string }>;
  to: Record<string, { price: number; at: string }>;
  /** The alert's own title, stating the same move as movePct: "Drop alert: BTC -3.2% within 1 h". */
  alertTitle: string;
  /** The headline of the article posted with the alert (its figures are the article's, e.g. the day's change). */
  headline?: string;
}

class BacktestUsageError extends Error {}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        replay: { type: 'string' },
        rule: { type: 'string', multiple: true },
        cooldown: { type: 'string' },
        market: { type: 'string' },
        liquidations: { type: 'string' },
        'no-headlines': { type: 'boolean' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    throw new BacktestUsageError((error as Error).message.replace(/\. To specify.*$/s, '.'));
  }
}

/** The headline whybot would have written at `at` over the replayed files, for the rule's coin or the market. */
async function headlineAt(
  files: string[],
  at: number,
  rule: AlertRule,
  coins: string[],
  env: Record<string, string | undefined>,
  market?: MarketFlag,
  liquidations?: SnapshotSource<'liquidations'>,
): Promise<string> {
  const replay = await startReplay(files, at, market ? { market } : {});
  const config = loadConfig(
    {
      WHYBOT_COINS: coins.join(','),
      WHYBOT_SENTIMENT: 'off',
      LOG_LEVEL: 'silent',
      ...(env.WHYBOT_TEMPLATES_DIR ? { WHYBOT_TEMPLATES_DIR: env.WHYBOT_TEMPLATES_DIR } : {}),
    },
    PLATFORMS,
  );
  const services = createServices({
    config,
    writer: createArticleWriter(config),
    now: () => at,
    exchangeUrl: replay.simulator.url,
    replay: replay.info,
    // shared by every headline: the services must not close it (the command does, at the end)
    ...(liquidations ? { sources: [{ ...liquidations, close: () => undefined }] } : {}),
  });
  try {
    const { document } = await services.explain(
      rule.target === BASKET ? { form: 'short' } : { coin: rule.target, form: 'short' },
    );
    return document.title;
  } catch (error) {
    return `(no article: ${(error as Error).message})`;
  } finally {
    services.close();
    await replay.close();
  }
}

/** The title the alert is posted under: the same move, over the same measure, as the line. */
function alertTitle(alert: BacktestAlert, words: Words): string {
  return postTitle({ kind: alert.kind, reading: alert.reading, bandPct: alert.bandPct }, words);
}

function lineOf(alert: BacktestAlert, headline: string | undefined): BacktestLine {
  const points = (side: 'from' | 'to') =>
    Object.fromEntries(
      Object.entries(alert.reading[side]).map(([coin, p]) => [
        coin,
        { price: p.price, at: new Date(p.at).toISOString() },
      ]),
    );
  return {
    at: new Date(alert.at).toISOString(),
    rule: ruleKey(alert.rule),
    kind: alert.kind,
    band: alert.band,
    bandPct: alert.bandPct,
    movePct: Number(alert.reading.movePct.toFixed(2)),
    from: points('from'),
    to: points('to'),
    alertTitle: alertTitle(alert, english()),
    ...(headline === undefined ? {} : { headline }),
  };
}

function textLine(alert: BacktestAlert, headline: string | undefined): string {
  const what = alert.kind === 'new' ? 'crossed' : `deeper, past -${String(alert.bandPct)}%`;
  const coins = alert.reading.coins;
  const prices =
    coins.length === 1
      ? `${formatPrice(alert.reading.from[coins[0]!]!.price)} -> ${formatPrice(alert.reading.to[coins[0]!]!.price)}`
      : `${coins.length.toString()} coins`;
  const head = `${formatUtc(alert.at)}  ${ruleKey(alert.rule).padEnd(16)} ${what.padEnd(17)} ${formatPct(alert.reading.movePct).padStart(6)}  ${prices}  "${alertTitle(alert, english())}"`;
  return headline === undefined ? head : `${head}\n${' '.repeat(22)}article: "${headline}"`;
}

/** Run the backtest; resolves to the exit code (0 done, 2 bad input). */
export async function runBacktestCommand(argv: string[], io: BacktestIo): Promise<number> {
  const env = io.env ?? process.env;
  const fail = (message: string, code = 2) => {
    io.stderr.write(`whybot backtest: ${message}\n`);
    return code;
  };
  let values;
  try {
    values = parse(argv);
  } catch (error) {
    if (error instanceof BacktestUsageError) return fail(`${error.message}\n${BACKTEST_USAGE}`);
    throw error;
  }
  if (values.help) {
    io.stdout.write(`${BACKTEST_USAGE}\n`);
    return 0;
  }
  const files = (values.replay ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (files.length === 0) return fail(`--replay needs at least one file.\n${BACKTEST_USAGE}`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return fail(`--format must be text or json, not "${format}".`);
  const cooldownMin = values.cooldown === undefined ? DEFAULT_GATE_POLICY.cooldownMs / 60_000 : Number(values.cooldown);
  if (!Number.isFinite(cooldownMin) || cooldownMin < 0)
    return fail(`--cooldown takes minutes, not "${values.cooldown ?? ''}".`);

  let series: SeriesFile[];
  let rules: AlertRule[];
  let market: MarketFlag | undefined;
  let marketLabel: string;
  try {
    market = values.market === undefined ? undefined : parseMarketFlag(values.market);
    const loaded = loadReplayData(files, market ? { market } : {});
    series = loaded.series;
    marketLabel = loaded.info.market!.label;
    rules =
      values.rule !== undefined
        ? values.rule.map(parseRule)
        : parseRuleList(env.WHYBOT_ALERT_RULES ?? 'BTC:-3%:1h,basket:-5%:24h');
  } catch (error) {
    if (
      error instanceof ReplayFileError ||
      error instanceof AlertRuleError ||
      error instanceof ConfigError ||
      error instanceof UsageError
    )
      return fail(error.message);
    throw error;
  }
  const ticks = replayTicks(series, marketLabel);
  if (ticks.length === 0) return fail('the replay holds no kline file (e.g. BTCUSDT-1h-2024-08.csv).');
  const coins = [...new Set(series.filter((f) => f.kind === 'klines').map((f) => baseCoin(f.symbol)))];
  const missing = rules.filter((r) => r.target !== BASKET && !coins.includes(r.target));
  if (missing.length > 0)
    return fail(`no kline file for ${missing.map((r) => r.target).join(', ')}; the replay holds ${coins.join(', ')}.`);

  let liquidations: SnapshotSource<'liquidations'> | undefined;
  if (values.liquidations !== undefined) {
    try {
      liquidations = replayedLiquidationSource(values.liquidations);
    } catch (error) {
      if (error instanceof UserFacingError) return fail(error.message);
      throw error;
    }
  }
  try {
    const alerts = backtestAlerts(ticks, {
      rules,
      basketCoins: coins,
      gate: { ...DEFAULT_GATE_POLICY, cooldownMs: cooldownMin * 60_000 },
    });
    const headlines: Array<string | undefined> = [];
    for (const alert of alerts)
      headlines.push(
        values['no-headlines']
          ? undefined
          : await headlineAt(files, alert.at, alert.rule, coins, env, market, liquidations),
      );

    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify(
          alerts.map((a, i) => lineOf(a, headlines[i])),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const intervals = [...new Set(series.flatMap((f) => (f.kind === 'klines' ? [f.intervalMs] : [])))]
      .sort((a, b) => a - b)
      .map((ms) => intervalName(ms) ?? `${ms.toString()} ms`)
      .join(', ');
    const first = ticks[0]!.at;
    const last = ticks[ticks.length - 1]!.at;
    const ladder = (r: AlertRule) =>
      bandLadder(r.dropPct)
        .slice(0, 4)
        .map((b) => `-${String(b)}%`)
        .join(', ');
    io.stdout.write(
      [
        `Backtest over ${files.map((f) => basename(f)).join(', ')} (${marketLabel}): ${formatUtc(first)} to ${formatUtc(last)}, prices at each close of the finest candles given (${intervals}).`,
        `Rules: ${rules.map((r) => `${describeRule(r)}${r.target === BASKET ? ` (basket: ${coins.join(', ')}, equal-weighted)` : ''}, posting at ${ladder(r)}, ...`).join('; ')}`,
        `One chat following them; cooldown ${cooldownMin.toString()} min between drops of one rule.`,
        '',
        ...alerts.map((a, i) => textLine(a, headlines[i])),
        '',
        `${alerts.length.toString()} alert${alerts.length === 1 ? '' : 's'}.`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await liquidations?.close?.();
  }
}
