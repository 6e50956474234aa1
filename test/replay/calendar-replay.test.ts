// The calendar in replays, through the runtime a `whybot why --replay` starts: real Binance USD-M klines of
// 18 December 2024 (the Fed's 19:00 UTC decision, then a sharp fall) name the decision with its time and in
// temporal words only; a moment with no scheduled event before the move names none.
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startRuntime } from '../../src/app/runtime.ts';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { renderText } from '../../src/narrate/render-text.ts';

const file = (month: string) =>
  fileURLToPath(new URL(`../../examples/binance/futures/um/BTCUSDT-1h-2024-${month}.csv`, import.meta.url));

async function article(at: string, months: string[], env: Record<string, string> = {}) {
  const config = loadConfig(
    { WHYBOT_COINS: 'BTC', WHYBOT_SENTIMENT: 'off', WHYBOT_DB_PATH: ':memory:', ...env },
    PLATFORMS,
  );
  const runtime = await startRuntime({
    config,
    logger: pino({ level: 'silent' }),
    replayFiles: months.map(file),
    at,
  });
  try {
    const { document, facts } = await runtime.services.explain({ form: 'full' });
    if (!facts) throw new Error('no facts');
    return { text: renderText(document), facts };
  } finally {
    await runtime.close();
  }
}

describe('the economic calendar in a replay', () => {
  it("names the Fed's decision two hours after it, in the order of time", async () => {
    const { text, facts } = await article('2024-12-18T21:00:00Z', ['11', '12']);
    expect(facts.calendar?.beforeMove).toMatchObject({ kind: 'fomc-decision', stretch: 'fastest', sameHour: true });
    expect(text).toContain(
      "The fastest stretch of the drop began in the same hour as the Fed's rate decision (19:00 UTC).",
    );
    const sentence = text.split('\n').find((l) => l.includes("Fed's rate decision"))!;
    expect(sentence).not.toMatch(/because|due to|trigger|caused|after the Fed (cut|hiked)/i);
    expect(facts.calendar?.evidence.map((e) => e.id)).toContain('fomc-decision:2024-12-18');
  });

  it('an hour after the decision, names it inside the fastest stretch, as the cause line', async () => {
    const { text, facts } = await article('2024-12-18T20:00:00Z', ['11', '12']);
    expect(facts.calendar?.beforeMove).toMatchObject({ kind: 'fomc-decision', stretch: 'during' });
    expect(facts.cause.kind).toBe('event');
    expect(text).toContain(
      "The fastest stretch of the drop, from 18:00 UTC, took in the Fed's rate decision at 19:00 UTC.",
    );
  });

  it('names no event when none came in the hours before the move', async () => {
    const { text, facts } = await article('2024-12-10T12:00:00Z', ['11', '12']);
    expect(facts.calendar).toBeDefined();
    expect(facts.calendar?.beforeMove).toBeUndefined();
    expect(text).not.toMatch(/began (in the same hour as|\d+ minutes after|at .* after) the/);
  });

  it('leaves the calendar out with WHYBOT_CALENDAR=off', async () => {
    const { text, facts } = await article('2024-12-18T21:00:00Z', ['11', '12'], { WHYBOT_CALENDAR: 'off' });
    expect(facts.calendar).toBeUndefined();
    expect(text).not.toContain("Fed's rate decision");
  });
});
