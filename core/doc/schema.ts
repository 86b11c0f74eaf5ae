// The layout of a report's Yjs document and the plain JSON it reads back to. Everything that
// touches a report document (the room, the worker, the web client, the tests) goes through
// these names, so the layout is described once.
import * as Y from 'yjs';

/**
 * Version of the Yjs document layout, kept in `meta.version`.
 * Increment this any time you change the layout (top-level types, keys, node or mark names).
 */
export const DOC_VERSION = 1;

/** Version of the JSON `readReportJson` returns and `applyReportJson` accepts (stored in Postgres). */
export const REPORT_JSON_VERSION = 1;

/** Names of the top-level shared types. */
export const TOP = {
  meta: 'meta',
  outline: 'outline',
  sections: 'sections',
  references: 'references',
} as const;

/** Keys of the `meta` map. */
export const META = {
  version: 'version',
  title: 'title',
  status: 'status',
  progress: 'progress',
  citationStyle: 'citationStyle',
  generatedOutline: 'generatedOutline',
  sectionState: 'sectionState',
} as const;

/** Citation styles a report can use; APA unless chosen otherwise. */
export const citationStyles = ['apa', 'mla', 'harvard', 'ieee'] as const;
export type CitationStyle = (typeof citationStyles)[number];
export const DEFAULT_CITATION_STYLE: CitationStyle = 'apa';

/** Where a section is in generation. */
export const sectionStatuses = ['idle', 'queued', 'writing', 'done', 'failed'] as const;
export type SectionStatus = (typeof sectionStatuses)[number];

/** Generation state of one section, shown live to every collaborator. */
export interface SectionState {
  status: SectionStatus;
  error?: string;
  /** Who (or which job) is writing the section. */
  writer?: string;
}

/** Where a reference came from; the same values as the `reference_source` enum in Postgres. */
export const referenceSources = ['openalex', 'crossref', 'upload', 'manual'] as const;
export type ReferenceSource = (typeof referenceSources)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A ProseMirror mark as JSON (`{ type: 'link', attrs: { href } }`). */
export interface Mark {
  type: string;
  attrs?: Record<string, JsonValue>;
}

/**
 * A ProseMirror node as JSON, exactly the shape `Node.toJSON()` gives (without attributes that
 * are null): element nodes carry `attrs` and `content`, text nodes carry `text` and `marks`.
 */
export interface Block {
  type: string;
  attrs?: Record<string, JsonValue>;
  content?: Block[];
  text?: string;
  marks?: Mark[];
}

/** Tiptap node names a section body may hold. Adding a Tiptap node means adding it here (and bumping DOC_VERSION). */
export const NODE = {
  paragraph: 'paragraph',
  heading: 'heading',
  bulletList: 'bulletList',
  orderedList: 'orderedList',
  listItem: 'listItem',
  blockquote: 'blockquote',
  codeBlock: 'codeBlock',
  hardBreak: 'hardBreak',
  horizontalRule: 'horizontalRule',
  table: 'table',
  tableRow: 'tableRow',
  tableHeader: 'tableHeader',
  tableCell: 'tableCell',
  image: 'image',
  citation: 'citation',
  text: 'text',
} as const;

/** Tiptap mark names, in the order marks nest (outermost first). */
export const MARKS = ['link', 'bold', 'italic', 'underline', 'strike', 'code'] as const;
export type MarkName = (typeof MARKS)[number];

/** Heading levels allowed inside a section: 1 and 2 are the chapter and section titles. */
export const BODY_HEADING_LEVELS = { min: 3, max: 6 } as const;

/** A section of the outline; its number comes from its position. */
export interface SectionJson {
  id: string;
  title: string;
  notes: string[];
}

/** A chapter of the outline. */
export interface ChapterJson {
  id: string;
  title: string;
  sections: SectionJson[];
}

/** The outline as JSON (report_outlines.content adds its own `version`). */
export interface OutlineJson {
  chapters: ChapterJson[];
}

/** A reference, with the fields of a report_references row. */
export interface ReferenceJson {
  id: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  source: ReferenceSource;
  /** The id at the source (OpenAlex work id, DOI for Crossref, upload id); Postgres dedupes on it. */
  externalId: string | null;
}

/** A whole report as plain JSON: what the room saves to Postgres and what an empty room loads. */
export interface ReportJson {
  version: number;
  title: string;
  status: string;
  citationStyle: CitationStyle;
  outline: OutlineJson;
  /** The outline as the model proposed it, for "reset to generated"; null when there is none. */
  generatedOutline: OutlineJson | null;
  /** Body of each outline section, keyed by section id, in outline order. */
  sections: Record<string, Block[]>;
  references: ReferenceJson[];
}

/** Keys of a chapter map in `outline`. */
export const CHAPTER = { id: 'id', title: 'title', sections: 'sections' } as const;
/** Keys of a section map in a chapter's `sections` array (`notes` is a Y.Array<string>). */
export const SECTION = { id: 'id', title: 'title', notes: 'notes' } as const;

/** A chapter map in `outline`. */
export type ChapterMap = Y.Map<unknown>;
/** A section map in a chapter's `sections` array. */
export type SectionMap = Y.Map<unknown>;
/** A reference map in `references`. */
export type ReferenceMap = Y.Map<unknown>;

/** The four top-level types of a report document. */
export interface ReportTypes {
  meta: Y.Map<unknown>;
  outline: Y.Array<ChapterMap>;
  sections: Y.Map<Y.XmlFragment>;
  references: Y.Array<ReferenceMap>;
}

/** The top-level types of `doc` (created on first access, as Yjs does). */
export function reportTypes(doc: Y.Doc): ReportTypes {
  return {
    meta: doc.getMap(TOP.meta),
    outline: doc.getArray<ChapterMap>(TOP.outline),
    sections: doc.getMap<Y.XmlFragment>(TOP.sections),
    references: doc.getArray<ReferenceMap>(TOP.references),
  };
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random id for a chapter, section or reference (12 characters, ~62 bits). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}
