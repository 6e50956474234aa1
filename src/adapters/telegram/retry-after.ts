// How long a Telegram 429 answer asks to wait, read from telegraf's error (or the raw answer). Light on purpose:
// the platform module reads it without loading telegraf.

/** The seconds a Telegram 429 error asks to wait, or undefined when the error is not a 429. */
export function retryAfterSeconds(err: unknown): number | undefined {
  const e = err as {
    code?: unknown;
    parameters?: { retry_after?: unknown };
    response?: { error_code?: unknown; parameters?: { retry_after?: unknown } };
  };
  const code = e?.code ?? e?.response?.error_code;
  if (code !== 429) return undefined;
  const after = e.parameters?.retry_after ?? e.response?.parameters?.retry_after;
  return typeof after === 'number' && Number.isFinite(after) && after >= 0 ? after : 1;
}
