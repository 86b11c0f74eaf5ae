// A generation job and its sections as the API shows them.
import type { GenerationJobDto, JobSectionDto } from '../../core/api/generation';
import type { reportJobSections, reportJobs } from '../../db/schema';

type JobRow = typeof reportJobs.$inferSelect;
type SectionRow = typeof reportJobSections.$inferSelect;

export function presentJobSection(s: SectionRow): JobSectionDto {
  return { sectionId: s.sectionId, title: s.title, status: s.status, attempts: s.attempts, error: s.error, cited: s.cited ?? [], removedMarkers: s.removedMarkers ?? [] };
}

export function presentGenerationJob(job: JobRow, sections: SectionRow[]): GenerationJobDto {
  return {
    id: job.id,
    reportId: job.reportId,
    kind: job.kind,
    status: job.status,
    stage: job.stage,
    progress: job.progress,
    creditsReserved: job.creditsReserved,
    creditsCharged: job.creditsCharged,
    cancelRequested: job.cancelRequested,
    lastError: job.lastError,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    sections: [...sections].sort((a, b) => a.position - b.position).map(presentJobSection),
  };
}
