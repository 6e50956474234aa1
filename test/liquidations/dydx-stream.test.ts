// dYdX's liquidations through ccxt's dYdX websocket client and the simulator: from the public `v4_trades` channel,
// only trades of type LIQUIDATED count (ordinary and DELEVERAGED trades do not), the liquidation order's side names
// the position (SELL closes a long), sizes are coins, and the markets are USDC-settled (BTC/USDC:USDC).
import type { Liquidation } from 'ccxt';
import { afterEach, expect, it } from 'vitest';
import type { DydxLiquidationClient } from '../../src/gather/liquidations/dydx-stream.ts';
import { createLiquidationExchange, marketFacts, watchCalls } from '../../src/gather/liquidations/exchanges.ts';
import { normaliseLiquidation } from '../../src/gather/liquidations/normalise.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { waitUntil } from '../helpers/testkit.ts';

let sim: LiquidationSimulator | undefined;
let client: DydxLiquidationClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = undefined;
  sim = undefined;
});

it('takes the LIQUIDATED trades of each tracked market, with side, size in coins, price and time', async () => {
  sim = await startLiquidationSimulator({ coins: ['BTC', 'ETH'] });
  client = (await createLiquidationExchange('dydx', sim.url)) as unknown as DydxLiquidationClient;
  await client.loadMarkets();
  const calls = watchCalls('dydx', client, ['BTC', 'ETH', 'DOGE']);
  // one subscription per tracked coin the venue lists
  expect(calls.map((c) => c.label)).toEqual(['v4_trades BTC/USDC:USDC', 'v4_trades ETH/USDC:USDC']);
  const first = calls[0]!.call();
  await sim.waitForSubscriptions('dydx');
  expect(sim.subscriptions('dydx')).toEqual(['v4_trades:BTC-USD']);
  const trade = (id: string, side: string, size: string, price: string, type: string, at: string) => ({
    id,
    side,
    size,
    price,
    type,
    createdAt: at,
    createdAtHeight: '45487245',
  });
  sim.sendRaw(
    'dydx',
    JSON.stringify({
      type: 'channel_data',
      connection_id: 'sim',
      message_id: 3,
      id: 'BTC-USD',
      channel: 'v4_trades',
      version: '2.1.0',
      contents: {
        trades: [
          trade('1', 'SELL', '0.25', '54000', 'LIQUIDATED', '2024-08-05T06:00:01.123Z'),
          trade('2', 'BUY', '1.5', '54010', 'LIMIT', '2024-08-05T06:00:01.200Z'),
          trade('3', 'SELL', '0.5', '53990', 'DELEVERAGED', '2024-08-05T06:00:01.300Z'),
          trade('4', 'BUY', '0.1', '54100', 'LIQUIDATED', '2024-08-05T06:00:02.000Z'),
        ],
      },
    }),
  );
  await first; // the subscription's answer
  await waitUntil(() => (client!.liquidations?.length ?? 0) >= 2, 'the two liquidations parsed');
  const events = (client.liquidations as Liquidation[]).flatMap((l) => {
    const r = normaliseLiquidation('dydx', l, marketFacts(client!, l.symbol ?? undefined));
    if (!r.ok) throw new Error(r.reason);
    return r.events;
  });
  expect(events.map((e) => [e.symbol, e.coin, e.side, e.amount, e.price, e.usd, e.at])).toEqual([
    ['BTC/USDC:USDC', 'BTC', 'long', 0.25, 54_000, 13_500, Date.UTC(2024, 7, 5, 6, 0, 1, 123)],
    ['BTC/USDC:USDC', 'BTC', 'short', 0.1, 54_100, 5_410, Date.UTC(2024, 7, 5, 6, 0, 2)],
  ]);
});

it('a trades frame without a liquidation resolves the watch too (the stream is alive) and adds nothing', async () => {
  sim = await startLiquidationSimulator({ coins: ['BTC'] });
  client = (await createLiquidationExchange('dydx', sim.url)) as unknown as DydxLiquidationClient;
  await client.loadMarkets();
  const [watch] = watchCalls('dydx', client, ['BTC']);
  await watch!.call(); // the subscription's answer
  const next = watch!.call();
  sim.sendRaw(
    'dydx',
    JSON.stringify({
      type: 'channel_data',
      id: 'BTC-USD',
      channel: 'v4_trades',
      contents: {
        trades: [{ id: '9', side: 'BUY', size: '1', price: '1', type: 'LIMIT', createdAt: '2024-08-05T06:00:00Z' }],
      },
    }),
  );
  await next;
  expect(client.liquidations ?? []).toHaveLength(0);
});
