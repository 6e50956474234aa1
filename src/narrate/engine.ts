// The template engine: liquidjs over in-memory templates only (no file system, no clock), strict about
// undefined names so a typo in an edited template fails loudly instead of printing blanks. Two filters bring the
// language's rules in: `t` prints a message of the language's messages.yaml, `plural` picks a word form by count.
import { Liquid } from 'liquidjs';
import { MESSAGES_KEY, type MessageArgs, wordsFrom } from './words.ts';

const engines = new WeakMap<Record<string, string>, Liquid>();

/** Every `{{ output }}` passes here: printing a missing (null) value is a template bug, never a blank. */
function refuseMissing(value: unknown): string {
  if (value === null || value === undefined)
    throw new Error('a template printed a value that is missing; guard it with {% if %}');
  if (typeof value === 'number') throw new Error('a template printed a raw number; print the prepared text instead');
  return String(value);
}

/** A Liquid engine that can only see `templates` (includes and renders resolve inside the map). */
export function createEngine(templates: Record<string, string>): Liquid {
  const engine = new Liquid({
    templates: { ...templates },
    strictVariables: true,
    lenientIf: true,
    ownPropertyOnly: true,
    cache: true,
    outputEscape: refuseMissing,
  });
  const words = typeof templates[MESSAGES_KEY] === 'string' ? wordsFrom(templates[MESSAGES_KEY]) : null;
  // {{ 'duration.minutes' | t: n: leg.minutes }}: keyword arguments become the message's values; a printed count
  // ("1,234") passed as `n` is read back to its number for the plural rules and kept as text in `count`.
  engine.registerFilter('t', (key: unknown, ...args: unknown[]) => {
    if (!words) throw new Error("the t filter needs the language folder's messages.yaml");
    const values: MessageArgs = {};
    for (const a of args) {
      if (!Array.isArray(a) || a.length !== 2) throw new Error('the t filter takes keyword arguments: t: name: value');
      const [name, value] = a as [string, unknown];
      if (value === null || value === undefined) throw new Error(`the t filter got no value for ${name}`);
      values[name] = typeof value === 'number' ? value : String(value);
    }
    if (typeof values.n === 'string') {
      values.count = values.n;
      values.n = countOf(values.n);
    }
    return words.t(String(key), values);
  });
  // {{ leg.minutes | plural: one: 'минуту', few: 'минуты', many: 'минут', other: 'минуты' }}: the form for the count.
  engine.registerFilter('plural', (count: unknown, ...forms: unknown[]) => {
    if (!words) throw new Error("the plural filter needs the language folder's messages.yaml");
    const byCategory = Object.fromEntries(forms.filter(Array.isArray).map((f) => [String(f[0]), String(f[1])]));
    const n = typeof count === 'number' ? count : countOf(String(count));
    const form = byCategory[words.pluralCategory(n)] ?? byCategory.other;
    if (form === undefined) throw new Error('the plural filter needs at least an `other` form');
    return form;
  });
  // The date filter can read the clock ("now"); articles take their dates from the data instead.
  engine.registerFilter('date', () => {
    throw new Error('the date filter is disabled in whybot templates; use the prepared date texts');
  });
  return engine;
}

/** A printed whole count read back to its number ("1,234", "1 234", "1.234" -> 1234). */
function countOf(text: string): number {
  const digits = text.replace(/[^\d]/g, '');
  if (digits === '') throw new Error(`"${text}" is not a count`);
  return Number(digits);
}

/** The engine for a templates object, created once per object. */
export function engineFor(templates: Record<string, string>): Liquid {
  let e = engines.get(templates);
  if (!e) {
    e = createEngine(templates);
    engines.set(templates, e);
  }
  return e;
}

/** Parse every template now (kept by the engine), so the first article does not pay for it. */
export function warmEngine(templates: Record<string, string>): void {
  const engine = engineFor(templates);
  for (const name of Object.keys(templates)) if (name !== MESSAGES_KEY) engine.parseFileSync(name);
}
