// The font files bundled with the chart (Inter, SIL Open Font License, see fonts/OFL.txt), loaded
// explicitly by the PNG renderer so text looks the same on every machine and in the Docker image.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute paths of the bundled font files (regular and semibold). */
export const CHART_FONT_FILES: readonly string[] = ['Inter_400Regular.ttf', 'Inter_600SemiBold.ttf'].map((f) =>
  fileURLToPath(new URL(`./fonts/${f}`, import.meta.url)),
);

/**
 * Fonts for Chinese, Japanese and Korean text on charts, looked for where Debian's fonts-wqy-microhei and
 * fonts-noto-cjk put them (the Docker image installs the first). Inter draws Latin, Cyrillic and Vietnamese only.
 */
const CJK_FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
];

let cjk: { file: string | undefined } | undefined;

/** The first CJK font file installed on this machine, if any (looked for once per process). */
export function cjkFontFile(): string | undefined {
  cjk ??= { file: CJK_FONT_CANDIDATES.find((f) => existsSync(f)) };
  return cjk.file;
}

/** Whether the chart's fonts can draw text in `locale` (CJK needs an installed CJK font). */
export function chartFontsCover(locale: string): boolean {
  return !/^(zh|ja|ko)\b/i.test(locale) || cjkFontFile() !== undefined;
}

/** The font files, or an error naming the first one missing (a build that left out src/chart/fonts). */
export function chartFontFiles(): string[] {
  const missing = CHART_FONT_FILES.find((f) => !existsSync(f));
  if (missing) throw new Error(`Chart font file ${missing} is missing; copy src/chart/fonts with the source.`);
  const cjk = cjkFontFile();
  return cjk === undefined ? [...CHART_FONT_FILES] : [...CHART_FONT_FILES, cjk];
}
