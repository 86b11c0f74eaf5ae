// A report's references: gathering real sources and listing what is stored. Request shapes and
// answers, shared with the web client.
import { z } from 'zod';
import { REFERENCE_COUNT } from './reports';

/** POST /api/reports/:id/references/gather: how many sources (default: the report's reference count). */
export const gatherReferencesSchema = z.object({
  count: z.number().int().min(1).max(REFERENCE_COUNT.max).optional(),
});
export type GatherReferencesInput = z.input<typeof gatherReferencesSchema>;

/** A stored reference. */
export interface ReferenceDto {
  /** The report_references row id. */
  id: string;
  /** The id in the document that citation markers bind to (`ref-…`); null for references not from a search. */
  referenceId: string | null;
  position: number;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  source: 'openalex' | 'crossref' | 'upload' | 'manual';
  externalId: string | null;
}

/** POST .../references/gather: the job that ran and the references it stored, in document order. */
export interface GatherReferencesDto {
  jobId: string;
  references: ReferenceDto[];
}
