// Rasterises an SVG to PNG with resvg (a native renderer shipped inside npm packages), using only the
// bundled fonts so the result does not depend on what fonts the machine has.
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { chartFontFiles } from './fonts.ts';
import { CHART_FONT_FAMILY } from './theme.ts';

function options(): ResvgRenderOptions {
  return {
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    textRendering: 1,
    shapeRendering: 2,
  };
}

/** A rendered image: PNG bytes plus its size and raw RGBA pixels (row-major, 4 bytes a pixel). */
export interface RasterImage {
  png: Uint8Array;
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Render `svg` to PNG on this thread. */
export function svgToPng(svg: string): RasterImage {
  const image = new Resvg(svg, options()).render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}

/** Render `svg` to PNG on a worker thread, leaving the event loop free (for the bot while it answers). */
export async function svgToPngAsync(svg: string): Promise<RasterImage> {
  const image = await renderAsync(svg, options());
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}
