// Errors that carry a message fit to show a user as is. Anything else is logged and answered with a short apology.

/** An error whose message is written for the person who typed the command. */
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
}

/** The user asked about a coin whybot does not track. */
export class UnknownCoinError extends UserFacingError {
  override readonly name = 'UnknownCoinError';
  constructor(
    readonly coin: string,
    readonly tracked: string[],
  ) {
    super(`I don't track ${coin}; try one of ${tracked.join(', ')}.`);
  }
}

/** The market data needed to answer is not available right now. */
export class DataUnavailableError extends UserFacingError {
  override readonly name = 'DataUnavailableError';
  constructor(readonly missing: string[]) {
    super(`Sorry, I can't reach the market data right now (missing: ${missing.join(', ')}). Please try again in a minute.`);
  }
}
