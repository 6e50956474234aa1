// Turns a failure into a short reason fit for a chat: the kind of thing that went wrong ("unreachable", "timed
// out", "shared cache unreachable"), never an internal host, port, URL or a library's own error text. The details
// stay in the logs. Used for every reason a snapshot part carries, which /why, /status and /liqs may show.

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);

/** What an error says about itself (message, name, code), read safely. */
function parts(error: unknown): { message: string; name: string; code: string } {
  if (!(error instanceof Error)) return { message: String(error), name: '', code: '' };
  const code = (error as { code?: unknown }).code;
  return { message: error.message, name: error.name, code: typeof code === 'string' ? code : '' };
}

/** True for an error of the connection to Redis (ioredis's own errors and the guard's). */
function isRedisError(name: string, message: string): boolean {
  return (
    name === 'RedisUnavailableError' ||
    name === 'MaxRetriesPerRequestError' ||
    /maxRetriesPerRequest|Connection is closed|Command timed out|Stream isn't writeable|\bRedis\b/i.test(message)
  );
}

/**
 * A short reason for `error` that may reach a chat. Known failures are named by kind; anything else keeps the
 * first line of its message with addresses, URLs and ports taken out.
 */
export function publicReason(error: unknown): string {
  const { message, name, code } = parts(error);
  const cause = error instanceof Error && error.cause !== undefined ? parts(error.cause) : undefined;
  if (isRedisError(name, message)) return 'shared cache unreachable';
  if (NETWORK_CODES.has(code) || (cause && NETWORK_CODES.has(cause.code))) return 'unreachable';
  if (/\b(?:connect|read|write|getaddrinfo) E[A-Z_]+/.test(message)) return 'unreachable';
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(message)) return 'connection lost';
  if (/timed? ?out/i.test(message)) return 'timed out';
  // a PostgreSQL server error: SQLSTATE code and a severity
  if (/^[0-9A-Z]{5}$/.test(code) && typeof (error as { severity?: unknown }).severity === 'string')
    return 'database error';
  return scrubInternals(message.split('\n')[0] ?? '').slice(0, 160) || 'unexpected error';
}

/** `text` with URLs, IP addresses and host:port pairs replaced by "(address)". */
export function scrubInternals(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '(address)')
    .replace(/\[[0-9a-f:]+\](?::\d+)?/gi, '(address)')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '(address)')
    .replace(/\b(?:[a-z0-9-]+\.)*[a-z0-9-]+:\d{2,5}\b/gi, '(address)')
    .trim();
}
