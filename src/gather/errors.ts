// Errors of the market-data layer that code far from it (start-up error reporting) recognises: kept apart from
// the ccxt code so recognising them loads no exchange library.

/** Thrown for an exchange id ccxt does not know. */
export class UnknownExchangeError extends Error {
  override readonly name = 'UnknownExchangeError';
}
