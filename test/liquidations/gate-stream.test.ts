// Gate's liquidation channel through ccxt's Gate websocket client and the simulator: both frame shapes Gate has
// documented (one order with `time` in seconds and integer contracts; since August 2026 a batch of a contract's
// orders with `time` in ms and decimal sizes), the sign of `size` as the liquidated side, contracts x quanto.
import { afterEach, expect, it } from 'vitest';
import { createLiquidationExchange, marketFacts, watchCalls } from '../../src/gather/liquidations/exchanges.ts';
import type { GateLiquidationClient } from '../../src/gather/liquidations/gate-stream.ts';
import { normaliseLiquidation } from '../../src/gather/liquidations/normalise.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import type { Liquidation } from 'ccxt';

let sim: LiquidationSimulator | undefined;
let client: GateLiquidationClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = undefined;
  sim = undefined;
});

it('parses both documented frame shapes into liquidations with side, size in coins, price and time', async () => {
  sim = await startLiquidationSimulator({ coins: ['BTC', 'ETH'] });
  client = (await createLiquidationExchange('gate', sim.url)) as unknown as GateLiquidationClient;
  await client.loadMarkets();
  const [watch] = watchCalls('gate', client, ['BTC']);
  const first = watch!.call();
  await sim.waitForSubscriptions('gate');
  expect(sim.subscriptions('gate')).toEqual(['futures.public_liquidates']);
  // before August 2026: one order, integer size, `time` in seconds beside the frame's `time_ms`
  sim.sendRaw(
    'gate',
    JSON.stringify({
      channel: 'futures.public_liquidates',
      event: 'update',
      time: 1_796_594_013,
      time_ms: 1_796_594_013_618,
      result: [{ price: '70000', size: -1240, time: 1_796_594_013, contract: 'BTC_USDT' }],
    }),
  );
  await first;
  const second = watch!.call();
  // now: a batch of one contract's orders, decimal sizes, `time` in ms
  sim.sendRaw(
    'gate',
    JSON.stringify({
      channel: 'futures.public_liquidates',
      event: 'update',
      time: 1_796_594_020,
      time_ms: 1_796_594_020_500,
      result: [
        { price: '2500.5', size: '30.5', time: 1_796_594_020_123, contract: 'ETH_USDT' },
        { price: '2499', size: '-10', time: 1_796_594_020_456, contract: 'ETH_USDT' },
      ],
    }),
  );
  await second;
  const cache = client.liquidations as Liquidation[];
  const events = cache.flatMap((l) => {
    const r = normaliseLiquidation('gate', l, marketFacts(client!, l.symbol ?? undefined));
    if (!r.ok) throw new Error(r.reason);
    return r.events;
  });
  expect(events.map((e) => [e.symbol, e.side, e.amount, e.price, e.at])).toEqual([
    ['BTC/USDT:USDT', 'long', 1240 * 0.0001, 70_000, 1_796_594_013_000],
    ['ETH/USDT:USDT', 'short', 30.5 * 0.01, 2500.5, 1_796_594_020_123],
    ['ETH/USDT:USDT', 'long', 10 * 0.01, 2499, 1_796_594_020_456],
  ]);
  expect(events[0]!.usd).toBeCloseTo(1240 * 0.0001 * 70_000, 6);
});
