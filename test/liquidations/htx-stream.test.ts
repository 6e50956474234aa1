// HTX's liquidation topic through ccxt's HTX websocket client and the simulator: gzipped frames on the USDT swaps'
// notification socket, one `public.<CONTRACT>.liquidation_orders` topic per tracked coin, `direction` as the
// liquidation order's side (sell closes a long), contracts x contract size as coins.
import type { Liquidation } from 'ccxt';
import { afterEach, expect, it } from 'vitest';
import { createLiquidationExchange, marketFacts, watchCalls } from '../../src/gather/liquidations/exchanges.ts';
import type { HtxLiquidationClient } from '../../src/gather/liquidations/htx-stream.ts';
import { normaliseLiquidation } from '../../src/gather/liquidations/normalise.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { waitUntil } from '../helpers/testkit.ts';

let sim: LiquidationSimulator | undefined;
let client: HtxLiquidationClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = undefined;
  sim = undefined;
});

it('subscribes one topic per tracked coin and parses its gzipped frames into liquidations', async () => {
  sim = await startLiquidationSimulator({ coins: ['BTC', 'ETH'] });
  client = (await createLiquidationExchange('htx', sim.url)) as unknown as HtxLiquidationClient;
  await client.loadMarkets();
  const calls = watchCalls('htx', client, ['BTC', 'ETH', 'DOGE']);
  expect(calls.map((c) => c.label)).toEqual(['liquidation_orders BTC/USDT:USDT', 'liquidation_orders ETH/USDT:USDT']);
  // pending until a frame arrives; closing the client rejects them
  for (const c of calls) c.call().catch(() => undefined);
  await sim.waitForSubscriptions('htx', 2);
  expect(sim.subscriptions('htx')).toEqual([
    'public.BTC-USDT.liquidation_orders',
    'public.ETH-USDT.liquidation_orders',
  ]);
  sim.sendRaw(
    'htx',
    JSON.stringify({
      op: 'notify',
      topic: 'public.BTC-USDT.liquidation_orders',
      ts: 1_796_594_013_618,
      data: [
        {
          contract_code: 'BTC-USDT',
          symbol: 'BTC',
          direction: 'sell',
          offset: 'close',
          volume: 250,
          amount: 0.25,
          trade_turnover: 13_500,
          price: 54_000,
          created_at: 1_796_594_013_614,
        },
        {
          contract_code: 'BTC-USDT',
          symbol: 'BTC',
          direction: 'buy',
          offset: 'close',
          volume: 100,
          amount: 0.1,
          trade_turnover: 5_410,
          price: 54_100,
          created_at: 1_796_594_013_615,
        },
      ],
    }),
  );
  await waitUntil(() => (client!.liquidations?.length ?? 0) >= 2, 'the two liquidations parsed');
  const events = (client.liquidations as Liquidation[]).flatMap((l) => {
    const r = normaliseLiquidation('htx', l, marketFacts(client!, l.symbol ?? undefined));
    if (!r.ok) throw new Error(r.reason);
    return r.events;
  });
  expect(events.map((e) => [e.symbol, e.coin, e.side, e.amount, e.price, e.at])).toEqual([
    ['BTC/USDT:USDT', 'BTC', 'long', 0.25, 54_000, 1_796_594_013_614],
    ['BTC/USDT:USDT', 'BTC', 'short', 0.1, 54_100, 1_796_594_013_615],
  ]);
  expect(events[0]!.usd).toBeCloseTo(13_500, 6);
});
