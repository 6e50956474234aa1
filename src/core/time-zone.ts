// Time zone names: whether a typed name is an IANA zone, and its canonical spelling. Used by the configuration
// (WHYBOT_TIME_ZONE) and by /digest, which words its own errors.

/** Whether `text` is shaped like a zone name (letters, digits, `_+-/`, at most 64 characters). */
export function looksLikeTimeZone(text: string): boolean {
  const typed = text.trim();
  return typed !== '' && typed.length <= 64 && /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(typed);
}

/** The canonical IANA name of a zone as typed (`europe/paris` -> `Europe/Paris`, `utc` -> `UTC`); undefined when unknown. */
export function canonicalTimeZone(text: string): string | undefined {
  const typed = text.trim();
  if (!looksLikeTimeZone(typed)) return undefined;
  const known = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === typed.toLowerCase());
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: known ?? typed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
