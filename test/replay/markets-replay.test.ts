// Markets beyond crypto in a replay through the runtime `whybot why --replay ... --markets FILE` starts: the
// article states their moves over the crypto move's hours and the verdict, and names closed markets closed.
// The crypto klines are real Binance USD-M data; the markets file is GENERATED TEST DATA written by this test.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startRuntime } from '../../src/app/runtime.ts';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { renderText } from '../../src/narrate/render-text.ts';
import { generatedCandles } from '../fakes/yahoo-chart-server.ts';

const klines = (month: string) =>
  fileURLToPath(new URL(`../../examples/binance/futures/um/BTCUSDT-1h-2024-${month}.csv`, import.meta.url));
const AT = '2024-12-18T23:30:00Z';

function marketsFile(rows: Array<[string, ReturnType<typeof generatedCandles>]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'whybot-markets-replay-'));
  const file = join(dir, 'markets.csv');
  const lines = rows.flatMap(([id, candles]) =>
    candles.map((c) => `${id},${new Date(c.t).toISOString()},${c.o},${c.h},${c.l},${c.c}`),
  );
  writeFileSync(
    file,
    `# GENERATED TEST DATA, not market prices\nmarket,time,open,high,low,close\n${lines.join('\n')}\n`,
  );
  return file;
}

async function article(markets: string) {
  const config = loadConfig({ WHYBOT_COINS: 'BTC', WHYBOT_SENTIMENT: 'off', WHYBOT_DB_PATH: ':memory:' }, PLATFORMS);
  const runtime = await startRuntime({
    config,
    logger: pino({ level: 'silent' }),
    replayFiles: [klines('11'), klines('12')],
    at: AT,
    sourceFiles: { markets: [markets] },
  });
  try {
    const { document, facts } = await runtime.services.explain({ form: 'full' });
    return { text: renderText(document), facts: facts! };
  } finally {
    await runtime.close();
  }
}

describe('markets beyond crypto in a replay', () => {
  it('states the stock futures and gold over the same hours and calls a risk-off day', async () => {
    const from = Date.parse('2024-12-17T00:00:00Z');
    const file = marketsFile([
      ['nasdaq100-futures', generatedCandles(from, 47, 22_000, -0.1)],
      ['gold-futures', generatedCandles(from, 47, 2_650, 0.05)],
    ]);
    const { text, facts } = await article(file);
    expect(facts.markets?.verdict).toBe('beyond-crypto');
    const nq = facts.markets!.markets.find((m) => m.id === 'nasdaq100-futures')!.change!;
    const pct = `${Math.abs(nq.value).toFixed(1)}%`;
    expect(text).toContain(`Over the same hours Nasdaq 100 futures fell ${pct} and gold futures rose`);
    expect(text).toContain(': a risk-off day, with the selling reaching beyond crypto.');
    expect(facts.sources).toContain('computed from markets file markets.csv');
  });

  it('names markets with no trade over those hours closed, never flat', async () => {
    // candles end on 17 December 00:00, before the move's hours (from 18 December 01:00)
    const file = marketsFile([['sp500-futures', generatedCandles(Date.parse('2024-12-16T00:00:00Z'), 24, 6_000, -1)]]);
    const { text, facts } = await article(file);
    expect(facts.markets?.verdict).toBe('closed');
    expect(text).toContain('S&P 500 futures were closed over those hours, so stock markets say nothing yet');
    expect(text).not.toMatch(/S&P 500 futures (barely moved|were flat|was flat)/);
  });
});
