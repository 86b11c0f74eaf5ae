// Asking the model for a report outline as JSON, and checking what comes back.
import { modelOutlineSchema, type ModelOutline } from '../../../core/api/outline';
import type { ChatMessage } from './client';

/** The report fields the outline is built from. */
export interface OutlineBrief {
  topic: string;
  description: string;
  guidelines: string;
  /** Text of the guideline documents the author uploaded (already cut to the prompt's budget). */
  documents?: ReadonlyArray<{ filename: string; text: string; truncated: boolean }>;
}

const SYSTEM = [
  'You plan academic-style reports. Answer with one JSON object and nothing else, of this shape:',
  '{"chapters":[{"title":"...","sections":[{"title":"...","notes":["..."]}]}]}',
  'Use 3 to 8 chapters with 1 to 6 sections each. Notes are 1 to 4 short phrases saying what the section covers.',
  'Titles have no numbers; numbering is added later. Follow the author\'s guidelines when given, including any guideline documents (shown between <<< and >>>).',
].join('\n');

/** The messages asking for an outline of `brief`. */
export function outlineMessages(brief: OutlineBrief): ChatMessage[] {
  const user = [
    `Topic: ${brief.topic}`,
    brief.description.trim() ? `What the author already knows or wants covered:\n${brief.description.trim()}` : '',
    brief.guidelines.trim() ? `Guidelines:\n${brief.guidelines.trim()}` : '',
    ...(brief.documents ?? []).map(
      (d) => `Guideline document "${d.filename}"${d.truncated ? ' (excerpt)' : ''}:\n<<<\n${d.text}\n>>>`,
    ),
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

export type OutlineParse = { kind: 'ok'; outline: ModelOutline } | { kind: 'invalid'; reason: string };

/** The model's text as a valid outline, or why it is not one (code fences around the JSON are tolerated). */
export function parseOutline(text: string): OutlineParse {
  const body = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { kind: 'invalid', reason: 'the answer is not JSON' };
  }
  const parsed = modelOutlineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'invalid', reason: issue ? `${issue.path.join('.') || 'outline'}: ${issue.message}` : 'not an outline' };
  }
  return { kind: 'ok', outline: parsed.data };
}
