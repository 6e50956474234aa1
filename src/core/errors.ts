// Errors that carry a message fit to show a user as is. Anything else is logged and answered with a short apology.

/** An error whose message is written for the person who typed the command. */
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
  /** The message's key in commands.yaml, when it has one in every language (the English text stays `message`). */
  key?: string;
  /** The values of the keyed message. */
  args?: Record<string, string | number>;

  /** Key the message for translation (returns this, for `throw new X(...).keyed(...)`). */
  keyed(key: string, args: Record<string, string | number> = {}): this {
    this.key = key;
    this.args = args;
    return this;
  }
}

/** The user asked about a coin whybot does not track. */
export class UnknownCoinError extends UserFacingError {
  override readonly name = 'UnknownCoinError';
  constructor(
    readonly coin: string,
    readonly tracked: string[],
  ) {
    super(`I don't track ${coin}; try one of ${tracked.join(', ')}.`);
    this.keyed('error.unknown_coin', { coin, tracked: tracked.join(', ') });
  }
}

/** The market data needed to answer is not available right now. */
export class DataUnavailableError extends UserFacingError {
  override readonly name = 'DataUnavailableError';
  constructor(readonly missing: string[]) {
    super(
      `Sorry, I can't reach the market data right now (missing: ${missing.join(', ')}). Please try again in a minute.`,
    );
    this.keyed('error.data_unavailable', { missing: missing.join(', ') });
  }
}

/** The exchange asked us to wait (a 429 or 418 with Retry-After): no market data until the pause ends. */
export class RateLimitedError extends UserFacingError {
  override readonly name = 'RateLimitedError';
  /**
   * @param exchangeName Display name ("Binance USD-M").
   * @param retryAt Epoch ms (wall clock) when data can be asked for again.
   * @param now The wall clock now, epoch ms.
   */
  constructor(
    readonly exchangeName: string,
    readonly retryAt: number,
    now: number = Date.now(),
  ) {
    const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
    const at = new Date(retryAt).toISOString().slice(11, 19);
    super(
      `${exchangeName} asked us to wait ${seconds} s (rate limit), so market data is back at ${at} UTC. Please try again then.`,
    );
    this.keyed('error.rate_limited', { exchange: exchangeName, seconds, at });
  }
}
