// The staff pages' reads and writes.
import { action, query } from '@solidjs/router';
import { staffCreditSchema } from '../../../core/api/staff';
import * as api from '../api/staff';
import { formText, parseForm } from '../lib/forms';

/** Users matching a search (newest first). */
export const getStaffUsers = query((q: string) => api.listStaffUsers(q || undefined), 'staffUsers');

/** One user, found by id. */
export const getStaffUser = query(async (id: string) => (await api.listStaffUsers(id)).data.find((u) => u.id === id) ?? null, 'staffUser');

/** A user's payments. */
export const getStaffPayments = query((userId: string) => api.listStaffPayments({ userId }), 'staffPayments');

/** A user's reports. */
export const getStaffReports = query((ownerId: string) => api.listStaffReports({ ownerId }), 'staffReports');

/** Generation jobs. */
export const getStaffJobs = query((state: 'active' | 'all') => api.listStaffJobs(state), 'staffJobs');

/** The audit log, optionally one action. */
export const getAudit = query((actionName: string) => api.listAudit({ action: actionName || undefined }), 'staffAudit');

/** Grants or takes back credits from the credit form; the key makes a double submit count once. */
export const changeCreditsAction = action(async (userId: string, idempotencyKey: string, form: FormData) => {
  const text = formText(form, ['delta', 'reason']);
  const input = parseForm(staffCreditSchema, { delta: text.delta === '' ? undefined : Number(text.delta), reason: text.reason, idempotencyKey });
  return api.changeCredits(userId, input);
}, 'staffChangeCredits');

/** Puts a job back on the queue. */
export const requeueJobAction = action((jobId: string) => api.requeueJob(jobId), 'staffRequeueJob');
