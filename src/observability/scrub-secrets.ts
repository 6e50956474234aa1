// Removes secrets from text about to be logged: the configured tokens in every form they take in a log line
// (as they are, JSON-escaped, URL-encoded) and anything shaped like a Telegram bot URL or a Discord token,
// so a token never reaches the logs, not even inside an error message, a stack or a request URL.

/** What replaces a secret. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed word for word (they would garble ordinary text); real tokens are far longer. */
export const MIN_SECRET_LENGTH = 8;

/** Telegram puts the token in the path: https://api.telegram.org/bot<digits>:<secret>/method. */
const TELEGRAM_URL_TOKEN = /\/bot\d+(?::|%3A)[A-Za-z0-9_-]+/gi;
/** Discord bot tokens: base64 user id, a dot, a timestamp, a dot, an HMAC. */
const DISCORD_TOKEN_SHAPE = /\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/g;

/** A function that scrubs the given secrets (and token-shaped text) from a string. */
export function secretScrubber(secrets: Iterable<string | undefined>): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  // Longest first, so a form that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out.replace(TELEGRAM_URL_TOKEN, `/bot${REDACTED}`).replace(DISCORD_TOKEN_SHAPE, REDACTED);
  };
}
