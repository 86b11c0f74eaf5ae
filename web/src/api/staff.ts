// /api/staff: the staff tools (users, credits, payments, reports, the audit log, generation jobs).
import type { Page } from '../../../core/api/billing';
import type { StaffAuditEntryDto, StaffCreditDto, StaffCreditInput, StaffJobDto, StaffPaymentDto, StaffReportDto, StaffUserDto } from '../../../core/api/staff';
import { request, requestBody } from './client';

async function page<T>(path: string, query: Record<string, string | number | undefined>): Promise<Page<T>> {
  return (await requestBody<Page<T>>(path, { query })) ?? { data: [], nextCursor: null };
}

/** Users, newest first; `q` matches email, name or id. */
export const listStaffUsers = (q?: string, before?: string) => page<StaffUserDto>('/api/staff/users', { q, before, limit: 25 });

/** Reports, newest first; narrowed to one owner with `ownerId`. */
export const listStaffReports = (query: { q?: string; ownerId?: string; before?: string }) => page<StaffReportDto>('/api/staff/reports', { ...query, limit: 25 });

/** Payments, newest first; narrowed to one user with `userId`. */
export const listStaffPayments = (query: { userId?: string; before?: string }) => page<StaffPaymentDto>('/api/staff/payments', { ...query, limit: 25 });

/** Grants (positive) or takes back (negative) credits, with a reason. */
export const changeCredits = (userId: string, input: StaffCreditInput) => request<StaffCreditDto>(`/api/staff/users/${encodeURIComponent(userId)}/credits`, { json: input });

/** The staff audit log, newest first. */
export const listAudit = (query: { action?: string; before?: string }) => page<StaffAuditEntryDto>('/api/staff/audit', { ...query, limit: 50 });

/** Generation jobs: the active ones, or all. */
export const listStaffJobs = (state: 'active' | 'all', before?: string) => page<StaffJobDto>('/api/staff/jobs', { state, before, limit: 50 });

/** Puts a job's message on the queue again. */
export const requeueJob = (jobId: string) => request<{ requeued: string[] }>(`/api/staff/jobs/${encodeURIComponent(jobId)}/requeue`, { method: 'POST' });
