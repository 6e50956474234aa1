// Test helpers for chart images: read the PNG header, decode pixels, and classify colours.
import { decode } from 'fast-png';

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk (bytes 16..23, big-endian). */
export function ihdrSize(png: Uint8Array): { width: number; height: number; chunk: string } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { chunk: String.fromCharCode(...png.slice(12, 16)), width: view.getUint32(16), height: view.getUint32(20) };
}

/** A decoded RGBA image with a pixel reader. */
export interface Pixels {
  width: number;
  height: number;
  at(x: number, y: number): [number, number, number];
}

/** Decode a PNG to pixels. */
export function pixels(png: Uint8Array): Pixels {
  const img = decode(png);
  const ch = img.channels;
  return {
    width: img.width,
    height: img.height,
    at(x, y) {
      const i = (Math.round(y) * img.width + Math.round(x)) * ch;
      return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    },
  };
}

/** True when two pixels differ visibly. */
export function differs(a: [number, number, number], b: [number, number, number]): boolean {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) > 30;
}

/** Red like the long-liquidation bars and falling candles (#ef5350). */
export const isRed = ([r, g, b]: [number, number, number]) => r > 180 && g < 130 && b < 130;
/** Amber like the replay badge (#ffca28). */
export const isAmber = ([r, g, b]: [number, number, number]) => r > 220 && g > 170 && b < 110;
/** Near-white, like the title text. */
export const isLight = ([r, g, b]: [number, number, number]) => r > 200 && g > 200 && b > 200;
