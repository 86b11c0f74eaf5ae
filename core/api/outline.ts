// Outline generation: the request, the shape the model must answer, and the answer. Shared with the web client.
import { z } from 'zod';
import type { OutlineJson } from '../doc';

/** POST /api/reports/:id/outline. `replace: true` confirms replacing an outline people have edited. */
export const generateOutlineSchema = z.object({ replace: z.boolean().optional() });
export type GenerateOutlineInput = z.input<typeof generateOutlineSchema>;

const title = z.string().trim().min(1).max(200);

/** What the model must produce: bounded so one answer cannot flood the document. */
export const modelOutlineSchema = z.object({
  chapters: z
    .array(
      z.object({
        title,
        sections: z.array(z.object({ title, notes: z.array(z.string().trim().max(500)).max(10).default([]) })).min(1).max(15),
      }),
    )
    .min(1)
    .max(20),
});
export type ModelOutline = z.infer<typeof modelOutlineSchema>;

/** The answer: the outline now in the document, and which model wrote it. */
export interface GeneratedOutlineDto {
  outline: OutlineJson;
  model: string;
  /** True when the offline demo model wrote it (no provider configured). */
  demo: boolean;
  /** Tokens spent, over every attempt. */
  usage: { promptTokens: number; completionTokens: number };
}
