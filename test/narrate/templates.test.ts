// Template loading (the only file read) and the engine's safety: in-memory only, no clock, no blanks.
import { mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { DEFAULT_TEMPLATES_DIR, loadTemplates, TemplateLoadError } from '../../src/app/templates.ts';
import { createEngine } from '../../src/narrate/engine.ts';
import { MissingTemplateError, TEMPLATE_NAMES, writeArticle } from '../../src/narrate/index.ts';
import { referenceSnapshot } from '../helpers/reference-snapshot.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function copyWithout(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'whybot-templates-'));
  dirs.push(dir);
  for (const f of readdirSync(DEFAULT_TEMPLATES_DIR))
    if (f !== `${name}.liquid`) copyFileSync(join(DEFAULT_TEMPLATES_DIR, f), join(dir, f));
  return dir;
}

describe('loadTemplates', () => {
  it('GIVEN the repository templates THEN every required template is loaded by name', () => {
    const t = loadTemplates();
    for (const n of TEMPLATE_NAMES) expect(typeof t[n]).toBe('string');
  });
  it('GIVEN a directory missing watch.liquid THEN the error names that file', () => {
    expect(() => loadTemplates(copyWithout('watch'))).toThrow(TemplateLoadError);
    expect(() => loadTemplates(copyWithout('watch'))).toThrow(/watch\.liquid/);
  });
  it('GIVEN a directory that does not exist THEN a clear error', () => {
    expect(() => loadTemplates('/nonexistent/whybot-templates')).toThrow(/Cannot read the templates directory/);
  });
  it('GIVEN an operator edit in a copied directory THEN the article uses it', () => {
    const dir = copyWithout('nothing');
    writeFileSync(join(dir, 'footer.liquid'), 'Operator footer.\n---\nNot financial advice.');
    const doc = writeArticle(analyseMarket(referenceSnapshot()), loadTemplates(dir), { form: 'short' });
    expect(doc.footer).toEqual(['Operator footer.', 'Not financial advice.']);
  });
});

describe('the template engine', () => {
  it('GIVEN a template that includes a file from disk THEN it fails (templates are in memory only)', () => {
    const e = createEngine({ a: '{% include "package.json" %}' });
    expect(() => e.renderFileSync('a', {})).toThrow();
  });
  it('GIVEN the date filter (which can read the clock) THEN it is refused', () => {
    expect(() => createEngine({ a: '{{ "now" | date: "%Y" }}' }).renderFileSync('a', {})).toThrow(
      /date filter is disabled/,
    );
  });
  it('GIVEN a template printing a missing value or a raw number THEN it fails instead of printing a blank or an unformatted number', () => {
    expect(() => createEngine({ a: 'Price {{ p }}' }).renderFileSync('a', { p: null })).toThrow(/missing/);
    expect(() => createEngine({ a: 'Price {{ p }}' }).renderFileSync('a', { p: 76831.123 })).toThrow(/raw number/);
    expect(() => createEngine({ a: 'Price {{ q }}' }).renderFileSync('a', {})).toThrow(/undefined variable/);
  });
  it('GIVEN a template set without one template THEN writeArticle names it', () => {
    const t = { ...loadTemplates() };
    delete t.trigger;
    expect(() => writeArticle(analyseMarket(referenceSnapshot()), t, { form: 'full' })).toThrow(MissingTemplateError);
  });
});
