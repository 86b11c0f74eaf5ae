// The answer to an outline generation.
import type { GeneratedOutlineDto } from '../../core/api/outline';
import type { OutlineJson } from '../../core/doc';

/** Lists the fields a generated outline answer sends. */
export function presentGeneratedOutline(g: { outline: OutlineJson; model: string; demo: boolean; promptTokens: number; completionTokens: number }): GeneratedOutlineDto {
  return {
    outline: { chapters: g.outline.chapters.map((c) => ({ id: c.id, title: c.title, sections: c.sections.map((s) => ({ id: s.id, title: s.title, notes: [...s.notes] })) })) },
    model: g.model,
    demo: g.demo,
    usage: { promptTokens: g.promptTokens, completionTokens: g.completionTokens },
  };
}
