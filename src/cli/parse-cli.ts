// Parses whybot's command line (node:util parseArgs) into a typed request, or throws UsageError.
import { parseArgs } from 'node:util';
import { MARKET_FLAG_VALUES, type MarketFlag } from '../simulator/replay-market.ts';
import { type HelpTopic, UsageError } from './usage.ts';

/** Options shared by the commands that read market data. */
export interface MarketArgs {
  replayFiles?: string[];
  at?: string;
  /** What the replayed files hold when their folders do not say (--market spot|usdm|coinm|mark|index). */
  market?: MarketFlag;
  /** Files for snapshot sources in replays, by what they hold (--news FILE,... -> { news: [...] }, --markets FILE,... -> { markets: [...] }). */
  sourceFiles?: Partial<Record<string, string[]>>;
}

/** What a `whybot start` process does (see src/cli/start-command.ts): everything, or one part of a scaled-out bot. */
export type Role = 'all' | 'chat' | 'worker' | 'collector';

/** The roles `--role` accepts. */
export const ROLES: readonly Role[] = ['all', 'chat', 'worker', 'collector'];

/** What the user asked the CLI to do. */
export type CliRequest =
  | ({ command: 'start'; roles?: Role[]; terminal?: true; lang?: string } & MarketArgs)
  | ({ command: 'why'; coin?: string; full: boolean; format: 'text' | 'json'; lang?: string } & MarketArgs)
  | { command: 'collect'; argv: string[] }
  | { command: 'backtest'; argv: string[] }
  | { command: 'export'; argv: string[] }
  | { command: 'help'; topic?: HelpTopic }
  | { command: 'version' };

const OPTIONS = {
  replay: { type: 'string' },
  at: { type: 'string' },
  market: { type: 'string' },
  news: { type: 'string' },
  markets: { type: 'string' },
  liquidations: { type: 'string' },
  spot: { type: 'string' },
  format: { type: 'string' },
  full: { type: 'boolean' },
  role: { type: 'string' },
  terminal: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
} as const;

/** Check a --market value. */
export function parseMarketFlag(value: string): MarketFlag {
  if (!(MARKET_FLAG_VALUES as readonly string[]).includes(value)) {
    throw new UsageError(`--market must be one of ${MARKET_FLAG_VALUES.join(', ')}, not "${value}".`);
  }
  return value as MarketFlag;
}

/**
 * A comma-separated list of files given to `flag`, or undefined when the flag is absent. Throws when it names
 * none, or when it is a replay-only flag (`live` says where live data comes from instead) given without --replay.
 */
function fileList(
  flag: string,
  value: string | undefined,
  replay: string | undefined,
  live?: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (live !== undefined && replay === undefined) throw new UsageError(`--${flag} only works with --replay (${live}).`);
  const files = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (files.length === 0) throw new UsageError(`--${flag} needs at least one file.`);
  return files;
}

function marketArgs(values: {
  replay?: string;
  at?: string;
  market?: string;
  markets?: string;
  news?: string;
  liquidations?: string;
  spot?: string;
}): MarketArgs {
  const spot = fileList('spot', values.spot, values.replay, 'live spot candles come from WHYBOT_SPOT');
  const news = fileList('news', values.news, values.replay, 'live articles read the feeds in WHYBOT_NEWS_FEEDS');
  if (values.at !== undefined && values.replay === undefined)
    throw new UsageError('--at only works with --replay (live data is always "now").');
  if (values.market !== undefined && values.replay === undefined)
    throw new UsageError('--market only works with --replay (live data names its own market).');
  if (values.liquidations !== undefined && values.replay === undefined)
    throw new UsageError('--liquidations only works with --replay (live articles read the collected liquidations).');
  if (values.liquidations !== undefined && values.liquidations.trim() === '')
    throw new UsageError('--liquidations needs a file (write one with "whybot export liquidations").');
  const liquidations = values.liquidations === undefined ? undefined : [values.liquidations.trim()];
  const market = values.market === undefined ? undefined : parseMarketFlag(values.market);
  const files = fileList('replay', values.replay, values.replay);
  const markets = fileList('markets', values.markets, values.replay, 'live markets come from WHYBOT_MARKETS');
  return {
    ...(markets || news || liquidations || spot
      ? {
          sourceFiles: {
            ...(markets ? { markets } : {}),
            ...(news ? { news } : {}),
            ...(liquidations ? { liquidations } : {}),
            ...(spot ? { spot } : {}),
          },
        }
      : {}),
    ...(files ? { replayFiles: files } : {}),
    ...(values.at !== undefined ? { at: values.at } : {}),
    ...(market ? { market } : {}),
  };
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, '.'));
  }
}

function isHelpTopic(name: string): name is HelpTopic {
  return name === 'start' || name === 'why' || name === 'collect' || name === 'backtest' || name === 'export';
}

/** Parse argv (without node and script) into a CliRequest. */
export function parseCli(argv: string[]): CliRequest {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version' };
  // `whybot --help` is `whybot help`: the general text (`whybot start --help` is start's)
  if (first === '--help' || first === '-h') return { command: 'help' };
  const command = first === undefined || first.startsWith('-') ? 'start' : first;
  const args = command === first ? rest : argv;
  const wantsHelp = args.includes('--help') || args.includes('-h');
  switch (command) {
    case 'help': {
      const topic = rest[0];
      if (topic === undefined) return { command: 'help' };
      if (!isHelpTopic(topic))
        throw new UsageError(`No help for "${topic}". Commands: start, why, collect, backtest, export.`);
      return { command: 'help', topic };
    }
    case 'collect':
      return wantsHelp ? { command: 'help', topic: 'collect' } : { command: 'collect', argv: args };
    case 'backtest':
      return wantsHelp ? { command: 'help', topic: 'backtest' } : { command: 'backtest', argv: args };
    case 'export':
      return wantsHelp ? { command: 'help', topic: 'export' } : { command: 'export', argv: args };
    case 'start': {
      const { values, positionals } = parse(args);
      if (values.help) return { command: 'help', topic: 'start' };
      if (values.format !== undefined || values.full !== undefined)
        throw new UsageError('--format and --full belong to "whybot why".');
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
      // one role, or several joined by commas (chat,worker)
      const roles = values.role?.split(',').map((r) => r.trim());
      const bad = roles?.find((r) => !(ROLES as readonly string[]).includes(r));
      if (bad !== undefined || roles?.length === 0)
        throw new UsageError(
          `--role takes ${ROLES.join(', ')} (or several joined by commas, e.g. chat,worker), not "${values.role ?? ''}".`,
        );
      return {
        command: 'start',
        ...(roles === undefined ? {} : { roles: roles as Role[] }),
        ...(values.terminal ? { terminal: true as const } : {}),
        ...(values.lang === undefined ? {} : { lang: values.lang }),
        ...marketArgs(values),
      };
    }
    case 'why': {
      const { values, positionals } = parse(args);
      if (values.help) return { command: 'help', topic: 'why' };
      if (values.terminal !== undefined) throw new UsageError('--terminal belongs to "whybot start".');
      if (values.role !== undefined) throw new UsageError('--role belongs to "whybot start".');
      if (positionals.length > 1) throw new UsageError(`why takes one coin at most; got "${positionals.join(' ')}".`);
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json')
        throw new UsageError(`--format must be text or json, not "${format}".`);
      const coin = positionals[0];
      return {
        command: 'why',
        ...(coin ? { coin } : {}),
        full: values.full === true,
        format,
        ...(values.lang === undefined ? {} : { lang: values.lang }),
        ...marketArgs(values),
      };
    }
    default:
      throw new UsageError(
        `Unknown command "${command}". Commands: start, why, collect, backtest, export, help, --version.`,
      );
  }
}
