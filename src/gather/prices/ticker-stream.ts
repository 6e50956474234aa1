// Live prices for the drop-alert watcher: ccxt `watchTickers` over the exchange websocket, and, whenever the
// socket is down, `fetchTickers` over REST every poll interval until the socket is back. Each update becomes
// PriceTicks (price, its time, the 24h open, and which call it came from). Backfills recent 1m candles at start.
import type { Exchange, Ticker } from 'ccxt';
import type { Logger } from 'pino';
import type { PriceTick } from '../../core/price-tick.ts';
import type { Clock } from '../../core/clock.ts';
import { perpetualSymbol } from '../../core/markets.ts';
import { loadMarkets } from '../exchange.ts';
import { LinkState } from '../../observability/link-state.ts';

/** Settings of a TickerStream. */
export interface TickerStreamOptions {
  exchange: Exchange;
  /** Human name for sources, e.g. "Binance USD-M". */
  exchangeName: string;
  /** Coins to follow (upper case) and their quote (their perpetual, e.g. BTC/USDT:USDT). */
  coins: readonly string[];
  quote: string;
  /** Receives every batch of ticks; awaited before the next batch is read. */
  onTicks(ticks: PriceTick[]): void | Promise<void>;
  clock: Clock;
  logger: Logger;
  /** Time between two REST polls while the websocket is down, ms (default 30 s). */
  pollIntervalMs?: number;
  /** Load this much 1m candle history at start, ms (0 for none). */
  backfillMs?: number;
}

/** How the stream gets prices right now. */
export type StreamMode = 'starting' | 'websocket' | 'polling' | 'stopped';

/** Turn ccxt tickers into ticks for the coins followed (invalid or unknown ones are left out). */
export function ticksFromTickers(
  tickers: Record<string, Ticker>,
  coinBySymbol: ReadonlyMap<string, string>,
  source: string,
  fallbackAt: number,
): PriceTick[] {
  const ticks: PriceTick[] = [];
  for (const [symbol, t] of Object.entries(tickers)) {
    const coin = coinBySymbol.get(symbol);
    const price = t?.last ?? t?.close;
    if (coin === undefined || typeof price !== 'number' || !(price > 0)) continue;
    const open = typeof t.open === 'number' && t.open > 0 ? t.open : undefined;
    ticks.push({
      coin,
      price,
      at: typeof t.timestamp === 'number' ? t.timestamp : fallbackAt,
      source,
      ...(open === undefined ? {} : { open24h: open }),
    });
  }
  return ticks;
}

/** The price loop. */
export class TickerStream {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private modeNow: StreamMode = 'starting';
  private readonly log: Logger;

  constructor(private readonly options: TickerStreamOptions) {
    this.log = options.logger.child({ part: 'prices', exchange: options.exchange.id });
  }

  /** How prices arrive now. */
  get mode(): StreamMode {
    return this.modeNow;
  }

  /** Start reading prices. */
  start(): void {
    this.loop ??= this.run().catch((err: unknown) => this.log.error({ err }, 'price stream stopped with an error'));
  }

  private async run(): Promise<void> {
    const { exchange, clock } = this.options;
    const pollMs = this.options.pollIntervalMs ?? 30_000;
    const signal = this.abort.signal;
    // markets first: without them ccxt cannot name symbols
    const markets = new LinkState(this.log, `${this.options.exchangeName} markets`, () => clock.now());
    while (!signal.aborted) {
      try {
        await loadMarkets(exchange);
        markets.succeeded();
        break;
      } catch (err) {
        markets.failed(err, pollMs);
        await clock.sleep(pollMs, signal);
      }
    }
    // stopped while the markets were still loading: nothing is wrong, there is just nothing left to do
    if (signal.aborted) {
      this.modeNow = 'stopped';
      return;
    }
    const symbols = this.options.coins
      .map((c) => perpetualSymbol(c, this.options.quote))
      .filter((s) => exchange.markets?.[s] !== undefined);
    const coinBySymbol = new Map(symbols.map((s) => [s, s.split('/')[0]!]));
    if (symbols.length === 0) {
      this.log.error({ coins: this.options.coins }, 'none of the tracked coins is listed; no live prices for alerts');
      return;
    }
    if (!signal.aborted) await this.backfill(symbols, coinBySymbol);
    const name = this.options.exchangeName;
    while (!signal.aborted) {
      try {
        const tickers = await exchange.watchTickers(symbols);
        if (signal.aborted) break;
        if (this.modeNow !== 'websocket')
          this.log.info(
            { symbols },
            this.modeNow === 'polling' ? 'price websocket is back' : 'price websocket connected',
          );
        this.modeNow = 'websocket';
        // ccxt keeps the latest ticker of every symbol, also of frames that arrived while no call was waiting
        const latest = { ...tickers };
        for (const s of symbols)
          if (exchange.tickers?.[s] !== undefined && latest[s] === undefined) latest[s] = exchange.tickers[s]!;
        await this.emit(ticksFromTickers(latest, coinBySymbol, `${name} watchTickers`, clock.now()));
      } catch (err) {
        if (signal.aborted) break;
        if (this.modeNow !== 'polling')
          this.log.warn(
            { err: (err as Error).message },
            'price websocket is down; polling fetchTickers until it is back',
          );
        this.modeNow = 'polling';
        await this.pollOnce(symbols, coinBySymbol);
        await clock.sleep(pollMs, signal);
      }
    }
    this.modeNow = 'stopped';
  }

  private async emit(ticks: PriceTick[]): Promise<void> {
    if (ticks.length === 0) return;
    try {
      await this.options.onTicks(ticks);
    } catch (err) {
      this.log.error({ err }, 'price ticks could not be handled');
    }
  }

  private async pollOnce(symbols: string[], coinBySymbol: Map<string, string>): Promise<void> {
    try {
      const tickers = await this.options.exchange.fetchTickers(symbols);
      await this.emit(
        ticksFromTickers(tickers, coinBySymbol, `${this.options.exchangeName} fetchTickers`, this.options.clock.now()),
      );
    } catch (err) {
      if (!this.abort.signal.aborted) this.log.warn({ err: (err as Error).message }, 'polling fetchTickers failed');
    }
  }

  private async backfill(symbols: string[], coinBySymbol: Map<string, string>): Promise<void> {
    const span = this.options.backfillMs ?? 0;
    if (span <= 0) return;
    const since = this.options.clock.now() - span - 120_000;
    const limit = Math.min(1500, Math.ceil(span / 60_000) + 3);
    for (const symbol of symbols) {
      try {
        const candles = await this.options.exchange.fetchOHLCV(symbol, '1m', since, limit);
        const coin = coinBySymbol.get(symbol)!;
        const source = `${this.options.exchangeName} fetchOHLCV 1m`;
        // a candle's close is the price at the end of its minute
        const now = this.options.clock.now();
        await this.emit(
          candles.flatMap(([t, , , , c]) =>
            typeof t === 'number' && typeof c === 'number' && t + 60_000 <= now
              ? [{ coin, price: c, at: t + 60_000, source }]
              : [],
          ),
        );
      } catch (err) {
        this.log.warn(
          { symbol, err: (err as Error).message },
          'could not backfill recent prices; rules need a full window of live prices first',
        );
      }
    }
  }

  /** Stop reading (closes the exchange's connections). */
  async stop(): Promise<void> {
    this.abort.abort();
    try {
      await this.options.exchange.close();
    } catch {
      // already closed
    }
    await this.loop;
    this.modeNow = 'stopped';
  }
}
