// A local stand-in for the venues' public open-interest and funding REST endpoints, in each venue's own response
// shape (Binance USD-M /fapi/v1/openInterest and premiumIndex; Bybit /v5/market/open-interest and tickers; OKX
// /api/v5/public/open-interest and funding-rate; Hyperliquid's POST /info metaAndAssetCtxs, hourly funding; Bitget's
// /api/v2/mix/market/open-interest, current-fund-rate and ticker, its mark price; Deribit's get_book_summary_by_instrument
// and get_funding_rate_value for its inverse perpetuals), plus the market lists ccxt's loadMarkets reads, and the
// history endpoints backfills read (Binance's /futures/data/openInterestHist, which serves the latest 30 days, and
// /fapi/v1/fundingRate; Bybit's daily open-interest, kline and funding/history, newest first, at most `limit` rows).
// A test sets each venue's positions (coins open, mark price, funding rate) and past days, and can make a venue
// answer errors (429 with Retry-After, 500) for its next requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { binanceInstruments, bybitInstruments, marketId, okxInstruments } from '../liquidations/markets.ts';

/** The venues simulated. */
export type LeverageSimVenue = 'binanceusdm' | 'bybit' | 'okx' | 'hyperliquid' | 'bitget' | 'deribit';

/** One coin's market on one venue. */
export interface SimPosition {
  /** Open interest in coins. */
  coins: number;
  mark: number;
  /** Funding rate per interval (a fraction), and the interval in hours (default 8). */
  rate: number;
  intervalHours?: number;
}

/** One past UTC day of a coin's market: open interest at its close (coins), the close price, and the rate paid at
 * each of the day's three fundings. */
export interface SimDay {
  coins: number;
  close: number;
  rate: number;
}

const DAY = 86_400_000;
const FUNDING_TIMES = [0, 8, 16].map((h) => h * 3_600_000);

/** The newest `limit` of `rows` (sorted oldest first) whose time is within [start, end]. */
function window<T>(rows: T[], time: (r: T) => number, q: URLSearchParams, startKey: string, endKey: string): T[] {
  const start = Number(q.get(startKey) ?? Number.NEGATIVE_INFINITY);
  const end = Number(q.get(endKey) ?? Number.POSITIVE_INFINITY);
  const limit = Number(q.get('limit') ?? 200);
  return rows.filter((r) => time(r) >= start && time(r) <= end).slice(-limit);
}

function venueOf(path: string): LeverageSimVenue | undefined {
  if (path.startsWith('/fapi/') || path.startsWith('/futures/data/')) return 'binanceusdm';
  if (path.startsWith('/v5/')) return 'bybit';
  if (path.startsWith('/api/v5/')) return 'okx';
  if (path === '/info') return 'hyperliquid';
  if (path.startsWith('/api/v2/public/')) return 'deribit';
  if (path.startsWith('/api/v2/')) return 'bitget';
  return undefined;
}

/** The running simulator. */
export class LeverageSimulator {
  readonly url: string;
  /** Every request served, as "path?query". */
  readonly requests: string[] = [];
  private readonly positions = new Map<string, SimPosition>();
  /** Past days per venue and coin: day (days since the epoch) to its figures. */
  private readonly past = new Map<string, Map<number, SimDay>>();
  private readonly faults = new Map<LeverageSimVenue, { status: number; left: number }>();

  private constructor(
    private readonly server: Server,
    readonly coins: readonly string[],
    private readonly now: () => number,
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Start on a free port listing `coins` on every venue. */
  static async start(coins: readonly string[], now: () => number = Date.now): Promise<LeverageSimulator> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sim = new LeverageSimulator(server, coins, now);
    server.on('request', (req, res) => void sim.onRequest(req, res));
    return sim;
  }

  /** Set `coin`'s market on `venue`. */
  set(venue: LeverageSimVenue, coin: string, p: SimPosition): void {
    this.positions.set(`${venue}:${coin}`, p);
  }

  /** Set `coin`'s past days on `venue`, the first being `firstDay` (days since the epoch), one a day after it. */
  setDays(venue: 'binanceusdm' | 'bybit', coin: string, firstDay: number, days: readonly SimDay[]): void {
    const m = this.past.get(`${venue}:${coin}`) ?? new Map<number, SimDay>();
    for (const [i, d] of days.entries()) m.set(firstDay + i, d);
    this.past.set(`${venue}:${coin}`, m);
  }

  /** The past days of `coin` on `venue`, oldest first: the day's open, its close (00:00 the next day), figures. */
  private days(venue: string, coin: string): Array<{ open: number; end: number } & SimDay> {
    const m = this.past.get(`${venue}:${coin}`) ?? new Map<number, SimDay>();
    return [...m].sort(([a], [b]) => a - b).map(([day, d]) => ({ ...d, open: day * DAY, end: (day + 1) * DAY }));
  }

  /** Each funding paid over the past days, oldest first. */
  private fundings(venue: string, coin: string): Array<{ t: number; rate: number }> {
    return this.days(venue, coin).flatMap((d) => FUNDING_TIMES.map((h) => ({ t: d.open + h, rate: d.rate })));
  }

  /** Answer `venue`'s next `count` requests with `status` (429 carries Retry-After: 1). */
  fail(venue: LeverageSimVenue, status: number, count: number): void {
    this.faults.set(venue, { status, left: count });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pos(
    venue: Exclude<LeverageSimVenue, 'hyperliquid' | 'bitget' | 'deribit'>,
    id: string | null,
  ): { coin: string; p: SimPosition } | undefined {
    const coin = this.coins.find((c) => marketId(venue, c) === id);
    const p = coin ? this.positions.get(`${venue}:${coin}`) : undefined;
    return coin && p ? { coin, p } : undefined;
  }

  /** Hyperliquid's POST /info: every perpetual's context in one answer (open interest in coins, hourly funding). */
  private hyperliquid(request: { type?: unknown }): { status: number; body: unknown } {
    if (request.type === 'spotMeta')
      return {
        status: 200,
        body: { universe: [], tokens: [{ name: 'USDC', szDecimals: 8, weiDecimals: 8, index: 0, isCanonical: true }] },
      };
    if (request.type !== 'metaAndAssetCtxs') return { status: 422, body: 'Failed to deserialize the JSON body' };
    const listed = this.coins.flatMap((coin) => {
      const p = this.positions.get(`hyperliquid:${coin}`);
      return p ? [{ coin, p }] : [];
    });
    return {
      status: 200,
      body: [
        {
          universe: listed.map(({ coin }) => ({ name: coin, szDecimals: 5, maxLeverage: 40, onlyIsolated: false })),
        },
        listed.map(({ p }) => ({
          funding: String(p.rate),
          openInterest: String(p.coins),
          markPx: String(p.mark),
          oraclePx: String(p.mark),
          midPx: String(p.mark),
          prevDayPx: String(p.mark),
          premium: '0.0',
          dayNtlVlm: '0.0',
          impactPxs: [String(p.mark), String(p.mark)],
        })),
      ],
    };
  }

  /** Bitget's v2 REST: the coins and USDT-margined contracts loadMarkets reads, then open interest (coins), funding, ticker. */
  private bitget(path: string, q: URLSearchParams, t: number): { status: number; body: unknown } {
    const ok = (data: unknown) => ({ status: 200, body: { code: '00000', msg: 'success', requestTime: t, data } });
    if (path === '/api/v2/spot/public/coins')
      return ok(
        [...this.coins, 'USDT'].map((coin, i) => ({ coinId: String(i + 1), coin, transfer: 'true', chains: [] })),
      );
    if (path === '/api/v2/mix/market/contracts') {
      if (q.get('productType') !== 'USDT-FUTURES') return ok([]);
      return ok(
        this.coins.map((coin) => ({
          symbol: `${coin}USDT`,
          baseCoin: coin,
          quoteCoin: 'USDT',
          supportMarginCoins: ['USDT'],
          symbolType: 'perpetual',
          symbolStatus: 'normal',
          pricePlace: '1',
          priceEndStep: '1',
          volumePlace: '3',
          sizeMultiplier: '0.001',
          minTradeNum: '0.001',
          minTradeUSDT: '5',
          makerFeeRate: '0.0002',
          takerFeeRate: '0.0006',
          maxLever: '125',
          minLever: '1',
          fundInterval: '8',
          launchTime: '',
          deliveryTime: '',
        })),
      );
    }
    const symbol = q.get('symbol');
    const coin = this.coins.find((c) => `${c}USDT` === symbol);
    const p = coin ? this.positions.get(`bitget:${coin}`) : undefined;
    if (!p || q.get('productType') !== 'USDT-FUTURES')
      return {
        status: 400,
        body: { code: '40034', msg: 'Parameter symbol does not exist', requestTime: t, data: null },
      };
    if (path === '/api/v2/mix/market/open-interest')
      return ok({ openInterestList: [{ symbol, size: String(p.coins) }], ts: String(t) });
    if (path === '/api/v2/mix/market/current-fund-rate')
      return ok([
        {
          symbol,
          fundingRate: String(p.rate),
          fundingRateInterval: String(p.intervalHours ?? 8),
          nextUpdate: String(Math.ceil(t / 28_800_000) * 28_800_000),
          minFundingRate: '-0.003',
          maxFundingRate: '0.003',
        },
      ]);
    if (path === '/api/v2/mix/market/ticker')
      return ok([
        {
          symbol,
          lastPr: String(p.mark),
          askPr: String(p.mark),
          bidPr: String(p.mark),
          markPrice: String(p.mark),
          indexPrice: String(p.mark),
          holdingAmount: String(p.coins),
          fundingRate: String(p.rate),
          ts: String(t),
        },
      ]);
    return { status: 404, body: { code: '40404', msg: 'Request URL NOT FOUND', requestTime: t, data: null } };
  }

  /** Deribit's JSON-RPC over GET: instruments, then each inverse perpetual's book summary (open interest in USD) and funding. */
  private deribit(path: string, q: URLSearchParams, t: number): { status: number; body: unknown } {
    const ok = (result: unknown) => ({
      status: 200,
      body: { jsonrpc: '2.0', result, usIn: t * 1000, usOut: t * 1000 + 150, usDiff: 150, testnet: false },
    });
    const listed = this.coins.flatMap((coin) => {
      const p = this.positions.get(`deribit:${coin}`);
      return p ? [{ coin, p }] : [];
    });
    if (path === '/api/v2/public/get_currencies')
      return ok(
        listed.map(({ coin }) => ({
          currency: coin,
          currency_long: coin,
          coin_type: coin === 'BTC' ? 'BITCOIN' : 'ETHER',
          fee_precision: 4,
          min_confirmations: 1,
          min_withdrawal_fee: 0.0001,
          withdrawal_fee: 0.0001,
          withdrawal_priorities: [],
        })),
      );
    if (path === '/api/v2/public/get_instruments')
      return ok(
        listed.map(({ coin }) => ({
          instrument_name: `${coin}-PERPETUAL`,
          kind: 'future',
          settlement_period: 'perpetual',
          instrument_type: 'reversed',
          base_currency: coin,
          quote_currency: 'USD',
          counter_currency: 'USD',
          settlement_currency: coin,
          contract_size: 10,
          tick_size: 0.5,
          min_trade_amount: 10,
          taker_commission: 0.0005,
          maker_commission: 0,
          is_active: true,
          creation_timestamp: 1534242287000,
          expiration_timestamp: 32503708800000,
        })),
      );
    const hit = listed.find(({ coin }) => `${coin}-PERPETUAL` === q.get('instrument_name'));
    if (!hit)
      return {
        status: 400,
        body: {
          jsonrpc: '2.0',
          error: { message: 'Invalid params', data: { param: 'instrument_name' }, code: -32602 },
        },
      };
    if (path === '/api/v2/public/get_book_summary_by_instrument')
      return ok([
        {
          instrument_name: `${hit.coin}-PERPETUAL`,
          base_currency: hit.coin,
          quote_currency: 'USD',
          // an inverse perpetual's open interest is in USD
          open_interest: hit.p.coins * hit.p.mark,
          mark_price: hit.p.mark,
          last: hit.p.mark,
          current_funding: hit.p.rate,
          funding_8h: hit.p.rate,
          creation_timestamp: t,
        },
      ]);
    if (path === '/api/v2/public/get_funding_rate_value') return ok(hit.p.rate);
    return { status: 400, body: { jsonrpc: '2.0', error: { message: 'Method not found', code: -32601 } } };
  }

  private route(
    venue: LeverageSimVenue,
    path: string,
    q: URLSearchParams,
    body: string,
  ): { status: number; body: unknown } {
    const t = this.now();
    if (venue === 'bitget') return this.bitget(path, q, t);
    if (venue === 'deribit') return this.deribit(path, q, t);
    if (venue === 'hyperliquid') {
      try {
        return this.hyperliquid(JSON.parse(body) as { type?: unknown });
      } catch {
        return { status: 422, body: 'Failed to deserialize the JSON body' };
      }
    }
    if (venue === 'binanceusdm') {
      if (path === '/fapi/v1/exchangeInfo') return { status: 200, body: binanceInstruments(this.coins, t) };
      const hit = this.pos(venue, q.get('symbol'));
      if (!hit) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
      if (path === '/futures/data/openInterestHist') {
        if (q.get('period') !== '1d') return { status: 400, body: { code: -1120, msg: 'Invalid period.' } };
        // Binance keeps the latest 30 days only
        const kept = this.days(venue, hit.coin).filter((d) => d.end >= t - 30 * DAY && d.end <= t);
        return {
          status: 200,
          body: window(kept, (d) => d.end, q, 'startTime', 'endTime').map((d) => ({
            symbol: q.get('symbol'),
            sumOpenInterest: String(d.coins),
            sumOpenInterestValue: String(d.coins * d.close),
            timestamp: d.end,
          })),
        };
      }
      if (path === '/fapi/v1/fundingRate')
        return {
          status: 200,
          body: window(this.fundings(venue, hit.coin), (f) => f.t, q, 'startTime', 'endTime').map((f) => ({
            symbol: q.get('symbol'),
            fundingTime: f.t,
            fundingRate: String(f.rate),
            markPrice: '',
          })),
        };
      if (path === '/fapi/v1/openInterest')
        return { status: 200, body: { openInterest: String(hit.p.coins), symbol: q.get('symbol'), time: t } };
      if (path === '/fapi/v1/premiumIndex')
        return {
          status: 200,
          body: {
            symbol: q.get('symbol'),
            markPrice: String(hit.p.mark),
            indexPrice: String(hit.p.mark),
            estimatedSettlePrice: String(hit.p.mark),
            lastFundingRate: String(hit.p.rate),
            interestRate: '0.00010000',
            nextFundingTime: Math.ceil(t / 28_800_000) * 28_800_000,
            time: t,
          },
        };
    }
    if (venue === 'bybit') {
      const ok = (result: unknown) => ({
        status: 200,
        body: { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: t },
      });
      if (path === '/v5/market/instruments-info') {
        // Bybit states each market's funding interval here (minutes); ccxt reads it from the market
        const body = bybitInstruments(this.coins, t);
        for (const m of body.result.list as Array<{ baseCoin: string; fundingInterval: number }>)
          m.fundingInterval = (this.positions.get(`bybit:${m.baseCoin}`)?.intervalHours ?? 8) * 60;
        return { status: 200, body };
      }
      if (path === '/v5/market/open-interest') {
        const hit = this.pos(venue, q.get('symbol'));
        if (!hit) return { status: 200, body: { retCode: 10001, retMsg: 'params error: symbol invalid', result: {} } };
        if (q.get('intervalTime') === '1d') {
          const rows = window(this.days(venue, hit.coin), (d) => d.end, q, 'startTime', 'endTime');
          return ok({
            symbol: q.get('symbol'),
            category: 'linear',
            list: rows.reverse().map((d) => ({ openInterest: String(d.coins), timestamp: String(d.end) })),
            nextPageCursor: '',
          });
        }
        return ok({
          symbol: q.get('symbol'),
          category: 'linear',
          list: [{ openInterest: String(hit.p.coins), timestamp: String(Math.floor(t / 300_000) * 300_000) }],
          nextPageCursor: '',
        });
      }
      if (path === '/v5/market/kline' || path === '/v5/market/funding/history') {
        const hit = this.pos(venue, q.get('symbol'));
        if (!hit) return { status: 200, body: { retCode: 10001, retMsg: 'params error: symbol invalid', result: {} } };
        if (path === '/v5/market/kline') {
          if (q.get('interval') !== 'D') return { status: 200, body: { retCode: 10001, retMsg: 'invalid interval' } };
          const rows = window(this.days(venue, hit.coin), (d) => d.open, q, 'start', 'end');
          return ok({
            category: 'linear',
            symbol: q.get('symbol'),
            list: rows.reverse().map((d) => [String(d.open), ...Array(4).fill(String(d.close)), '0', '0']),
          });
        }
        const rows = window(this.fundings(venue, hit.coin), (f) => f.t, q, 'startTime', 'endTime');
        return ok({
          category: 'linear',
          list: rows.reverse().map((f) => ({
            symbol: q.get('symbol'),
            fundingRate: String(f.rate),
            fundingRateTimestamp: String(f.t),
          })),
        });
      }
      if (path === '/v5/market/tickers') {
        const list = this.coins.flatMap((coin) => {
          const p = this.positions.get(`bybit:${coin}`);
          const symbol = marketId('bybit', coin);
          if (!p || (q.get('symbol') && q.get('symbol') !== symbol)) return [];
          return [
            {
              symbol,
              lastPrice: String(p.mark),
              markPrice: String(p.mark),
              indexPrice: String(p.mark),
              openInterest: String(p.coins),
              openInterestValue: String(p.coins * p.mark),
              fundingRate: String(p.rate),
              fundingIntervalHour: String(p.intervalHours ?? 8),
              nextFundingTime: String(Math.ceil(t / 28_800_000) * 28_800_000),
              price24hPcnt: '0',
              volume24h: '0',
              turnover24h: '0',
              bid1Price: String(p.mark),
              ask1Price: String(p.mark),
            },
          ];
        });
        return ok({ category: 'linear', list });
      }
    }
    if (venue === 'okx') {
      const ok = (data: unknown[]) => ({ status: 200, body: { code: '0', msg: '', data } });
      if (path === '/api/v5/public/instruments') return { status: 200, body: okxInstruments(this.coins) };
      const hit = this.pos(venue, q.get('instId'));
      if (!hit) return { status: 200, body: { code: '51001', msg: "Instrument ID doesn't exist.", data: [] } };
      const ctVal = Number(okxInstruments([hit.coin]).data[0]!.ctVal);
      if (path === '/api/v5/public/open-interest')
        return ok([
          {
            instId: q.get('instId'),
            instType: 'SWAP',
            oi: String(hit.p.coins / ctVal),
            oiCcy: String(hit.p.coins),
            oiUsd: String(hit.p.coins * hit.p.mark),
            ts: String(t),
          },
        ]);
      if (path === '/api/v5/public/funding-rate')
        return ok([
          {
            instId: q.get('instId'),
            instType: 'SWAP',
            fundingRate: String(hit.p.rate),
            fundingTime: String(Math.ceil(t / 28_800_000) * 28_800_000),
            nextFundingTime: String(Math.ceil(t / 28_800_000) * 28_800_000 + 28_800_000),
            method: 'current_period',
            ts: String(t),
          },
        ]);
    }
    return { status: 404, body: { msg: `not simulated: ${path}` } };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${url.pathname}${url.search}`);
    const venue = venueOf(url.pathname);
    const fault = venue ? this.faults.get(venue) : undefined;
    if (fault && fault.left > 0) {
      fault.left -= 1;
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.status === 429 ? { 'retry-after': '1' } : {}),
      });
      return void res.end(JSON.stringify({ code: fault.status, msg: 'simulated fault' }));
    }
    const answer = venue
      ? this.route(venue, url.pathname, url.searchParams, body)
      : { status: 404, body: { msg: 'unknown venue' } };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }
}
