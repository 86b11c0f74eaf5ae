// OpenAlex works search (GET /works?search=...): the wire format mapped to ScholarlySource.
import { getJson } from './http';
import { ScholarlyError, type ScholarlyConfig, type ScholarlySource } from './types';

/** The most results OpenAlex gives in one page. */
export const OPENALEX_MAX_PER_PAGE = 200;

/** A work as OpenAlex sends it (the fields we read; any may be missing or null). */
export interface OpenAlexWork {
  id?: string | null;
  doi?: string | null;
  display_name?: string | null;
  title?: string | null;
  publication_year?: number | null;
  authorships?: Array<{ author?: { display_name?: string | null } | null } | null> | null;
  primary_location?: { source?: { display_name?: string | null } | null; landing_page_url?: string | null } | null;
  open_access?: { oa_url?: string | null } | null;
  cited_by_count?: number | null;
  abstract_inverted_index?: Record<string, number[]> | null;
}

/** Works matching `query`, at most `perPage` (capped at 200), mapped; works without a title or id are dropped. */
export async function searchOpenAlex(config: ScholarlyConfig, query: string, perPage: number): Promise<ScholarlySource[]> {
  // Appended, not resolved: a base URL may carry a path (a proxy, or the test fake).
  const url = new URL(`${config.openAlexBaseUrl.replace(/\/+$/, '')}/works`);
  url.searchParams.set('search', query);
  url.searchParams.set('per_page', String(Math.max(1, Math.min(OPENALEX_MAX_PER_PAGE, Math.trunc(perPage)))));
  if (config.mailto) url.searchParams.set('mailto', config.mailto);
  const body = await getJson(url.toString(), { provider: 'openalex', mailto: config.mailto, timeoutMs: config.timeoutMs, maxRetryWaitMs: config.maxRetryWaitMs });
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw new ScholarlyError('openalex', 'the answer has no results list');
  return results.flatMap((work) => {
    const source = mapOpenAlexWork(work as OpenAlexWork);
    return source ? [source] : [];
  });
}

/** One OpenAlex work as a ScholarlySource; null when it has no id or title. */
export function mapOpenAlexWork(work: OpenAlexWork): ScholarlySource | null {
  if (!work || typeof work !== 'object') return null;
  const externalId = typeof work.id === 'string' ? work.id.replace(/^https?:\/\/openalex\.org\//i, '').trim() : '';
  const title = clean(work.display_name ?? work.title);
  if (!externalId || !title) return null;
  const doi = bareDoi(work.doi);
  return {
    title,
    authors: (work.authorships ?? []).map((a) => clean(a?.author?.display_name)).filter((n): n is string => n !== null),
    year: typeof work.publication_year === 'number' && Number.isInteger(work.publication_year) ? work.publication_year : null,
    venue: clean(work.primary_location?.source?.display_name),
    doi,
    url: clean(work.primary_location?.landing_page_url) ?? clean(work.open_access?.oa_url) ?? (doi ? `https://doi.org/${doi}` : null),
    abstract: rebuildAbstract(work.abstract_inverted_index),
    source: 'openalex',
    externalId,
  };
}

/** The abstract text from OpenAlex's inverted index (word → positions); null when there is none. */
export function rebuildAbstract(index: Record<string, number[]> | null | undefined): string | null {
  if (!index || typeof index !== 'object') return null;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) {
      // A corrupt position must not allocate a giant sparse array.
      if (Number.isInteger(p) && p >= 0 && p < 100_000) words[p] = word;
    }
  }
  const text = words.filter((w) => w !== undefined).join(' ').trim();
  return text.length > 0 ? text : null;
}

/** A DOI without its resolver prefix (`https://doi.org/10.1/x` → `10.1/x`); null when empty. */
export function bareDoi(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const doi = value.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i, '');
  return doi.length > 0 ? doi : null;
}

function clean(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length > 0 ? text : null;
}
