// The only URLs exports may carry: http(s) and mailto links, http(s) and raster data: images.

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS = new Set(['http:', 'https:']);
// SVG is left out: an SVG opened on its own runs its scripts.
const DATA_IMAGE = /^data:image\/(png|jpeg|jpg|gif|webp|avif);base64,[a-z0-9+/]+={0,2}$/i;

/** The normalized href when it is an absolute http(s) or mailto URL, else null. */
export function safeLinkHref(href: unknown): string | null {
  return parseWith(href, LINK_PROTOCOLS);
}

/** The src when it is an absolute http(s) URL or a base64 raster data: image, else null. */
export function safeImageSrc(src: unknown): string | null {
  if (typeof src === 'string' && DATA_IMAGE.test(src.trim())) return src.trim();
  return parseWith(src, IMAGE_PROTOCOLS);
}

function parseWith(value: unknown, protocols: Set<string>): string | null {
  if (typeof value !== 'string' || value.trim().length === 0) return null;
  try {
    // The URL parser drops the tabs, newlines and leading control characters that browsers ignore
    // too ("java\tscript:"), so the protocol checked is the one a browser would use.
    const url = new URL(value.trim());
    return protocols.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
