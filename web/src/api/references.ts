// /api/reports/:id/references: what is stored, and finding real sources for the report.
import type { GatherReferencesDto, GatherReferencesInput, ReferenceDto } from '../../../core/api/references';
import { request } from './client';

/** The report's stored references (the document's list is the live one). */
export const listReferences = (reportId: string) => request<ReferenceDto[]>(`/api/reports/${encodeURIComponent(reportId)}/references`);

/** Searches OpenAlex and Crossref (and the uploaded guidelines) and puts what it finds in the document. */
export const gatherReferences = (reportId: string, input: GatherReferencesInput = {}) =>
  request<GatherReferencesDto>(`/api/reports/${encodeURIComponent(reportId)}/references/gather`, { json: input });
