// Generation jobs as the API shows them: POST /api/reports/:id/generate, the job list and one job,
// cancel, and retrying or regenerating one section.
import { z } from 'zod';

export const jobParam = z.object({ id: z.uuid(), jobId: z.uuid() });
export const jobSectionParam = z.object({ id: z.uuid(), jobId: z.uuid(), sid: z.string().min(1).max(100) });

export const jobStatuses = ['queued', 'running', 'finished', 'partial', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];
export const jobSectionStatuses = ['queued', 'writing', 'done', 'failed', 'cancelled', 'skipped'] as const;
export type JobSectionStatus = (typeof jobSectionStatuses)[number];

export interface JobSectionDto {
  sectionId: string;
  title: string;
  status: JobSectionStatus;
  attempts: number;
  error: string | null;
  /** Reference ids the written section cites. */
  cited: string[];
  /** Citation markers removed because they named no reference of the report. */
  removedMarkers: string[];
}

export interface GenerationJobDto {
  id: string;
  reportId: string;
  kind: 'report' | 'section';
  status: JobStatus;
  stage: string;
  progress: number;
  creditsReserved: number;
  /** Set when the job has ended (see docs/billing.md for the rule). */
  creditsCharged: number | null;
  cancelRequested: boolean;
  lastError: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  sections: JobSectionDto[];
  /** For a regenerated section: the history snapshot holding the text it replaced. */
  snapshotId?: string;
}
