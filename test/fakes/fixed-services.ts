// Test helper: a small WhyServices over a fixed MarketSnapshot (5 Aug 2024 figures from the Binance klines),
// whose article states the snapshot's own prices. For adapter plumbing; market logic is tested elsewhere.
import { UnknownCoinError } from '../../src/core/errors.ts';
import type { ExplainRequest, Explanation, WhyServices } from '../../commands/services.ts';
import type { MarketSnapshot } from '../../src/gather/types.ts';
import type { ArticleDocument, Figure } from '../../src/core/document.ts';
import { loadLanguages } from '../../src/app/languages.ts';

/** 2024-08-05T07:00:00Z, the replayed moment. */
export const AT = Date.UTC(2024, 7, 5, 7);

/** A snapshot with tickers, one missing funding source and a 24h liquidation window. */
export function fixedSnapshot(): MarketSnapshot {
  const ticker = (coin: string, price: number, changePct: number) => ({
    coin,
    symbol: `${coin}/USDT:USDT`,
    price,
    changePct,
    at: AT,
  });
  const candles = { ok: true as const, value: [], source: 'Binance USD-M fetchOHLCV', asOf: AT - 3_600_000 };
  return {
    builtAt: AT,
    exchange: 'binanceusdm',
    exchangeName: 'Binance USD-M',
    coins: ['BTC', 'ETH', 'SOL'],
    tickers: {
      ok: true,
      source: 'Binance USD-M fetchTickers',
      asOf: AT,
      value: { BTC: ticker('BTC', 51588, -15.2), ETH: ticker('ETH', 2233.5, -21.4), SOL: ticker('SOL', 121.3, -18.9) },
    },
    hourly: {
      BTC: candles,
      ETH: candles,
      SOL: { ok: false, source: 'Binance USD-M fetchOHLCV', reason: 'HTTP 500 from exchange' },
    },
    daily: { BTC: candles, ETH: candles, SOL: candles },
    openInterest: {},
    funding: { ok: false, source: 'Binance USD-M fetchFundingRates', reason: 'timed out after 10000 ms' },
    liquidations: {
      ok: true,
      source: 'whybot liquidation store',
      asOf: AT,
      value: {
        daily: [],
        windows: {
          '24h': {
            window: '24h',
            from: AT - 86_400_000,
            to: AT,
            totalUsd: 237_400_000,
            longsUsd: 201_000_000,
            shortsUsd: 36_400_000,
            count: 1234,
            byCoin: {
              BTC: { longsUsd: 120e6, shortsUsd: 20e6, count: 600 },
              ETH: { longsUsd: 81e6, shortsUsd: 16.4e6, count: 634 },
            },
            byExchange: {
              binanceusdm: { longsUsd: 90e6, shortsUsd: 16.4e6, count: 500 },
              bybit: { longsUsd: 111e6, shortsUsd: 20e6, count: 734 },
            },
            largest: {
              exchange: 'bybit',
              symbol: 'BTC/USDT:USDT',
              coin: 'BTC',
              side: 'long',
              usd: 4_500_000,
              at: AT - 3_000_000,
            },
            coverage: {
              exchanges: ['binanceusdm', 'bybit'],
              collectedShare: 0.87,
              collectingSince: AT - 3 * 86_400_000,
            },
          },
        },
      },
    },
  };
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

/** An article stating each ticker of the snapshot (price and 24h change) as a Figure. */
export function articleFrom(snapshot: MarketSnapshot, request: ExplainRequest): ArticleDocument {
  if (!snapshot.tickers.ok) throw new Error('fixture needs tickers');
  const { value: tickers, source, asOf } = snapshot.tickers;
  const coins = request.coin === undefined ? snapshot.coins : [request.coin];
  const figures: Figure[] = coins.flatMap((coin) => {
    const t = tickers[coin];
    if (t === undefined || t.changePct === undefined) return [];
    return [
      { id: `${coin}.price`, label: `${coin} price`, value: t.price, text: usd(t.price), source, asOf },
      {
        id: `${coin}.change24h`,
        label: `${coin} 24h change`,
        value: t.changePct,
        text: `${t.changePct.toFixed(1)}%`,
        source,
        asOf,
      },
    ];
  });
  const byId = (id: string) => figures.find((f) => f.id === id)?.text ?? '';
  const lede = coins.map((c) => `${c} trades at ${byId(`${c}.price`)} (${byId(`${c}.change24h`)} in 24h).`).join(' ');
  return {
    title: request.coin === undefined ? 'Crypto falls sharply' : `${request.coin} falls sharply`,
    direction: 'down',
    replayNote: 'Replay of 5 August 2024, 07:00 UTC',
    sections: [
      { id: 'lede', paragraphs: [lede] },
      ...(request.form === 'full'
        ? [
            {
              id: 'watch',
              heading: 'What to watch',
              paragraphs: [`Support sits near ${byId(`${coins[0] ?? 'BTC'}.price`)}.`],
            },
          ]
        : []),
    ],
    keyFigures: figures.filter((f) => f.id.endsWith('.price')).map((f) => ({ label: f.label, text: f.text })),
    footer: [`Source: ${source}, data as of 2024-08-05 07:00 UTC.`, 'Not financial advice.'],
    figures,
  };
}

/** WhyServices over the fixed snapshot; `explain` can be replaced to inject failures. Records explain requests. */
export function fixedServices(overrides: { explain?: (r: ExplainRequest) => Promise<Explanation> } = {}) {
  const snapshot = fixedSnapshot();
  const requests: ExplainRequest[] = [];
  const services: WhyServices & { requests: ExplainRequest[] } = {
    requests,
    languages: loadLanguages(),
    startedAt: AT - 3 * 3_600_000,
    now: () => AT,
    trackedCoins: () => [...snapshot.coins],
    snapshot: async () => snapshot,
    async explain(request) {
      requests.push(request);
      if (overrides.explain !== undefined) return overrides.explain(request);
      if (request.coin !== undefined && !snapshot.coins.includes(request.coin))
        throw new UnknownCoinError(request.coin, snapshot.coins);
      return { document: articleFrom(snapshot, request), snapshot };
    },
  };
  return services;
}
