// What the model is told for one section, built from the live document (the outline and sources as
// the team has them now) and the report's form, with the reference numbers fixed when the job began.
import { blocksPlainText, sectionNumber, type ReferenceJson, type ReportJson } from '../../core/doc';
import type { GenerationPlan } from '../../db/schema';
import type { ReportRow } from '../policies/report';
import type { SectionBrief } from '../lib/llm/section';

/** Characters of the previous section the model sees, for continuity. */
const PREVIOUS_TEXT_CHARS = 1_200;

/** Numbers the document's references 1..n, in list order: the numbers the model cites by. */
export function planReferences(json: ReportJson): GenerationPlan {
  return { references: json.references.map((ref, i) => ({ n: i + 1, id: ref.id })) };
}

/** The plan's numbers for references still in the document (one removed meanwhile can no longer be cited). */
export function referenceNumbers(plan: GenerationPlan, json: ReportJson): Map<number, ReferenceJson> {
  const byId = new Map(json.references.map((ref) => [ref.id, ref]));
  const out = new Map<number, ReferenceJson>();
  for (const { n, id } of plan.references) {
    const ref = byId.get(id);
    if (ref) out.set(n, ref);
  }
  return out;
}

/** One line per source: "[n] Authors (year). Title. Venue. https://doi.org/…". */
export function referenceListText(numbers: Map<number, ReferenceJson>): string {
  return [...numbers]
    .map(([n, ref]) => {
      const authors = ref.authors.length > 3 ? `${ref.authors.slice(0, 3).join(', ')} et al.` : ref.authors.join(', ');
      const parts = [
        `${authors || 'Anonymous'} (${ref.year ?? 'n.d.'}).`,
        `${ref.title.replace(/\s+/g, ' ').trim()}.`,
        ref.venue ? `${ref.venue}.` : '',
        ref.doi ? `https://doi.org/${ref.doi}` : (ref.url ?? ''),
      ];
      return `[${n}] ${parts.filter(Boolean).join(' ')}`;
    })
    .join('\n');
}

export interface SectionPlace {
  chapterTitle: string;
  sectionTitle: string;
  number: string;
  notes: string[];
  previousSectionId: string | null;
}

/** Where a section sits in the outline, or null when it is no longer there. */
export function locateSection(json: ReportJson, sectionId: string): SectionPlace | null {
  let previous: string | null = null;
  for (const [ci, chapter] of json.outline.chapters.entries()) {
    for (const [si, section] of chapter.sections.entries()) {
      if (section.id === sectionId) {
        return { chapterTitle: chapter.title, sectionTitle: section.title, number: sectionNumber(ci, si), notes: section.notes, previousSectionId: previous };
      }
      previous = section.id;
    }
  }
  return null;
}

export function sectionBrief(
  report: Pick<ReportRow, 'topic' | 'description' | 'guidelines'>,
  json: ReportJson,
  place: SectionPlace,
  numbers: Map<number, ReferenceJson>,
  documents: SectionBrief['documents'],
): SectionBrief {
  const previousBlocks = place.previousSectionId ? json.sections[place.previousSectionId] : undefined;
  const previousText = previousBlocks ? blocksPlainText(previousBlocks).slice(-PREVIOUS_TEXT_CHARS) : '';
  return {
    topic: report.topic,
    description: report.description,
    guidelines: report.guidelines,
    documents,
    outline: json.outline.chapters.map((ch) => ({ title: ch.title, sections: ch.sections.map((s) => ({ title: s.title, notes: s.notes })) })),
    chapterTitle: place.chapterTitle,
    sectionTitle: place.sectionTitle,
    number: place.number,
    notes: place.notes,
    referenceList: referenceListText(numbers),
    previousText,
  };
}
