// What the staff tools send: the listed fields only (never password hashes, and not report content).
import type { LedgerEntryDto } from '../../core/api/billing';
import type { StaffAuditEntryDto, StaffContactMessageDto, StaffCreditDto, StaffJobDto, StaffPaymentDto, StaffReportDto, StaffUserDto } from '../../core/api/staff';
import type { contactMessages, payments, reportJobs, reports, staffAuditLog, User } from '../../db/schema';

/** A user with their balance. */
export function presentStaffUser(user: User, balance: number): StaffUserDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    isStaff: user.isStaff,
    isActive: user.isActive,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    balance,
  };
}

/** A report with its owner. */
export function presentStaffReport(
  report: typeof reports.$inferSelect,
  owner: { id: string; email: string; fullName: string },
): StaffReportDto {
  return {
    id: report.id,
    topic: report.topic,
    status: report.status,
    creditCost: report.creditCost,
    creditsCharged: report.creditsCharged,
    owner: { id: owner.id, email: owner.email, fullName: owner.fullName },
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
  };
}

/** A payment with its Stripe ids. */
export function presentStaffPayment(row: typeof payments.$inferSelect & { creditsRefunded: number }): StaffPaymentDto {
  return {
    id: row.id,
    userId: row.userId,
    userEmail: row.userEmail,
    provider: row.provider,
    checkoutSessionId: row.checkoutSessionId,
    paymentIntentId: row.paymentIntentId,
    pack: row.pack,
    credits: row.credits,
    amountCents: row.amountCents,
    currency: row.currency,
    status: row.status,
    creditsRefunded: row.creditsRefunded,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A contact-form message. */
export function presentStaffContactMessage(row: typeof contactMessages.$inferSelect): StaffContactMessageDto {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    email: row.email,
    subject: row.subject,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    handledAt: row.handledAt?.toISOString() ?? null,
  };
}

/** The entry a staff grant wrote and the balance after it. */
export function presentStaffCredit(entry: LedgerEntryDto, balance: number): StaffCreditDto {
  return { entry, balance };
}

/** A line of the staff audit log. */
export function presentStaffAuditEntry(row: typeof staffAuditLog.$inferSelect): StaffAuditEntryDto {
  return {
    id: row.id,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A generation job with its report's topic; `now` decides whether its lease still holds. */
export function presentStaffJob(job: typeof reportJobs.$inferSelect, reportTopic: string, now = new Date()): StaffJobDto {
  return {
    id: job.id,
    reportId: job.reportId,
    reportTopic,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    lastError: job.lastError,
    leased: job.leaseId !== null && job.leaseExpiresAt !== null && job.leaseExpiresAt > now,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
