// The neutral article document: what narrate produces and every renderer (text, Discord, Telegram) consumes.
// It knows nothing of any platform. Every number in it is a Figure with a source and a time.

/** Which way the market (or the coin) moved. */
export type Direction = 'down' | 'flat' | 'up';

/** One number that appears in an article, with where it came from. */
export interface Figure {
  /** Stable id, e.g. "BTC.price", "basket.change24h", "liq.24h.longs". */
  id: string;
  /** What it is, for people: "BTC price". */
  label: string;
  /** The raw value. */
  value: number;
  /** How it is printed in the article: "$76,831", "-4.4%", "$2.16B". */
  text: string;
  /** Source, e.g. "Binance USD-M fetchTickers" or "computed from Binance USD-M daily candles". */
  source: string;
  /** Epoch ms of the data the figure describes. */
  asOf: number;
  /**
   * Set when the figure is a moment printed with its date ("5 August 2024, 07:00 UTC", in any language): its
   * value is that moment, so a renderer may show it in the reader's zone instead of the printed UTC text.
   */
  moment?: true;
}

/** One section of the article (lede, trigger, liquidations, ...). */
export interface Section {
  /** Stable id: "lede", "trigger", "liquidations", "leverage", "spread", "watch", "bottom-line". */
  id: string;
  /** Optional heading, shown in the full form. */
  heading?: string;
  /** Plain-text paragraphs (no markup; renderers escape and style). */
  paragraphs: string[];
  /**
   * Links the section cites (the headlines it quotes): a plain-text label and an absolute http(s) address, checked
   * when the feed was read. Renderers show them as links, escaped for their platform.
   */
  links?: SectionLink[];
}

/** A link a section cites. */
export interface SectionLink {
  label: string;
  url: string;
}

/** A short label/value pair shown as a field (Discord) or a list line (Telegram, terminal). */
export interface KeyFigure {
  label: string;
  text: string;
}

/** The article, ready for any renderer. */
export interface ArticleDocument {
  title: string;
  direction: Direction;
  /** Shown first when the data is a replay, e.g. "Replay of 5 August 2024, 07:00 UTC". */
  replayNote?: string;
  sections: Section[];
  keyFigures: KeyFigure[];
  /** Footer lines: sources, data time, coverage, "Not financial advice." */
  footer: string[];
  /** Every figure the article states. */
  figures: Figure[];
  /** The language it is written in (a code of templates/languages.yaml); English when absent. */
  language?: string;
  /** The BCP 47 locale its numbers and dates are formatted with. */
  locale?: string;
}
