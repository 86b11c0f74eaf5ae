// Crossref works search (GET /works?query=...): the wire format mapped to ScholarlySource.
import { getJson } from './http';
import { bareDoi } from './openalex';
import { ScholarlyError, type ScholarlyConfig, type ScholarlySource } from './types';

/** Crossref's own ceiling on `rows`. */
export const CROSSREF_MAX_ROWS = 1000;

/** An item of message.items as Crossref sends it (the fields we read; any may be missing). */
export interface CrossrefItem {
  DOI?: string | null;
  title?: string[] | null;
  author?: Array<{ given?: string | null; family?: string | null; name?: string | null } | null> | null;
  issued?: { 'date-parts'?: Array<Array<number | null> | null> | null } | null;
  'container-title'?: string[] | null;
  URL?: string | null;
  abstract?: string | null;
}

/** Works matching `query`, at most `rows`, mapped; items without a DOI or title are dropped. */
export async function searchCrossref(config: ScholarlyConfig, query: string, rows: number): Promise<ScholarlySource[]> {
  // Appended, not resolved: a base URL may carry a path (a proxy, or the test fake).
  const url = new URL(`${config.crossrefBaseUrl.replace(/\/+$/, '')}/works`);
  url.searchParams.set('query', query);
  url.searchParams.set('rows', String(Math.max(1, Math.min(CROSSREF_MAX_ROWS, Math.trunc(rows)))));
  if (config.mailto) url.searchParams.set('mailto', config.mailto);
  const body = await getJson(url.toString(), { provider: 'crossref', mailto: config.mailto, timeoutMs: config.timeoutMs, maxRetryWaitMs: config.maxRetryWaitMs });
  const items = (body as { message?: { items?: unknown } } | null)?.message?.items;
  if (!Array.isArray(items)) throw new ScholarlyError('crossref', 'the answer has no message.items list');
  return items.flatMap((item) => {
    const source = mapCrossrefItem(item as CrossrefItem);
    return source ? [source] : [];
  });
}

/** One Crossref item as a ScholarlySource; null when it has no DOI or title. */
export function mapCrossrefItem(item: CrossrefItem): ScholarlySource | null {
  if (!item || typeof item !== 'object') return null;
  const doi = bareDoi(item.DOI);
  const title = first(item.title);
  if (!doi || !title) return null;
  const year = item.issued?.['date-parts']?.[0]?.[0];
  return {
    title,
    authors: (item.author ?? []).flatMap((a) => {
      if (!a) return [];
      const person = [a.given, a.family].map(clean).filter(Boolean).join(' ');
      const name = person || clean(a.name);
      return name ? [name] : [];
    }),
    year: typeof year === 'number' && Number.isInteger(year) ? year : null,
    venue: first(item['container-title']),
    doi,
    url: clean(item.URL) ?? `https://doi.org/${doi}`,
    abstract: stripJats(item.abstract),
    source: 'crossref',
    externalId: doi.toLowerCase(),
  };
}

/** Plain text from a JATS XML abstract: tags dropped, a leading "Abstract" heading removed, entities decoded. */
export function stripJats(xml: string | null | undefined): string | null {
  if (typeof xml !== 'string') return null;
  const text = decodeEntities(
    xml
      .replace(/<jats:title>\s*abstract\s*<\/jats:title>/gi, ' ')
      .replace(/<title>\s*abstract\s*<\/title>/gi, ' ')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 0 ? text : null;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[name.toLowerCase()] ?? whole;
  });
}

function first(values: string[] | null | undefined): string | null {
  if (!Array.isArray(values)) return null;
  for (const v of values) {
    const text = clean(v);
    if (text) return text;
  }
  return null;
}

function clean(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length > 0 ? text : null;
}
