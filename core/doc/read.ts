// Reading a report document back to plain, versioned JSON: what the room saves to Postgres and
// what the renderers take.
import type * as Y from 'yjs';
import { readSectionBlocks } from './body';
import { readMeta } from './meta';
import { readGeneratedOutline } from './outline';
import { readOutline } from './outline-read';
import { readReferences } from './references';
import { REPORT_JSON_VERSION, type Block, type ReportJson } from './schema';

/** The whole report as JSON; `buildReportDoc(readReportJson(doc))` reads back to the same JSON. */
export function readReportJson(doc: Y.Doc): ReportJson {
  const meta = readMeta(doc);
  const outline = readOutline(doc);
  const sections: Record<string, Block[]> = {};
  for (const chapter of outline.chapters) {
    for (const section of chapter.sections) sections[section.id] = readSectionBlocks(doc, section.id);
  }
  return {
    version: REPORT_JSON_VERSION,
    title: meta.title,
    status: meta.status,
    citationStyle: meta.citationStyle,
    outline,
    generatedOutline: readGeneratedOutline(doc),
    sections,
    references: readReferences(doc),
  };
}
