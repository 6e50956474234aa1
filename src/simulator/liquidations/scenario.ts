// The liquidation scenario file: a list of steps (single liquidations, bursts, disconnects, malformed
// frames, waits, waiting for a resubscription) the simulator plays over its websockets. Validated with zod; times are offsets from
// the scenario's start so one file replays at any date.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SIMULATED_EXCHANGES } from './markets.ts';

const exchange = z.enum(SIMULATED_EXCHANGES);
const side = z.enum(['long', 'short']);

const liquidationStep = z.object({
  type: z.literal('liquidation'),
  /** ms after the scenario start (the event's exchange time). */
  t: z.number().int().nonnegative(),
  exchange,
  coin: z.string().min(1),
  side,
  amount: z.number().positive(),
  price: z.number().positive(),
});

const burstStep = z.object({
  type: z.literal('burst'),
  t: z.number().int().nonnegative(),
  exchange,
  coin: z.string().min(1),
  side,
  /** How many liquidations, pushed back to back. */
  count: z.number().int().positive(),
  amount: z.number().positive(),
  price: z.number().positive(),
  /** Exchange-time spacing between the events, ms. */
  spacingMs: z.number().int().nonnegative().default(10),
  /** Each event's price moves by this fraction from the previous one (a cascade walks the book). */
  priceStep: z.number().default(0),
});

const disconnectStep = z.object({ type: z.literal('disconnect'), exchange });
const malformedStep = z.object({ type: z.literal('malformed'), exchange, frame: z.string() });
const waitStep = z.object({ type: z.literal('wait'), ms: z.number().int().nonnegative() });
/** Wait until `exchange` has at least `topics` subscribed topics on open connections (e.g. after a reconnect). */
const subscribedStep = z.object({
  type: z.literal('subscribed'),
  exchange,
  topics: z.number().int().positive().default(1),
  timeoutMs: z.number().int().positive().default(10_000),
});

/** One scenario step. */
export const scenarioStepSchema = z.discriminatedUnion('type', [
  liquidationStep,
  burstStep,
  disconnectStep,
  malformedStep,
  waitStep,
  subscribedStep,
]);

/** A whole scenario file. */
export const scenarioSchema = z.object({
  /** Coins the simulated exchanges list. */
  coins: z.array(z.string().min(1)).min(1).default(['BTC', 'ETH', 'BNB', 'SOL', 'XRP']),
  /** Epoch ms the step offsets count from; omitted means "when play starts". */
  start: z.number().int().positive().optional(),
  steps: z.array(scenarioStepSchema),
});

/** A validated scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;

/** One validated step. */
export type ScenarioStep = z.infer<typeof scenarioStepSchema>;

/** Validate a parsed scenario object; throws a zod error listing every problem. */
export function parseScenario(input: unknown): Scenario {
  return scenarioSchema.parse(input);
}

/** Read and validate a scenario JSON file. */
export async function loadScenario(path: string): Promise<Scenario> {
  return parseScenario(JSON.parse(await readFile(path, 'utf8')));
}
