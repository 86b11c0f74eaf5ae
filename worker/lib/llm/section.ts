// Asking the model to write one section of a report. The references are numbered in the prompt and
// the model cites them as [n]; the job binds each number back to a reference id after the section
// (core/doc/generated-text.ts), so a marker can only ever point at a source the report holds.
import type { ChatMessage } from './client';

/** Everything the model is told about the section it writes. */
export interface SectionBrief {
  topic: string;
  description: string;
  guidelines: string;
  /** Uploaded guideline documents' text, already cut to the prompt's budget. */
  documents: Array<{ filename: string; text: string }>;
  /** The whole outline, so the section knows what its neighbours cover. */
  outline: Array<{ title: string; sections: Array<{ title: string; notes: string[] }> }>;
  chapterTitle: string;
  sectionTitle: string;
  /** "2.3": the section's number in the outline. */
  number: string;
  notes: string[];
  /** The numbered source list ("[1] Author (2020). Title. ..."), empty when the report has none. */
  referenceList: string;
  /** The end of the previous section's text, for continuity (may be empty). */
  previousText: string;
}

const SYSTEM = [
  'You write one section of a report at a time, in clear, well-structured prose for an informed reader.',
  'Write only the body of the section: no title line (the title is already in the document), no preamble, no closing remarks about the writing.',
  'Use 3 to 6 paragraphs separated by blank lines. Use "### " subheadings only if the section clearly needs them, and lists only for genuinely list-like content.',
  'Cite sources only from the numbered source list you are given, with their numbers in square brackets right after the claim: [2] or [1, 3].',
  'Never invent a source, a number, an author or a DOI. If no source supports a claim, state it without a citation. If no source list is given, write no citations.',
].join('\n');

/** The messages asking the model to write the section described by `brief`. */
export function sectionMessages(brief: SectionBrief): ChatMessage[] {
  const outline = brief.outline
    .map((ch, i) => [`${i + 1}. ${ch.title}`, ...ch.sections.map((s, j) => `   ${i + 1}.${j + 1} ${s.title}`)].join('\n'))
    .join('\n');
  const documents = brief.documents.map((d) => `--- ${d.filename} ---\n${d.text}`).join('\n\n');
  const user = [
    `Topic: ${brief.topic}`,
    brief.description.trim() ? `What the author already knows or wants covered:\n${brief.description.trim()}` : '',
    brief.guidelines.trim() ? `Guidelines:\n${brief.guidelines.trim()}` : '',
    documents ? `Guideline documents supplied by the author:\n${documents}` : '',
    `Outline of the whole report:\n${outline}`,
    brief.referenceList ? `Sources you may cite (by number):\n${brief.referenceList}` : 'No sources are available: write no citations.',
    brief.previousText.trim() ? `The previous section ended with:\n${brief.previousText.trim()}` : '',
    [
      `Write section ${brief.number} "${brief.sectionTitle}" of the chapter "${brief.chapterTitle}".`,
      brief.notes.length > 0 ? `It should cover: ${brief.notes.join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}
