// What the exports need to know of an image from its bytes alone: its type and pixel size, and the
// size to show it at.

/** The raster types DOCX and PDF embed. */
export type ImageType = 'png' | 'jpg' | 'gif';

/** The type and pixel size of a PNG, JPEG or GIF from its header; null for anything else (WebP has no place in DOCX or PDF here). */
export function imageInfo(b: Uint8Array): { type: ImageType; width: number; height: number } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return sized('png', view.getUint32(16), view.getUint32(20));
  }
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
    return sized('gif', view.getUint16(6, true), view.getUint16(8, true));
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the segments to the first start-of-frame marker (SOF0..SOF15 except DHT, JPG, DAC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1] as number;
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        i += 2;
        continue;
      }
      const length = view.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return sized('jpg', view.getUint16(i + 7), view.getUint16(i + 5));
      }
      i += 2 + length;
    }
  }
  return null;
}

function sized(type: ImageType, width: number, height: number) {
  return width > 0 && height > 0 && width <= 20_000 && height <= 20_000 ? { type, width, height } : null;
}

/** The size to show an image at: its width attribute (px or % of `maxWidth`) or its own, never wider than `maxWidth`, aspect kept. */
export function displaySize(image: { width: number; height: number }, widthAttr: unknown, maxWidth: number): { width: number; height: number } {
  let width = image.width;
  const m = /^(\d{1,5})(\.\d+)?(px|%)?$/.exec(String(widthAttr ?? ''));
  if (m) width = m[3] === '%' ? (maxWidth * Number(m[1])) / 100 : Number(m[1]);
  width = Math.max(1, Math.min(width, maxWidth));
  return { width, height: (width * image.height) / image.width };
}
