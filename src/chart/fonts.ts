// The font files bundled with the chart (Inter, SIL Open Font License, see fonts/OFL.txt), loaded
// explicitly by the PNG renderer so text looks the same on every machine and in the Docker image.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute paths of the bundled font files (regular and semibold). */
export const CHART_FONT_FILES: readonly string[] = ['Inter_400Regular.ttf', 'Inter_600SemiBold.ttf'].map((f) =>
  fileURLToPath(new URL(`./fonts/${f}`, import.meta.url)),
);

/** The font files, or an error naming the first one missing (a build that left out src/chart/fonts). */
export function chartFontFiles(): string[] {
  const missing = CHART_FONT_FILES.find((f) => !existsSync(f));
  if (missing) throw new Error(`Chart font file ${missing} is missing; copy src/chart/fonts with the source.`);
  return [...CHART_FONT_FILES];
}
