// The prompt for an AI edit of one section: its current text, the user's instruction, and a preset's guidance.
import type { AiEditPreset } from '../../../core/api/ai-edit';
import type { ChatMessage } from './client';

const presetGuidance: Record<AiEditPreset, string> = {
  improve: 'Improve clarity, flow and grammar without changing the meaning.',
  expand: 'Expand the text with more detail and explanation, keeping its line of argument.',
  shorten: 'Shorten the text, keeping every essential point.',
  tone: 'Adjust the tone as the instruction asks, keeping the content.',
  restructure: 'Reorganise the text into a clearer order of paragraphs.',
};

export interface EditBrief {
  sectionTitle: string;
  text: string;
  instruction: string;
  preset?: AiEditPreset;
  /** The report's numbered sources ("[1] …" lines), the numbers the section's markers use; empty when it has none. */
  sources?: string;
}

/** The messages that ask the model to rewrite the section as instructed. */
export function editMessages(brief: EditBrief): ChatMessage[] {
  const system = [
    'You edit one section of a report. Answer with the rewritten section text only: plain paragraphs separated by blank lines, no headings, no commentary.',
    'Keep citation markers such as [2] or [1, 3] attached to the claims they support. Cite only the numbered sources listed, and never invent one.',
  ].join(' ');
  const user = [
    `Section: ${brief.sectionTitle}`,
    ...(brief.preset ? [`Edit type: ${brief.preset}. ${presetGuidance[brief.preset]}`] : []),
    `Instruction: ${brief.instruction}`,
    '',
    'Current text:',
    brief.text || '(the section is empty)',
    ...(brief.sources ? ['', 'Sources the markers refer to:', brief.sources] : []),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The accepted text as paragraphs: split on blank lines, trimmed, empty ones dropped. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
