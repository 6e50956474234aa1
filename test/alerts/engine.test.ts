// The pure alert core: rule syntax, escalation bands, the episode state machine, the per-chat gate, and the
// backtest over the real August 2024 klines (alerts in the 4-5 August crash, few elsewhere).
import { describe, expect, it } from 'vitest';
import { backtestAlerts } from '../../src/alerts/backtest.ts';
import type { ChannelRuleMemory, Episode } from '../../src/core/alert-state.ts';
import { gate } from '../../src/alerts/channel-gate.ts';
import { stepRule } from '../../src/alerts/engine.ts';
import type { PriceTick } from '../../src/core/price-tick.ts';
import { PriceHistory } from '../../src/alerts/price-history.ts';
import { replayTicks } from '../../src/simulator/replay-ticks.ts';
import { BASKET, DEFAULT_ALERT_RULES, ruleKey } from '../../src/core/alert-rule.ts';
import { AlertRuleError, bandLadder, bandOf, parseDrop, parseRule, parseRuleList } from '../../src/alerts/rules.ts';
import { readSeriesFile } from '../../src/simulator/kline-files.ts';
import { AUGUST_2024_CSV } from '../fakes/replay-services.ts';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const BTC_1H = { target: 'BTC', dropPct: 3, windowMs: 60 * MIN };

describe('rules', () => {
  it('reads rules as people and configuration write them', () => {
    expect(parseRule('BTC:-3%:1h')).toEqual(BTC_1H);
    expect(parseRule('basket -5 24H')).toEqual({ target: BASKET, dropPct: 5, windowMs: 24 * 60 * MIN });
    expect(parseDrop('−2,5 %')).toBe(2.5);
    expect(ruleKey(parseRule('eth:4.50:4h'))).toBe('ETH:-4.5%:4h');
    expect(parseRuleList('BTC:-3%:1h, btc:-3:1h ,basket:-5%:24h').map(ruleKey)).toEqual([
      'BTC:-3%:1h',
      'BASKET:-5%:24h',
    ]);
    for (const bad of ['BTC:-3%', 'BTC:-0.1%:1h', 'BTC:-3%:2d', '<b>:-3:1h', 'BTC:-300:1h'])
      expect(() => parseRule(bad)).toThrow(AlertRuleError);
    // a rise is not read as a drop of the same size
    expect(() => parseRule('BTC:+3%:1h')).toThrow(/watch drops only: a threshold with a plus sign is a rise/);
  });

  it('escalates in Fibonacci bands from the threshold', () => {
    expect(bandLadder(3)).toEqual([3, 5, 8, 13, 21, 34, 55, 89]);
    expect(bandLadder(5)).toEqual([5, 8, 13, 21, 34, 55, 89]);
    expect(bandLadder(4)).toEqual([4, 8, 13, 21, 34, 55, 89]);
    expect([-2.99, -3, -4.99, -5, -8.1, 1].map((m) => bandOf(bandLadder(3), m))).toEqual([0, 1, 1, 2, 3, 0]);
  });
});

/** Step one rule over `prices` (one per minute from T0) and return each minute's change. */
function run(prices: number[], rule = BTC_1H) {
  const history = new PriceHistory({ keepMs: 26 * 60 * MIN, resolutionMs: 1000 });
  let episode: Episode | undefined;
  return prices.map((price, i) => {
    const at = T0 + i * MIN;
    history.record({ coin: 'BTC', price, at, source: 'test' });
    const step = stepRule(rule, episode, history, at, ['BTC']);
    episode = step.episode;
    return { change: step.change, band: episode?.band ?? 0 };
  });
}

const flatHour = (price: number) => Array.from({ length: 61 }, () => price);

describe('the episode state machine', () => {
  it('leaves a shared episode alone when stepped on prices older than its last step (a new leader backfilling)', () => {
    const history = new PriceHistory({ keepMs: 26 * 60 * MIN, resolutionMs: 1000 });
    for (let i = 0; i <= 60; i++) history.record({ coin: 'BTC', price: 100, at: T0 + i * MIN, source: 'test' });
    const opened = stepRule(BTC_1H, undefined, history, T0 + 61 * MIN, ['BTC']);
    expect(opened.change).toBe('none'); // flat: nothing yet
    history.record({ coin: 'BTC', price: 96.8, at: T0 + 61 * MIN + 30_000, source: 'test' });
    const started = stepRule(BTC_1H, undefined, history, T0 + 61 * MIN + 30_000, ['BTC']);
    expect(started.change).toBe('started');
    // another process whose newest BTC price is the minute's close before the drop (100) must not end it, even
    // when it evaluates on a later tick of another coin
    const fresh = new PriceHistory({ keepMs: 26 * 60 * MIN, resolutionMs: 1000 });
    for (let i = 0; i <= 61; i++) fresh.record({ coin: 'BTC', price: 100, at: T0 + i * MIN, source: 'test' });
    for (const at of [T0 + 61 * MIN, T0 + 61 * MIN + 40_000])
      expect(stepRule(BTC_1H, started.episode, fresh, at, ['BTC'])).toEqual({
        episode: started.episode,
        change: 'none',
      });
    // the same prices after the episode's last step do end it
    fresh.record({ coin: 'BTC', price: 100, at: T0 + 62 * MIN, source: 'test' });
    expect(stepRule(BTC_1H, started.episode, fresh, T0 + 62 * MIN, ['BTC'])).toMatchObject({
      change: 'ended',
      endReason: 'recovered',
    });
  });

  it('starts once when the window move crosses the threshold, then deepens band by band from the anchor', () => {
    const steps = run([...flatHour(100), 96.9, 96.8, 97, 94.9, 95, 91.9, 91.5]);
    expect(steps.slice(61).map((s) => s.change)).toEqual([
      'started',
      'none',
      'none',
      'deepened',
      'none',
      'deepened',
      'none',
    ]);
    expect(steps.slice(61).map((s) => s.band)).toEqual([1, 1, 1, 2, 2, 3, 3]);
  });

  it('needs a full window of prices before it can say anything', () => {
    expect(run([100, 90, 80]).map((s) => s.change)).toEqual(['none', 'none', 'none']);
  });

  it('ends when the price recovers to within half the threshold of the anchor, and can start again', () => {
    const steps = run([...flatHour(100), 96.9, 98.6, 96.9]);
    expect(steps.slice(61).map((s) => s.change)).toEqual(['started', 'ended', 'started']);
  });

  it('ends after a calm window even without recovering, so a later fall counts as a new drop', () => {
    const calm = Array.from({ length: 61 }, () => 96.5);
    const steps = run([...flatHour(100), 96.9, ...calm, 93.5]);
    const changes = steps.slice(61).map((s) => s.change);
    expect(changes.filter((c) => c === 'ended')).toHaveLength(1);
    expect(changes[changes.length - 1]).toBe('started');
  });

  it('flapping around the threshold keeps one episode at one band', () => {
    const flaps = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 97.1 : 96.9));
    const steps = run([...flatHour(100), ...flaps]);
    expect(steps.filter((s) => s.change === 'started')).toHaveLength(1);
    expect(steps.filter((s) => s.change === 'deepened' || s.change === 'ended')).toHaveLength(0);
  });
});

describe('the chat gate', () => {
  const episode = (id: string, band: number): Episode => ({
    id,
    startedAt: 0,
    anchor: {},
    band,
    deepestPct: -3,
    lastDeepenAt: 0,
  });
  const policy = { cooldownMs: 120 * MIN, escalationGapMs: 10 * MIN };

  it('posts a new drop once per band, waits out the escalation gap, and holds a new drop back within the cooldown', () => {
    let memory: ChannelRuleMemory = { band: 0 };
    const step = (ep: Episode | undefined, at: number) => {
      const d = gate(memory, ep, at * MIN, policy);
      memory = d.memory;
      return d.reason;
    };
    expect(step(episode('a', 1), 0)).toBe('new');
    expect(step(episode('a', 1), 1)).toBe('seen');
    expect(step(episode('a', 2), 5)).toBe('wait');
    expect(step(episode('a', 2), 10)).toBe('deeper');
    expect(step(undefined, 20)).toBe('no-episode');
    expect(step(episode('b', 1), 60)).toBe('cooldown');
    expect(step(episode('b', 1), 61)).toBe('seen');
    expect(step(episode('b', 2), 70)).toBe('deeper');
    expect(step(episode('c', 1), 70 + 120)).toBe('new');
  });
});

describe('backtest over the real August 2024 klines', () => {
  const ticks: PriceTick[] = replayTicks([readSeriesFile(AUGUST_2024_CSV)]);
  const alerts = backtestAlerts(ticks, { rules: DEFAULT_ALERT_RULES, basketCoins: ['BTC'] });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  it('posts during the 4-5 August crash, escalating as it deepens', () => {
    const crash = alerts.filter((a) => ['2024-08-04', '2024-08-05'].includes(day(a.at)));
    expect(crash.length).toBeGreaterThanOrEqual(3);
    expect(crash.some((a) => a.kind === 'deeper')).toBe(true);
    expect(Math.min(...crash.map((a) => a.reading.movePct))).toBeLessThan(-10);
    // every move printed comes from two real closes of the file
    const closes = new Set(ticks.map((t) => `${t.at}:${t.price}`));
    for (const a of alerts)
      for (const side of [a.reading.from.BTC!, a.reading.to.BTC!])
        expect(closes.has(`${side.at}:${side.price}`)).toBe(true);
  });

  it('posts rarely elsewhere in the month', () => {
    const elsewhere = alerts.filter((a) => !['2024-08-04', '2024-08-05'].includes(day(a.at)));
    expect(elsewhere.length).toBeLessThanOrEqual(4);
    expect(alerts.length).toBeLessThan(12);
  });

  it('never posts the same band of the same drop twice', () => {
    const keys = alerts.map((a) => `${a.episode.id}#${a.band}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
