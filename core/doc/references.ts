// The report's references: a Y.Array of Y.Maps, one per reference, edited field by field.
import * as Y from 'yjs';
import { newId, referenceSources, reportTypes, type ReferenceJson, type ReferenceMap, type ReferenceSource } from './schema';

/** A reference as callers hand it in: only the title is required. */
export type ReferenceInput = Partial<ReferenceJson> & { title: string };

const FIELDS = ['id', 'title', 'authors', 'year', 'venue', 'doi', 'url', 'abstract', 'source', 'externalId'] as const;

/** A complete reference from partial input (a new id when none is given, nulls for missing fields). */
export function normalizeReference(input: ReferenceInput): ReferenceJson {
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const year = typeof input.year === 'number' && Number.isInteger(input.year) ? input.year : null;
  return {
    id: typeof input.id === 'string' && input.id.length > 0 ? input.id : newId(),
    title: typeof input.title === 'string' ? input.title : '',
    authors: Array.isArray(input.authors) ? input.authors.filter((a): a is string => typeof a === 'string' && a.trim().length > 0) : [],
    year,
    venue: text(input.venue),
    doi: text(input.doi),
    url: text(input.url),
    abstract: text(input.abstract),
    source: referenceSources.includes(input.source as ReferenceSource) ? (input.source as ReferenceSource) : 'manual',
    externalId: text(input.externalId),
  };
}

/** A reference map (not yet in a document). */
export function referenceToY(ref: ReferenceJson): ReferenceMap {
  const map = new Y.Map<unknown>();
  for (const field of FIELDS) map.set(field, ref[field]);
  return map;
}

/** The references in list order; a reference id seen twice keeps its first copy. */
export function readReferences(doc: Y.Doc): ReferenceJson[] {
  const seen = new Set<string>();
  const out: ReferenceJson[] = [];
  for (const map of reportTypes(doc).references.toArray()) {
    if (!(map instanceof Y.Map)) continue;
    const ref = normalizeReference(Object.fromEntries(FIELDS.map((f) => [f, map.get(f)])) as ReferenceInput);
    if (seen.has(ref.id) || map.get('id') !== ref.id) continue;
    seen.add(ref.id);
    out.push(ref);
  }
  return out;
}

/** Adds a reference at `index` (default: last); returns its id. */
export function addReference(doc: Y.Doc, input: ReferenceInput, index?: number): string {
  const ref = normalizeReference(input);
  doc.transact(() => {
    const { references } = reportTypes(doc);
    const at = index === undefined ? references.length : Math.min(Math.max(0, Math.trunc(index)), references.length);
    references.insert(at, [referenceToY(ref)]);
  });
  return ref.id;
}

/** Changes some fields of a reference (not its id). */
export function updateReference(doc: Y.Doc, id: string, patch: Partial<Omit<ReferenceJson, 'id'>>): boolean {
  const maps = referenceMaps(doc, id);
  if (maps.length === 0) return false;
  doc.transact(() => {
    for (const { map } of maps) {
      const current = normalizeReference({ ...Object.fromEntries(FIELDS.map((f) => [f, map.get(f)])), ...patch, id } as ReferenceInput);
      for (const field of FIELDS) {
        if (field !== 'id' && field in patch) map.set(field, current[field]);
      }
    }
  });
  return true;
}

/** Removes a reference; citations of it stay in the text and render as unknown. */
export function removeReference(doc: Y.Doc, id: string): boolean {
  const maps = referenceMaps(doc, id);
  if (maps.length === 0) return false;
  doc.transact(() => {
    for (const { index } of [...maps].reverse()) reportTypes(doc).references.delete(index, 1);
  });
  return true;
}

/** Replaces the whole reference list (what a reference search hands over); returns the ids. */
export function setReferences(doc: Y.Doc, inputs: ReferenceInput[]): string[] {
  const refs = uniqueReferences(inputs);
  doc.transact(() => {
    const { references } = reportTypes(doc);
    if (references.length > 0) references.delete(0, references.length);
    references.insert(0, refs.map(referenceToY));
  });
  return refs.map((r) => r.id);
}

/** Normalized references with unique ids (a repeated id gets a new one). */
export function uniqueReferences(inputs: ReferenceInput[]): ReferenceJson[] {
  const seen = new Set<string>();
  return inputs.map((input) => {
    const ref = normalizeReference(input);
    if (seen.has(ref.id)) ref.id = newId();
    seen.add(ref.id);
    return ref;
  });
}

function referenceMaps(doc: Y.Doc, id: string): Array<{ map: ReferenceMap; index: number }> {
  const out: Array<{ map: ReferenceMap; index: number }> = [];
  reportTypes(doc).references.forEach((map, index) => {
    if (map instanceof Y.Map && map.get('id') === id) out.push({ map, index });
  });
  return out;
}
