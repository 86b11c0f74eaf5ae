// Report JSON from outside the process (Postgres, a request) made well-formed, without trusting
// any of it: the renderers run on this, so a hostile row cannot break or inject into an export.
import { toCitationStyle } from './meta';
import { normalizeReference, type ReferenceInput } from './references';
import { REPORT_JSON_VERSION, type Block, type ChapterJson, type OutlineJson, type ReferenceJson, type ReportJson } from './schema';

/** What loading stored report JSON gives: the JSON, or why it cannot be used. */
export type ParsedReportJson =
  | { kind: 'ok'; json: ReportJson }
  | { kind: 'unsupported_version'; version: unknown }
  | { kind: 'invalid'; reason: string };

/** Checks stored report JSON: an object of the current version, then made well-formed. */
export function parseReportJson(value: unknown): ParsedReportJson {
  if (!isObject(value)) return { kind: 'invalid', reason: 'not an object' };
  if (value.version !== REPORT_JSON_VERSION) return { kind: 'unsupported_version', version: value.version };
  if (!isObject(value.outline) || !Array.isArray(value.outline.chapters)) return { kind: 'invalid', reason: 'outline: missing' };
  return { kind: 'ok', json: coerceReportJson(value) };
}

/** Any value as well-formed report JSON: wrong types become empty values, nothing is guessed. */
export function coerceReportJson(value: unknown): ReportJson {
  const v = isObject(value) ? value : {};
  const sections: Record<string, Block[]> = {};
  if (isObject(v.sections)) {
    for (const [id, blocks] of Object.entries(v.sections)) {
      if (Array.isArray(blocks)) sections[id] = blocks as Block[];
    }
  }
  return {
    version: REPORT_JSON_VERSION,
    title: typeof v.title === 'string' ? v.title : '',
    status: typeof v.status === 'string' ? v.status : 'draft',
    citationStyle: toCitationStyle(v.citationStyle),
    outline: coerceOutline(v.outline),
    generatedOutline: v.generatedOutline === null || v.generatedOutline === undefined ? null : coerceOutline(v.generatedOutline),
    sections,
    references: Array.isArray(v.references) ? coerceReferences(v.references) : [],
  };
}

function coerceOutline(value: unknown): OutlineJson {
  const chapters: ChapterJson[] = [];
  const list = isObject(value) && Array.isArray(value.chapters) ? value.chapters : [];
  for (const chapter of list) {
    if (!isObject(chapter)) continue;
    chapters.push({
      id: typeof chapter.id === 'string' ? chapter.id : '',
      title: typeof chapter.title === 'string' ? chapter.title : '',
      sections: (Array.isArray(chapter.sections) ? chapter.sections : []).filter(isObject).map((s) => ({
        id: typeof s.id === 'string' ? s.id : '',
        title: typeof s.title === 'string' ? s.title : '',
        notes: Array.isArray(s.notes) ? s.notes.filter((n): n is string => typeof n === 'string') : [],
      })),
    });
  }
  return { chapters };
}

function coerceReferences(list: unknown[]): ReferenceJson[] {
  return list.filter(isObject).map((r, i) => normalizeReference({ ...(r as ReferenceInput), id: typeof r.id === 'string' && r.id ? r.id : `ref-${i + 1}` }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
