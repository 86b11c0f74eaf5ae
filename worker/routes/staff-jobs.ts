// Staff tools for generation jobs: list them, put a job's message on the queue again (a job that
// lost its message; a duplicate is harmless) and run the abandoned-job sweep now. All are audited.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { staffJobsQuery } from '../../core/api/staff';
import { reportJobs, reports } from '../../db/schema';
import staffActionRecorder from '../commands/staffActionRecorder';
import type { AppEnv } from '../env';
import { conflict, notFound } from '../errors';
import { requeueAbandonedJobs, requeueJob } from '../generation/sweeper';
import { olderThan, pageOf } from '../lib/pagination';
import { requireStaff, requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { presentStaffJob } from '../presenters/staff';

export const staffJobs = new Hono<AppEnv>()
  .use('*', requireUser, requireStaff)
  .get('/', validate('query', staffJobsQuery), async (c) => {
    const db = c.get('db');
    const { state, limit, before } = c.req.valid('query');
    await staffActionRecorder(db, { actor: c.get('user'), action: 'jobs.list', targetType: 'report_job', details: { state, before: before ?? null, limit } });
    const where: SQL[] = [];
    if (state === 'active') where.push(inArray(reportJobs.status, ['queued', 'running']));
    if (before) where.push(olderThan(reportJobs, before));
    const rows = await db
      .select({ job: reportJobs, topic: reports.topic })
      .from(reportJobs)
      .innerJoin(reports, eq(reports.id, reportJobs.reportId))
      .where(and(...where))
      .orderBy(desc(reportJobs.createdAt), desc(reportJobs.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => r.job.id);
    return c.json({ data: page.rows.map((r) => presentStaffJob(r.job, r.topic)), nextCursor: page.nextCursor });
  })
  .post('/:jobId/requeue', validate('param', z.object({ jobId: z.uuid() })), async (c) => {
    const db = c.get('db');
    const { jobId } = c.req.valid('param');
    const [job] = await db.select({ id: reportJobs.id, status: reportJobs.status }).from(reportJobs).where(eq(reportJobs.id, jobId));
    if (!job) throw notFound('Job');
    if (job.status !== 'queued' && job.status !== 'running') throw conflict('job_ended', `The job has already ended (${job.status}).`);
    await requeueJob(db, c.env, jobId);
    await staffActionRecorder(db, { actor: c.get('user'), action: 'jobs.requeue', targetType: 'report_job', targetId: jobId, details: {} });
    return c.json({ data: { requeued: [jobId] } }, 202);
  })
  .post('/sweep', async (c) => {
    const db = c.get('db');
    const requeued = await requeueAbandonedJobs(db, c.env);
    await staffActionRecorder(db, { actor: c.get('user'), action: 'jobs.sweep', targetType: 'report_job', details: { requeued } });
    return c.json({ data: { requeued } });
  });
