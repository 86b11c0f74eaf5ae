// What the API sends for a report: the listed fields only.
import type { ReportDto } from '../../core/api/reports';
import type { ReportEntry } from '../policies/report';

/** A report as seen by one user (their role, and the folder only if they own it). */
export function presentReport({ report, role, folder, owner }: ReportEntry): ReportDto {
  return {
    id: report.id,
    topic: report.topic,
    description: report.description,
    referenceCount: report.referenceCount,
    guidelines: report.guidelines,
    citationStyle: report.citationStyle,
    status: report.status,
    creditCost: report.creditCost,
    creditsCharged: report.creditsCharged,
    folder: role === 'owner' && folder ? { id: folder.id, name: folder.name } : null,
    role,
    owner: { id: owner.id, fullName: owner.fullName },
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
  };
}
