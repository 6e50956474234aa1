// The template engine: liquidjs over in-memory templates only (no file system, no clock), strict about
// undefined names so a typo in an edited template fails loudly instead of printing blanks.
import { Liquid } from 'liquidjs';

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
  // The date filter can read the clock ("now"); articles take their dates from the data instead.
  engine.registerFilter('date', () => {
    throw new Error('the date filter is disabled in whybot templates; use the prepared date texts');
  });
  return engine;
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
  for (const name of Object.keys(templates)) engine.parseFileSync(name);
}
