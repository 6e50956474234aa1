// US spot ETF flows from the operator's file: parsed with its named sources, only days whose session closed
// before the moment, the latest day stated with its date and source, ranked only among enough days, and off by
// default. The flow figures below are GENERATED TEST DATA, not real ETF flows.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { flowsFacts } from '../../src/analyse/flows.ts';
import { startRuntime } from '../../src/app/runtime.ts';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { flowsAt, flowsSource, parseFlowsCsv } from '../../src/gather/flows.ts';
import { renderText } from '../../src/narrate/render-text.ts';

const dir = mkdtempSync(join(tmpdir(), 'whybot-flows-'));
const HEADER = '# GENERATED TEST DATA, not real ETF flows\ndate,product,net_usd,source\n';
/** 30 generated days of BTC flows ending 17 December 2024; the last is the second-largest outflow. */
function generatedFile(): string {
  const rows: string[] = [];
  for (let i = 0; i < 30; i++) {
    const day = new Date(Date.parse('2024-11-18T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10);
    const usd = i === 10 ? -900e6 : i === 29 ? -680e6 : (i % 3) * 100e6 - 50e6;
    rows.push(`${day},us-spot-btc-etf,${usd},Test provider, generated`);
  }
  const file = join(dir, 'flows.csv');
  writeFileSync(file, HEADER + rows.join('\n'));
  return file;
}

describe('the flows file', () => {
  it('parses rows with their sources (commas allowed) and names a bad line', () => {
    const days = parseFlowsCsv('f.csv', `${HEADER}2024-12-17,us-spot-btc-etf,-680000000,Provider A, desk B\n`);
    expect(days).toEqual([
      {
        day: Date.parse('2024-12-17T00:00:00Z'),
        product: 'us-spot-btc-etf',
        netUsd: -680e6,
        source: 'Provider A, desk B',
      },
    ]);
    expect(() => parseFlowsCsv('f.csv', `${HEADER}2024-12-17,btc,1,x\n`)).toThrow('f.csv line 2: product');
    expect(() => parseFlowsCsv('f.csv', `${HEADER}2024-12-17,us-spot-btc-etf,1,\n`)).toThrow(
      'source must name where the figure came from',
    );
  });

  it('serves only days whose US session had closed by the moment', () => {
    const days = parseFlowsCsv('f.csv', `${HEADER}2024-12-17,us-spot-btc-etf,-1,x\n2024-12-18,us-spot-btc-etf,2,x\n`);
    const part = flowsAt('f.csv', days, Date.parse('2024-12-18T21:00:00Z'));
    if (!part.ok) throw new Error(part.reason);
    expect(part.value.days.map((d) => d.netUsd)).toEqual([-1]);
    expect(flowsAt('f.csv', days, Date.parse('2024-12-17T12:00:00Z')).ok).toBe(false);
  });

  it('states the latest day with its rank among at least 20 days, and drops a stale one', () => {
    const days = parseFlowsCsv('f.csv', readFileSync(generatedFile(), 'utf8'));
    const now = Date.parse('2024-12-18T12:00:00Z');
    const f = flowsFacts(flowsAt('flows.csv', days, now), now, [])!;
    expect(f.latest).toHaveLength(1);
    expect(f.latest[0]).toMatchObject({ product: 'us-spot-btc-etf', rank: 2 });
    expect(f.latest[0]!.net).toMatchObject({
      value: -680e6,
      unit: 'usd',
      source: 'Test provider, generated (ETF flows file flows.csv)',
    });
    expect(f.evidence.map((e) => e.id)).toEqual(['flows:us-spot-btc-etf:2024-12-17']);
    const gaps: string[] = [];
    expect(flowsFacts(flowsAt('flows.csv', days, now + 10 * 86_400_000), now + 10 * 86_400_000, gaps)).toBeUndefined();
    expect(gaps[0]).toMatch(/more than four days old/);
  });

  it('is off unless WHYBOT_FLOWS_FILE is set', () => {
    expect(flowsSource({ config: loadConfig({}, PLATFORMS) })).toBeUndefined();
  });

  it('reaches the article in a replay: the amount, the day and the named source', async () => {
    const file = generatedFile();
    const config = loadConfig(
      {
        WHYBOT_COINS: 'BTC',
        WHYBOT_SENTIMENT: 'off',
        WHYBOT_DB_PATH: ':memory:',
        WHYBOT_FLOWS_FILE: file,
      },
      PLATFORMS,
    );
    const klines = (m: string) =>
      fileURLToPath(new URL(`../../examples/binance/futures/um/BTCUSDT-1h-2024-${m}.csv`, import.meta.url));
    const runtime = await startRuntime({
      config,
      logger: pino({ level: 'silent' }),
      replayFiles: [klines('11'), klines('12')],
      at: '2024-12-18T23:30:00Z',
    });
    try {
      const { document } = await runtime.services.explain({ form: 'full' });
      expect(renderText(document)).toContain(
        '$680M left US spot bitcoin ETFs on 17 December 2024 (Test provider, generated), the second-largest outflow in the 30 days of flows on file.',
      );
    } finally {
      await runtime.close();
    }
  });
});
