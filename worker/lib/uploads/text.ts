// Text as it is stored and handed to prompts: cleaned, capped and counted the way Postgres counts
// characters (code points), so a cap here and char_length()/left() there agree.

/**
 * Text as it is stored: line endings unified, control characters (NUL cannot even be stored in
 * Postgres) removed, trailing spaces and runs of blank lines squeezed.
 */
export function cleanText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * `text` cut to at most `max` characters. Characters are code points, as Postgres counts them
 * (char_length, left), so a cap here and a count there agree, and a pair is never split.
 */
export function capText(text: string, max: number): { text: string; truncated: boolean } {
  const limit = Math.max(0, Math.trunc(max));
  // UTF-16 length is never below the code point count.
  if (text.length <= limit) return { text, truncated: false };
  let points = 0;
  for (let i = 0; i < text.length; points++) {
    if (points === limit) return { text: text.slice(0, i), truncated: true };
    i += isPairStart(text, i) ? 2 : 1;
  }
  return { text, truncated: false };
}

/** Characters (code points) in `text`, as Postgres's char_length counts them. */
export function charCount(text: string): number {
  let points = 0;
  for (let i = 0; i < text.length; points++) i += isPairStart(text, i) ? 2 : 1;
  return points;
}

function isPairStart(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}
