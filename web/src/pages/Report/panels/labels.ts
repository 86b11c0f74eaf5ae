// Words for the panels: what each state is called, so colour is never the only signal.
import type { JobSectionStatus, JobStatus } from '../../../../../core/api/generation';
import type { SectionStatus } from '../../../../../core/doc';

export const JOB_STATUS: Record<JobStatus, string> = {
  queued: 'Waiting to start',
  running: 'Writing',
  finished: 'Finished',
  partial: 'Finished with failed sections',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const SECTION_STATUS: Record<SectionStatus | JobSectionStatus, string> = {
  idle: 'Not written by AI',
  queued: 'Queued',
  writing: 'Writing…',
  done: 'Written',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

/** True while a job may still write. */
export const isActiveJob = (status: JobStatus) => status === 'queued' || status === 'running';
