// A request rate shared by every process through Redis, taken right before each request leaves (so what goes out
// never exceeds the rate, however the work before it bunches). It is GCRA (the generic cell rate algorithm, a
// token bucket kept as one time): Redis holds the theoretical time of the next request on its own clock; each
// take reserves the next slot atomically (a Lua script) and is told how long to wait for it. Slots are
// `1000 / perSecond` ms apart, and up to `burst` may go at once after a quiet spell. A global 429 seen by one
// process holds the slots of all (hold()), as the platform asks of the whole bot.
// (Libraries looked at: rate-limiter-flexible's Redis limiters count fixed windows, which let two windows' worth
// through around a window edge; bottleneck's Redis clustering needs a pub/sub connection, heartbeats and
// several keys per limiter. This is one key and one script.)
import type { Redis } from 'ioredis';

/**
 * Reserve the next slot. KEYS[1]: the theoretical time of the next slot (µs on Redis's clock). ARGV[1]: µs between
 * slots; ARGV[2]: how far ahead of its slot a request may go (the burst tolerance, µs); ARGV[3]: the key's life
 * once idle, ms. Returns {µs to wait, the slot's time in µs}.
 */
const RESERVE = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local slot = tat - tonumber(ARGV[2])
if slot < now then slot = now end
local nextTat = tat + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + tonumber(ARGV[3]))
return {string.format('%.0f', slot - now), string.format('%.0f', slot)}`;

/**
 * Hold every slot back until ARGV[1] µs from now on Redis's clock (a later hold already there is kept). KEYS[1] as
 * above; ARGV[2]: the burst tolerance, µs (the first slot after the hold is at its end, not `burst` earlier).
 */
const HOLD = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
local held = now + tonumber(ARGV[1]) + tonumber(ARGV[2])
if held > tat then
  redis.call('SET', KEYS[1], string.format('%.0f', held), 'PX', math.ceil((held - now) / 1000) + 1000)
end
return 1`;

/** The commands' names on the connection (defined once per connection). */
const RESERVE_COMMAND = 'whybotSharedRateReserve';
const HOLD_COMMAND = 'whybotSharedRateHold';

type ReserveCommand = (
  key: string,
  intervalUs: string,
  toleranceUs: string,
  idleMs: string,
) => Promise<[string, string]>;
type HoldCommand = (key: string, forUs: string, toleranceUs: string) => Promise<number>;

/** Settings of a shared rate. */
export interface SharedRateOptions {
  /** The Redis key every process sharing this rate names (e.g. `whybot:rate:discord`). */
  key: string;
  /** Requests per second, across every process. */
  perSecond: number;
  /** Requests that may go at once after a quiet spell (default: a tenth of a second's worth, at least 1). */
  burst?: number;
}

/** One reserved slot: how long to wait for it, and when it is on Redis's clock (epoch µs). */
export interface RateSlot {
  waitMs: number;
  atUs: number;
}

/** A rate shared through Redis: `take()` before each request. */
export class SharedRate {
  private readonly intervalUs: number;
  private readonly toleranceUs: number;
  private readonly reserveCommand: ReserveCommand;
  private readonly holdCommand: HoldCommand;

  /**
   * @param redis The connection (the script is defined on it).
   * @param options Key, rate and burst.
   */
  constructor(
    redis: Redis,
    private readonly options: SharedRateOptions,
  ) {
    if (!(options.perSecond > 0)) throw new Error(`a shared rate needs a positive rate, not ${options.perSecond}`);
    const burst = Math.max(1, Math.floor(options.burst ?? options.perSecond / 10));
    this.intervalUs = Math.round(1_000_000 / options.perSecond);
    this.toleranceUs = (burst - 1) * this.intervalUs;
    const commands = redis as unknown as Record<string, unknown>;
    if (commands[RESERVE_COMMAND] === undefined)
      redis.defineCommand(RESERVE_COMMAND, { numberOfKeys: 1, lua: RESERVE });
    if (commands[HOLD_COMMAND] === undefined) redis.defineCommand(HOLD_COMMAND, { numberOfKeys: 1, lua: HOLD });
    this.reserveCommand = (commands[RESERVE_COMMAND] as ReserveCommand).bind(redis);
    this.holdCommand = (commands[HOLD_COMMAND] as HoldCommand).bind(redis);
  }

  /** Reserve the next slot (the caller must send at or after it: waitMs from now). */
  async reserve(): Promise<RateSlot> {
    const [waitUs, atUs] = await this.reserveCommand(
      this.options.key,
      this.intervalUs.toString(),
      this.toleranceUs.toString(),
      '1000',
    );
    return { waitMs: Number(waitUs) / 1000, atUs: Number(atUs) };
  }

  /**
   * Give no slot for the next `ms` in any process (the platform answered a global 429 with this retry_after):
   * slots already given stand, later ones start after the hold.
   */
  async hold(ms: number): Promise<void> {
    if (!(ms > 0)) return;
    await this.holdCommand(this.options.key, Math.ceil(ms * 1000).toString(), this.toleranceUs.toString());
  }

  /** Wait for the next slot: resolve when this process may send one request. */
  async take(): Promise<void> {
    const { waitMs } = await this.reserve();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
  }
}
