// Platforms are one table: outside src/adapters/ no source file names Discord or Telegram in code (the few
// listed in PLATFORM_NAMES_ALLOWED say why), so a new platform is its own folder plus at most four files.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { filesNamingPlatforms, PLATFORM_NAMES_ALLOWED, readSources, withoutComments } from './import-rules.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('platforms as one table', () => {
  it('GIVEN src/ and commands/ THEN only the allowed files outside src/adapters/ name a platform in code', () => {
    const files = readSources(ROOT, ['src', 'commands']);
    expect(filesNamingPlatforms(files)).toEqual(Object.keys(PLATFORM_NAMES_ALLOWED).sort());
  });

  it('GIVEN a file that names Telegram in code, or only in comments THEN the check tells them apart', () => {
    const files = [
      { path: 'src/deliver/x.ts', text: "// Telegram's limit\n/* Discord */ const a = 1;" },
      { path: 'src/deliver/y.ts', text: "const url = 'https://x'; // ok\nif (p === 'telegram') f();" },
      { path: 'src/adapters/telegram/z.ts', text: "import { Telegraf } from 'telegraf';" },
      { path: 'src/cli/w.ts', text: 'const re = /\\/\\/ discord/; // a regex, not a comment' },
    ];
    expect(filesNamingPlatforms(files)).toEqual(['src/cli/w.ts', 'src/deliver/y.ts']);
    expect(withoutComments("a // b\n'c // d' /* e */ f")).toBe("a \n'c // d'  f");
  });

  it('GIVEN the table THEN each platform module is complete: a name, a token setting it declares, and that token as a secret', () => {
    expect(PLATFORMS.map((p) => p.name)).toEqual(['discord', 'telegram']);
    for (const platform of PLATFORMS) {
      expect(Object.keys(platform.settings), platform.name).toContain(platform.tokenSetting);
      expect(platform.secrets, platform.name).toContain(platform.tokenSetting);
    }
  });
});
