// The example scenario file played by the simulator into running collectors: bursts on all three
// exchanges, a malformed frame and a Bybit disconnect; what is stored equals what was delivered.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollectors, type Collectors } from '../../src/gather/liquidations/collectors.ts';
import { summariseLiquidations } from '../../src/gather/liquidations/summary.ts';
import { loadScenario, parseScenario } from '../../src/simulator/liquidations/scenario.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { waitUntil } from '../helpers/testkit.ts';
import { expectedSums, FAST } from './helpers.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
const repoOf = (store: ConstructorParameters<typeof SqliteLiquidationRepo>[0]) => new SqliteLiquidationRepo(store);

const CASCADE = fileURLToPath(new URL('../../src/simulator/liquidations/scenarios/cascade.json', import.meta.url));

describe('liquidation scenario files', () => {
  let sim: LiquidationSimulator | undefined;
  let collectors: Collectors | undefined;
  let store: LiquidationStore | undefined;
  afterEach(async () => {
    await collectors?.stop();
    store?.close();
    await sim?.close();
  });

  it('rejects a scenario with an unknown exchange or a burst without a count', async () => {
    expect(() => parseScenario({ steps: [{ type: 'disconnect', exchange: 'kraken' }] })).toThrow();
    expect(() =>
      parseScenario({
        steps: [{ type: 'burst', t: 0, exchange: 'okx', coin: 'BTC', side: 'long', amount: 1, price: 1 }],
      }),
    ).toThrow();
    expect(parseScenario({ steps: [] }).coins).toEqual(['BTC', 'ETH', 'BNB', 'SOL', 'XRP']);
  });

  it('takes scenarios and disconnects over its control routes', async () => {
    sim = await startLiquidationSimulator({ coins: ['BTC', 'ETH'] });
    store = LiquidationStore.open(':memory:');
    collectors = startCollectors({
      exchanges: ['okx'],
      coins: ['BTC', 'ETH'],
      store: repoOf(store),
      urls: sim.urls(),
      tuning: FAST,
    });
    await sim.waitForSubscriptions('okx');
    const scenario = {
      steps: [{ type: 'burst', t: 0, exchange: 'okx', coin: 'ETH', side: 'short', count: 7, amount: 1.5, price: 2100 }],
    };
    const played = await fetch(`${sim.url}/__sim/play`, { method: 'POST', body: JSON.stringify(scenario) });
    expect(await played.json()).toEqual({ delivered: 7 });
    await waitUntil(() => collectors!.status()[0]!.events === 7, 'seven events counted');
    const dropped = await fetch(`${sim.url}/__sim/disconnect?exchange=okx`, { method: 'POST' });
    expect(await dropped.json()).toEqual({ dropped: 1 });
    await waitUntil(() => sim!.connectionCount('okx') === 2, 'reconnected');
    expect((await fetch(`${sim.url}/__sim/play`, { method: 'POST', body: '{"steps":[{"type":"nope"}]}' })).status).toBe(
      400,
    );
    expect((await fetch(`${sim.url}/__sim/disconnect?exchange=kraken`, { method: 'POST' })).status).toBe(404);
  });

  it('plays the cascade scenario; the store holds exactly what reached the collectors', async () => {
    const scenario = await loadScenario(CASCADE);
    sim = await startLiquidationSimulator({ coins: scenario.coins });
    store = LiquidationStore.open(':memory:');
    collectors = startCollectors({
      exchanges: ['binanceusdm', 'bybit', 'okx'],
      coins: scenario.coins,
      store: repoOf(store),
      urls: sim.urls(),
      tuning: FAST,
    });
    await sim.waitForSubscriptions('binanceusdm');
    await sim.waitForSubscriptions('okx');
    await sim.waitForSubscriptions('bybit', scenario.coins.length);

    const start = Date.now() - 60_000;
    const { delivered } = await sim.play(scenario, start);
    const expectedCount = scenario.steps.reduce(
      (n, s) => n + (s.type === 'burst' ? s.count : s.type === 'liquidation' ? 1 : 0),
      0,
    );
    expect(delivered).toBe(expectedCount);
    await waitUntil(
      () => collectors!.status().reduce((n, s) => n + s.events, 0) === delivered,
      'every delivered event counted',
    );
    await collectors.flush();

    const exp = expectedSums(sim.delivered(), 0, Number.MAX_SAFE_INTEGER);
    const w = (await summariseLiquidations(repoOf(store), Date.now())).windows['1h']!;
    expect([Math.round(w.longsUsd * 100), Math.round(w.shortsUsd * 100), w.count]).toEqual([
      exp.longsCents,
      exp.shortsCents,
      exp.count,
    ]);
    const bybit = collectors.status().find((s) => s.exchange === 'bybit')!;
    expect(bybit.sessions).toBe(2);
    expect(store.gaps('bybit', start, Date.now(), Date.now())).toHaveLength(2); // before the first session, and the disconnect
    expect(collectors.status().find((s) => s.exchange === 'binanceusdm')!.skipped).toBe(1);
    expect(w.largest?.usd).toBe(Math.max(...sim.delivered().map((e) => Math.round(e.usd * 100))) / 100);
  });
});
