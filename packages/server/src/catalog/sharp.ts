import type { Sharp, SharpOptions } from 'sharp';

let loaded: Promise<(input: Uint8Array, options?: SharpOptions) => Sharp> | null = null;

/**
 * sharp (libvips), loaded on first use so scanner threads that only meet JPEG/PNG/GIF/WebP
 * pictures never load it. Its SVG loader is blocked for the whole process: a picture is
 * data an attacker chose, and Runnel never wants a vector document parsed (librsvg follows
 * references), only raster images decoded.
 */
export function loadSharp() {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.block({ operation: ['VipsForeignLoadSvg'] });
    return (input: Uint8Array, options?: SharpOptions) => sharp(input, { limitInputPixels: 100_000_000, ...options });
  });
  return loaded;
}
