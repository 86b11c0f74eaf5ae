// Reports: the shapes the worker accepts for creating, listing and changing a report, and what it
// answers, shared with the web client.
import { z } from 'zod';

export const reportStatuses = ['draft', 'outlining', 'outlined', 'generating', 'completed', 'partial', 'failed'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** Who the caller is to a report: its owner, or a member invited as editor or viewer. */
export const reportRoles = ['owner', 'editor', 'viewer'] as const;
export type ReportRole = (typeof reportRoles)[number];

export const REFERENCE_COUNT = { min: 5, max: 100, step: 5, default: 10 } as const;

const topic = z.string().trim().min(1, 'Required').max(300);

/** POST /api/reports: the new-report form. */
export const createReportSchema = z.object({
  topic,
  /** "Your understanding of the topic". */
  description: z.string().trim().min(1, 'Required').max(5000),
  // A number, not a numeric string: the form sends what its select holds.
  referenceCount: z
    .number()
    .int()
    .min(REFERENCE_COUNT.min)
    .max(REFERENCE_COUNT.max)
    .multipleOf(REFERENCE_COUNT.step, `Must be a multiple of ${REFERENCE_COUNT.step}`)
    .default(REFERENCE_COUNT.default),
  guidelines: z.string().trim().max(10000).default(''),
  folderId: z.uuid().nullish(),
});
export type CreateReportInput = z.input<typeof createReportSchema>;

/** GET /api/reports: filters. `folderId` (a folder's id, or `none` for unfiled) narrows to the caller's own reports. */
export const listReportsQuery = z.object({
  folderId: z.union([z.literal('none'), z.uuid()]).optional(),
  status: z.enum(reportStatuses).optional(),
  scope: z.enum(['all', 'mine', 'shared']).default('all'),
});
export type ListReportsQuery = z.input<typeof listReportsQuery>;

/** PATCH /api/reports/:id: rename and/or move (`folderId: null` takes it out of its folder). */
export const updateReportSchema = z
  .strictObject({
    topic: topic.optional(),
    folderId: z.uuid().nullable().optional(),
  })
  .refine((b) => b.topic !== undefined || b.folderId !== undefined, 'Send topic or folderId');
export type UpdateReportInput = z.input<typeof updateReportSchema>;

/** `:id` in report routes. */
export const reportIdParam = z.object({ id: z.uuid() });

/** A report as the API answers it. */
export interface ReportDto {
  id: string;
  topic: string;
  description: string;
  referenceCount: number;
  guidelines: string;
  citationStyle: string;
  status: ReportStatus;
  creditCost: number;
  creditsCharged: number;
  /** The owner's folder; null when unfiled, and always null for reports shared with the caller. */
  folder: { id: string; name: string } | null;
  role: ReportRole;
  owner: { id: string; fullName: string };
  createdAt: string;
  updatedAt: string;
}
