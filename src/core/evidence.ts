// The shared shape of evidence of a cause: a timestamped item (a headline, a scheduled event, another market's
// move, an ETF flow, a leverage change) with what it is, when, where it came from and a link. Analysis lines
// evidence up against the move and the narrative states order in time, never cause.

/** What kind of evidence an item is; the cause line ranks by kind and by timing. */
export type EvidenceKind = 'headline' | 'event' | 'markets' | 'flows' | 'leverage' | 'level';

/** One timestamped piece of evidence, language-free: renderers word it. */
export interface Evidence {
  kind: EvidenceKind;
  /** What happened, as its source names it: a headline's title, "FOMC decision", "Nasdaq 100 futures". */
  what: string;
  /** Epoch ms it happened (published, scheduled, or the end of the measured move). */
  at: number;
  /** Who says so, for people: "Reuters", "federalreserve.gov FOMC calendar", "Yahoo Finance chart". */
  source: string;
  /** An http(s) link to the item or its schedule, when there is one (never anything else). */
  link?: string | undefined;
  /** A stable key for de-duplication and tests, e.g. "fomc-decision:2024-07-31". */
  id: string;
}

/** An evidence item placed against the move: minutes from the move's start (negative: before it began). */
export interface AlignedEvidence extends Evidence {
  /** item.at - move start, in whole minutes (negative when the item came first). */
  minutesFromStart: number;
}

/** True for an http: or https: URL (the only links evidence may carry). */
export function isHttpLink(link: string | undefined): link is string {
  if (!link) return false;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
