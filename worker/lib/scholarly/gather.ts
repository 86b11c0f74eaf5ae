// Gathers a report's references: OpenAlex first (the topic, then the topic with outline titles),
// Crossref to fill what is still missing, deduplicated by DOI and by title, abstracts preferred.
import { searchCrossref } from './crossref';
import { searchOpenAlex } from './openalex';
import { ScholarlyError, type ScholarlyConfig, type ScholarlySource } from './types';

/** A gathered source with the id the document's citation markers bind to. */
export interface GatheredReference extends ScholarlySource {
  id: string;
}

export interface GatherInput {
  topic: string;
  description?: string | null;
  outlineTitles?: string[];
  /** How many distinct sources are wanted. */
  count: number;
}

export interface GatherResult {
  references: GatheredReference[];
  /** Provider failures that were survived (the other provider filled in). */
  warnings: string[];
}

/** How many candidates are asked for per wanted source, so dedupe and the abstract preference have room. */
const OVERFETCH = 2;
/** Outline titles folded into extra OpenAlex queries. */
const OUTLINE_QUERIES = 2;

/** Up to `count` distinct sources; throws ScholarlyError only when every provider failed. */
export async function gatherReferences(config: ScholarlyConfig, input: GatherInput, onProgress?: (stage: string, progress: number) => Promise<void> | void): Promise<GatherResult> {
  const count = Math.max(0, Math.trunc(input.count));
  if (count === 0) return { references: [], warnings: [] };
  const errors: ScholarlyError[] = [];
  const candidates: ScholarlySource[] = [];
  const queries = buildQueries(input);
  const perQuery = Math.min(200, count * OVERFETCH);

  for (const [i, query] of queries.entries()) {
    await onProgress?.('openalex', Math.round((i / (queries.length + 1)) * 80));
    try {
      candidates.push(...(await searchOpenAlex(config, query, perQuery)));
    } catch (err) {
      if (!(err instanceof ScholarlyError)) throw err;
      errors.push(err);
      break; // The same provider will not do better on the next query.
    }
    if (dedupeSources(candidates).length >= count * OVERFETCH) break;
  }

  const openAlexFailed = errors.length > 0;
  if (dedupeSources(candidates).length < count) {
    await onProgress?.('crossref', 80);
    try {
      const missing = count - dedupeSources(candidates).length;
      candidates.push(...(await searchCrossref(config, queries[0]!, Math.min(1000, missing * OVERFETCH + count))));
    } catch (err) {
      if (!(err instanceof ScholarlyError)) throw err;
      errors.push(err);
      // Nothing real to offer: an empty list must not pass for a finished search.
      if (openAlexFailed) throw new ScholarlyError('both', errors.map((e) => e.message).join('; '), err.status);
      if (candidates.length === 0) throw err;
    }
  }
  return { references: pickSources(dedupeSources(candidates), count).map(withId), warnings: errors.map((e) => e.message) };
}

/** The search queries: the topic, then the topic with each of the first outline titles (or the description). */
export function buildQueries(input: Pick<GatherInput, 'topic' | 'description' | 'outlineTitles'>): string[] {
  const topic = squash(input.topic);
  const queries = [topic];
  const titles = (input.outlineTitles ?? []).map(squash).filter((t) => t.length > 0);
  for (const title of titles.slice(0, OUTLINE_QUERIES)) queries.push(`${topic} ${title}`);
  if (titles.length === 0 && input.description) {
    const words = squash(input.description).split(' ').slice(0, 8).join(' ');
    if (words) queries.push(`${topic} ${words}`);
  }
  return [...new Set(queries.filter((q) => q.length > 0).map((q) => q.slice(0, 300)))];
}

/**
 * Distinct sources in first-seen order: two are the same when their DOIs match (case-insensitive)
 * or their normalized titles do; the kept one takes fields it lacks (an abstract, a DOI) from the other.
 */
export function dedupeSources(sources: ScholarlySource[]): ScholarlySource[] {
  const out: ScholarlySource[] = [];
  const byDoi = new Map<string, ScholarlySource>();
  const byTitle = new Map<string, ScholarlySource>();
  for (const source of sources) {
    const doi = source.doi?.toLowerCase() ?? null;
    const title = normalizeTitle(source.title);
    const existing = (doi ? byDoi.get(doi) : undefined) ?? (title ? byTitle.get(title) : undefined);
    if (existing) {
      const merged = mergeInto(existing, source);
      if (merged.doi) byDoi.set(merged.doi.toLowerCase(), merged);
      continue;
    }
    const copy = { ...source, authors: [...source.authors] };
    out.push(copy);
    if (doi) byDoi.set(doi, copy);
    if (title) byTitle.set(title, copy);
  }
  return out;
}

/** The first `count` sources, those with an abstract before those without, each group in its found order. */
export function pickSources(sources: ScholarlySource[], count: number): ScholarlySource[] {
  const chosen = new Set([...sources.filter((s) => s.abstract), ...sources.filter((s) => !s.abstract)].slice(0, count));
  return sources.filter((s) => chosen.has(s));
}

/** A title reduced for comparison: lower case, accents and punctuation dropped, spaces collapsed. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The document id of a source: stable across gatherings (from the DOI, else the provider's or upload's id). */
export function referenceId(source: { doi: string | null; source: ScholarlySource['source'] | 'upload'; externalId: string }): string {
  const key = source.doi ? `doi:${source.doi.toLowerCase()}` : `${source.source}:${source.externalId}`;
  return `ref-${fnv1a64(key).slice(0, 12)}`;
}

function withId(source: ScholarlySource): GatheredReference {
  return { id: referenceId(source), ...source };
}

function mergeInto(target: ScholarlySource, other: ScholarlySource): ScholarlySource {
  target.abstract ??= other.abstract;
  target.doi ??= other.doi;
  target.venue ??= other.venue;
  target.year ??= other.year;
  target.url ??= other.url;
  if (target.authors.length === 0) target.authors = [...other.authors];
  return target;
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

// 64-bit FNV-1a: synchronous and plenty for telling a report's few hundred sources apart.
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
