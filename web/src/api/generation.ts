// /api/reports/:id/generate and the report's jobs: start writing, follow, cancel, retry or regenerate a section.
import type { GenerationJobDto } from '../../../core/api/generation';
import { request } from './client';

const base = (reportId: string) => `/api/reports/${encodeURIComponent(reportId)}`;

/** Starts writing every section of the outline (202 with the job; 402 when credits are short). */
export const startGeneration = (reportId: string) => request<GenerationJobDto>(`${base(reportId)}/generate`, { method: 'POST' });

/** The report's last 20 jobs, newest first, with their sections. */
export const listJobs = (reportId: string) => request<GenerationJobDto[]>(`${base(reportId)}/jobs`);

/** Asks a running job to stop. */
export const cancelJob = (reportId: string, jobId: string) =>
  request<GenerationJobDto>(`${base(reportId)}/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST' });

/** Writes a failed or cancelled section of a job again (a new one-section job). */
export const retrySection = (reportId: string, jobId: string, sectionId: string) =>
  request<GenerationJobDto>(`${base(reportId)}/jobs/${encodeURIComponent(jobId)}/sections/${encodeURIComponent(sectionId)}/retry`, { method: 'POST' });

/** Rewrites one section; `snapshotId` names the history snapshot of the text it replaces. */
export const regenerateSection = (reportId: string, sectionId: string) =>
  request<GenerationJobDto>(`${base(reportId)}/sections/${encodeURIComponent(sectionId)}/regenerate`, { method: 'POST' });
