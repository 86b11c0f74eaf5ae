// The staff tools: listing users, reports, payments and contact messages, and granting or taking
// back credits. Request shapes and answers, shared with the web client.
import { z } from 'zod';
import { pageQuery, paymentStatuses, type LedgerEntryDto, type PaymentStatus } from './billing';
import { reportStatuses, type ReportStatus } from './reports';

const search = z.string().trim().max(200).optional();

/** GET /api/staff/users: `q` matches email or name (or is a user id). */
export const staffUsersQuery = pageQuery.extend({ q: search });
export type StaffUsersQuery = z.input<typeof staffUsersQuery>;

/** GET /api/staff/reports: `q` matches the topic or the owner's email; `ownerId` narrows to one user. */
export const staffReportsQuery = pageQuery.extend({ q: search, status: z.enum(reportStatuses).optional(), ownerId: z.uuid().optional() });
export type StaffReportsQuery = z.input<typeof staffReportsQuery>;

/** GET /api/staff/payments. */
export const staffPaymentsQuery = pageQuery.extend({ status: z.enum(paymentStatuses).optional(), userId: z.uuid().optional() });
export type StaffPaymentsQuery = z.input<typeof staffPaymentsQuery>;

/** GET /api/staff/contact-messages. */
export const staffContactMessagesQuery = pageQuery;
export type StaffContactMessagesQuery = z.input<typeof staffContactMessagesQuery>;

/** `:id` in /api/staff/users/:id/... */
export const staffUserIdParam = z.object({ id: z.uuid() });

/** POST /api/staff/users/:id/credits: a positive delta grants, a negative one takes back. */
export const staffCreditSchema = z.object({
  delta: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((n) => n !== 0, 'Must not be 0'),
  reason: z.string().trim().min(1, 'Required').max(500),
  /** Send the same key when retrying, so the change is made once. */
  idempotencyKey: z.string().trim().min(8).max(200).optional(),
});
export type StaffCreditInput = z.input<typeof staffCreditSchema>;

/** A user as staff see them. */
export interface StaffUserDto {
  id: string;
  email: string;
  fullName: string;
  isStaff: boolean;
  isActive: boolean;
  emailVerifiedAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  balance: number;
}

/** A report as staff see it (not its content). */
export interface StaffReportDto {
  id: string;
  topic: string;
  status: ReportStatus;
  creditCost: number;
  creditsCharged: number;
  owner: { id: string; email: string; fullName: string };
  createdAt: string;
  updatedAt: string;
}

/** A payment as staff see it, with the Stripe ids to look it up there. */
export interface StaffPaymentDto {
  id: string;
  userId: string | null;
  userEmail: string;
  provider: string;
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  pack: string;
  credits: number;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  creditsRefunded: number;
  createdAt: string;
  updatedAt: string;
}

/** A message from the contact form. */
export interface StaffContactMessageDto {
  id: string;
  userId: string | null;
  name: string;
  email: string;
  subject: string;
  message: string;
  createdAt: string;
  handledAt: string | null;
}

/** The answer to POST /api/staff/users/:id/credits. */
export interface StaffCreditDto {
  entry: LedgerEntryDto;
  /** The user's balance after the change. */
  balance: number;
}

/** GET /api/staff/audit: the staff audit log, newest first; `actorId` and `action` narrow it. */
export const staffAuditQuery = pageQuery.extend({ actorId: z.uuid().optional(), action: z.string().trim().min(1).max(100).optional() });
export type StaffAuditQuery = z.input<typeof staffAuditQuery>;

/** One line of the staff audit log. */
export interface StaffAuditEntryDto {
  id: string;
  actorId: string | null;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** GET /api/staff/jobs: generation jobs, newest first; `active` (the default) lists queued and running ones. */
export const staffJobsQuery = pageQuery.extend({ state: z.enum(['active', 'all']).default('active') });
export type StaffJobsQuery = z.input<typeof staffJobsQuery>;

/** A generation job as staff see it: enough to decide whether to requeue it. */
export interface StaffJobDto {
  id: string;
  reportId: string;
  reportTopic: string;
  kind: 'report' | 'section';
  status: 'queued' | 'running' | 'finished' | 'partial' | 'failed' | 'cancelled';
  progress: number;
  attempts: number;
  lastError: string | null;
  /** Whether a delivery holds the job now (its lease has not lapsed). */
  leased: boolean;
  createdAt: string;
  updatedAt: string;
}
