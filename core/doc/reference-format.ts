// Reference list entries in APA 7, MLA 9, Harvard (Cite Them Right) and IEEE, as runs of text
// that each renderer escapes and marks up its own way. References carry no work type, so every
// entry is formatted as an article in `venue` (a journal, proceedings or publisher).
import { safeLinkHref } from './safe-url';
import type { CitationStyle, ReferenceJson } from './schema';

/** A run of a formatted reference: plain, italic, or a link. */
export interface RefPart {
  text: string;
  italic?: boolean;
  href?: string;
}

/** An author name split into family name and given names. */
export interface PersonName {
  family: string;
  given: string[];
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'dos', 'la', 'le', 'ten', 'ter', 'bin', 'al']);

/** Splits "John A. Smith", "Smith, John A." or "Ludwig van Beethoven" into family and given names. */
export function parseName(raw: string): PersonName {
  const name = raw.trim().replace(/\s+/g, ' ');
  const comma = name.indexOf(',');
  if (comma >= 0) return { family: name.slice(0, comma).trim(), given: splitGiven(name.slice(comma + 1)) };
  const parts = name.split(' ');
  if (parts.length === 1) return { family: name, given: [] };
  let start = parts.length - 1;
  while (start > 1 && PARTICLES.has((parts[start - 1] as string).toLowerCase())) start--;
  return { family: parts.slice(start).join(' '), given: parts.slice(0, start).flatMap(splitGiven) };
}

function splitGiven(given: string): string[] {
  // "J.A." is two names.
  return given.split(/\s+|(?<=\.)(?=\p{L})/u).filter((g) => g.length > 0);
}

function initial(given: string): string {
  return given
    .split('-')
    .filter((p) => p.length > 0)
    .map((p) => `${[...p][0]?.toUpperCase() ?? ''}.`)
    .join('-');
}

/** The family name of a reference's first author, or null when it has none. */
export function firstFamilyName(ref: ReferenceJson): string | null {
  const first = ref.authors[0];
  return first ? parseName(first).family : null;
}

/** The link an entry ends with: the DOI as https://doi.org/… when there is one, else a safe URL. */
export function referenceLink(ref: ReferenceJson): { text: string; href: string; doi: string | null } | null {
  if (ref.doi) {
    const doi = ref.doi.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, '');
    const text = `https://doi.org/${doi}`;
    const href = safeLinkHref(text);
    if (href && doi) return { text, href, doi };
  }
  const href = safeLinkHref(ref.url);
  return href ? { text: (ref.url as string).trim(), href, doi: null } : null;
}

/** A reference list entry in `style`, as text runs (without the [n] label IEEE lists carry). */
export function formatReference(ref: ReferenceJson, style: CitationStyle): RefPart[] {
  const parts = format(ref, style).filter((p) => p.text.length > 0);
  const last = parts[parts.length - 1];
  if (last && !last.href) last.text = last.text.trimEnd();
  return parts;
}

/** A reference list entry in `style` as plain text. */
export function formatReferenceText(ref: ReferenceJson, style: CitationStyle): string {
  return formatReference(ref, style)
    .map((p) => p.text)
    .join('');
}

function format(ref: ReferenceJson, style: CitationStyle): RefPart[] {
  switch (style) {
    case 'apa':
      return apa(ref);
    case 'mla':
      return mla(ref);
    case 'harvard':
      return harvard(ref);
    case 'ieee':
      return ieee(ref);
  }
}

/** `s` ending in a full stop (or the ? or ! it already ends with). */
function sentence(s: string, stop = '.'): string {
  return /[.?!]$/.test(s) ? s : `${s}${stop}`;
}

function title(ref: ReferenceJson): string {
  return ref.title.trim() || 'Untitled';
}

function joinNames(names: string[], and: string, serialComma: boolean): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]}${serialComma ? ',' : ''} ${and} ${names[1]}`;
  return `${names.slice(0, -1).join(', ')}${serialComma ? ',' : ''} ${and} ${names[names.length - 1]}`;
}

// APA 7: Smith, J. A., & Jones, B. (2020). Title. *Venue*. https://doi.org/…
function apa(ref: ReferenceJson): RefPart[] {
  const names = ref.authors.map((a) => {
    const { family, given } = parseName(a);
    return given.length > 0 ? `${family}, ${given.map(initial).join(' ')}` : family;
  });
  let authors = '';
  if (names.length === 1) authors = names[0] as string;
  else if (names.length === 2) authors = `${names[0]}, & ${names[1]}`;
  else if (names.length > 2 && names.length <= 20) authors = `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
  else if (names.length > 20) authors = `${names.slice(0, 19).join(', ')}, . . . ${names[names.length - 1]}`;
  const date = `(${ref.year ?? 'n.d.'}).`;
  const parts: RefPart[] = authors
    ? [{ text: `${sentence(authors)} ${date} ${sentence(title(ref))} ` }]
    : [{ text: `${sentence(title(ref))} ${date} ` }];
  if (ref.venue) parts.push({ text: ref.venue, italic: true }, { text: /[.?!]$/.test(ref.venue) ? ' ' : '. ' });
  const link = referenceLink(ref);
  if (link) parts.push({ text: link.text, href: link.href });
  return parts;
}

// MLA 9: Smith, John A., and Bob Jones. "Title." *Venue*, 2020, https://doi.org/….
function mla(ref: ReferenceJson): RefPart[] {
  const names = ref.authors.map(parseName);
  const inverted = (n: PersonName) => (n.given.length > 0 ? `${n.family}, ${n.given.join(' ')}` : n.family);
  const direct = (n: PersonName) => [...n.given, n.family].join(' ');
  let authors = '';
  if (names.length === 1) authors = inverted(names[0] as PersonName);
  else if (names.length === 2) authors = `${inverted(names[0] as PersonName)}, and ${direct(names[1] as PersonName)}`;
  else if (names.length > 2) authors = `${inverted(names[0] as PersonName)}, et al.`;
  const parts: RefPart[] = [{ text: `${authors ? `${sentence(authors)} ` : ''}"${sentence(title(ref))}" ` }];
  const tail: RefPart[][] = [];
  if (ref.venue) tail.push([{ text: ref.venue, italic: true }]);
  if (ref.year !== null) tail.push([{ text: String(ref.year) }]);
  const link = referenceLink(ref);
  if (link) tail.push([{ text: link.text, href: link.href }]);
  tail.forEach((element, i) => {
    parts.push(...element);
    parts.push({ text: i < tail.length - 1 ? ', ' : '.' });
  });
  return parts;
}

// Harvard (Cite Them Right): Smith, J.A. and Jones, B. (2020) 'Title', *Venue*. Available at: https://doi.org/….
function harvard(ref: ReferenceJson): RefPart[] {
  const names = ref.authors.map((a) => {
    const { family, given } = parseName(a);
    return given.length > 0 ? `${family}, ${given.map(initial).join('')}` : family;
  });
  const authors = names.length > 3 ? `${names[0]} et al.` : joinNames(names, 'and', false);
  const date = `(${ref.year ?? 'no date'})`;
  const t = title(ref);
  const venueEnd = (v: string) => ({ text: /[.?!]$/.test(v) ? '' : '.' });
  const parts: RefPart[] = [];
  if (authors && ref.venue) parts.push({ text: `${authors} ${date} '${t}', ` }, { text: ref.venue, italic: true }, venueEnd(ref.venue));
  else if (authors) parts.push({ text: `${authors} ${date} ` }, { text: t, italic: true }, venueEnd(t));
  // Without authors the title leads.
  else if (ref.venue) parts.push({ text: `'${t}' ${date} ` }, { text: ref.venue, italic: true }, venueEnd(ref.venue));
  else parts.push({ text: t, italic: true }, { text: ` ${date}.` });
  const link = referenceLink(ref);
  if (link) parts.push({ text: ' Available at: ' }, { text: link.text, href: link.href }, { text: '.' });
  return parts;
}

// IEEE: J. A. Smith and B. Jones, "Title," *Venue*, 2020, doi: 10…. (the [n] label comes from the list).
function ieee(ref: ReferenceJson): RefPart[] {
  const names = ref.authors.map((a) => {
    const { family, given } = parseName(a);
    return [...given.map(initial), family].join(' ');
  });
  const authors = names.length > 6 ? `${names[0]} et al.` : joinNames(names, 'and', names.length > 2);
  const link = referenceLink(ref);
  const tail: RefPart[][] = [];
  if (ref.venue) tail.push([{ text: ref.venue, italic: true }]);
  if (ref.year !== null) tail.push([{ text: String(ref.year) }]);
  if (link?.doi) tail.push([{ text: 'doi: ' }, { text: link.doi, href: link.href }]);
  const t = title(ref);
  const quoted = tail.length > 0 ? (/[?!]$/.test(t) ? `"${t}" ` : `"${t.replace(/\.$/, '')}," `) : `"${sentence(t)}"`;
  const parts: RefPart[] = [{ text: `${authors ? `${authors}, ` : ''}${quoted}` }];
  tail.forEach((element, i) => {
    parts.push(...element);
    parts.push({ text: i < tail.length - 1 ? ', ' : '.' });
  });
  if (link && !link.doi) parts.push({ text: ' [Online]. Available: ' }, { text: link.text, href: link.href });
  return parts;
}
