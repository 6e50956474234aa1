// writeArticle: Facts + templates -> the neutral ArticleDocument. Pure: templates arrive as strings,
// the engine cannot read files or the clock, and every printed number is a registered Figure.
import type { Facts } from '../analyse/facts.ts';
import { sectionOrder } from './article-plan.ts';
import { buildContext, TEMPLATE_NAMES, type TemplateContext } from './context.ts';
import type { ArticleDocument, Section } from '../core/document.ts';
import { engineFor } from './engine.ts';
import { FigureBook } from './figure-book.ts';
import { keyFigures } from './key-figures.ts';
import { blocks, oneLine, parseSection } from './paragraphs.ts';
import { renderText } from './render-text.ts';
import { newsLinks } from './sections/news.ts';
import { MESSAGES_KEY, type Words, wordsFrom } from './words.ts';

/** Which article to write. */
export interface WriteOptions {
  /** `short` fits one Discord embed and one Telegram message; `full` is the whole arc. */
  form: 'short' | 'full';
}

/** A template is missing from the set passed in. */
export class MissingTemplateError extends Error {
  override readonly name = 'MissingTemplateError';
  constructor(readonly template: string) {
    super(
      `Template "${template}" is missing (expected ${template.includes('.') ? template : `${template}.liquid`} in the language folder).`,
    );
  }
}

/** The language of a templates map: its messages.yaml (throws MissingTemplateError without one). */
export function wordsFor(templates: Record<string, string>): Words {
  const source = templates[MESSAGES_KEY];
  if (typeof source !== 'string') throw new MissingTemplateError('messages.yaml');
  return wordsFrom(source);
}

/** The short form's budget in plain-text characters; sections are dropped, least important first, to fit. */
export const SHORT_FORM_MAX_CHARS = 3000;
const SHORT_DROP_ORDER = ['record', 'spread', 'bottom-line', 'leverage', 'liquidations', 'trigger'];

/** Write the article for these facts with these templates (name -> Liquid source). */
export function writeArticle(facts: Facts, templates: Record<string, string>, options: WriteOptions): ArticleDocument {
  for (const name of TEMPLATE_NAMES) if (typeof templates[name] !== 'string') throw new MissingTemplateError(name);
  const engine = engineFor(templates);
  const words = wordsFor(templates);
  const book = new FigureBook(words);
  const ctx: TemplateContext = buildContext(facts, options.form, book);
  const render = (name: string) => engine.renderFileSync(name, ctx) as string;

  const title = oneLine(render('headline'));
  const replayNote = facts.replayAt ? oneLine(render('replay-note')) || undefined : undefined;
  let sections: Section[] = [];
  // rendered in the day's order, so a figure is stated where it first appears and not repeated after
  for (const id of sectionOrder(facts)) {
    const { heading, paragraphs } = parseSection(render(id));
    if (paragraphs.length === 0) continue;
    const links =
      id === 'reported' || (id === 'lede' && facts.cause.kind === 'headline')
        ? newsLinks(facts.news, id, options.form)
        : [];
    sections.push({
      id,
      ...(options.form === 'full' && heading ? { heading } : {}),
      paragraphs,
      ...(links.length > 0 ? { links } : {}),
    });
  }
  const footer = blocks(render('footer'));
  const doc: ArticleDocument = {
    title,
    direction: facts.direction,
    ...(replayNote ? { replayNote } : {}),
    sections,
    keyFigures: keyFigures(facts, options.form, book),
    footer,
    figures: [],
    ...(words.code === 'en' ? {} : { language: words.code, locale: words.locale }),
  };
  if (options.form === 'short') {
    for (const id of SHORT_DROP_ORDER) {
      if (renderText(doc).length <= SHORT_FORM_MAX_CHARS) break;
      sections = sections.filter((s) => s.id !== id);
      doc.sections = sections;
    }
  }
  const stated = [
    doc.title,
    doc.replayNote ?? '',
    ...doc.sections.flatMap((s) => [s.heading ?? '', ...s.paragraphs]),
    ...doc.keyFigures.map((k) => `${k.label} ${k.text}`),
    ...doc.footer,
  ].join('\n');
  doc.figures = book.statedIn(stated);
  return doc;
}
