// AI edit of one section: the request, the accepted text, and the streamed events. Shared with the web client.
import { z } from 'zod';

export const aiEditPresets = ['improve', 'expand', 'shorten', 'tone', 'restructure'] as const;
export type AiEditPreset = (typeof aiEditPresets)[number];

/** Path of a section of a report. */
export const sectionParam = z.object({ id: z.uuid(), sid: z.string().min(1).max(100) });

/** POST /api/reports/:id/sections/:sid/ai-edit. */
export const aiEditSchema = z.object({
  instruction: z.string().trim().min(1).max(500),
  preset: z.enum(aiEditPresets).optional(),
});
export type AiEditInput = z.input<typeof aiEditSchema>;

/** POST /api/reports/:id/sections/:sid/ai-edit/accept: the proposal the user kept (possibly touched up). */
export const aiEditAcceptSchema = z.object({ text: z.string().trim().min(1).max(100_000) });
export type AiEditAcceptInput = z.input<typeof aiEditAcceptSchema>;

/** `event: delta` data. */
export interface AiEditDeltaEvent {
  text: string;
}

/** `event: done` data: the whole proposal, what it consumed, and the id it was charged under. */
export interface AiEditDoneEvent {
  text: string;
  usage: { promptTokens: number; completionTokens: number } | null;
  model: string;
  demo: boolean;
  editId: string;
  /** Credits debited for this edit. */
  credits: number;
}

/** `event: error` data. */
export interface AiEditErrorEvent {
  code: string;
  message: string;
}
