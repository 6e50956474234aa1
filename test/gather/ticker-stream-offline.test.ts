// A price stream whose exchange cannot be reached says so once, and stopping it while it waits says nothing false.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createPriceExchange } from '../../src/gather/prices/price-exchange.ts';
import { TickerStream } from '../../src/gather/prices/ticker-stream.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';

/** A port with nothing listening on it (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('TickerStream with the exchange unreachable', () => {
  it('GIVEN markets cannot load THEN one offline line; stopping while it waits logs no error', async () => {
    const port = await closedPort();
    const exchange = await createPriceExchange({
      id: 'binanceusdm',
      restUrl: `http://127.0.0.1:${port}`,
      wsUrl: `ws://127.0.0.1:${port}`,
    });
    const { logger, lines } = memoryLogger();
    const clock = new ManualClock(Date.UTC(2024, 7, 5, 7));
    const stream = new TickerStream({
      exchange,
      exchangeName: 'Binance USD-M',
      coins: ['BTC'],
      quote: 'USDT',
      onTicks: () => undefined,
      clock,
      logger,
      pollIntervalMs: 30_000,
    });
    stream.start();
    await waitUntil(() => lines.some((l) => l.notice === true), 'the offline line');
    await stream.stop();
    expect(lines.filter((l) => l.notice === true).map((l) => l.msg)).toEqual([
      expect.stringMatching(/^offline: cannot reach Binance USD-M markets \(.+\); retrying every 30 s$/),
    ]);
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('none of the tracked coins');
  });
});
