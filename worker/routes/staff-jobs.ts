// Staff tools for generation jobs: put a job's message on the queue again (a job that lost its
// message; a duplicate is harmless) and run the abandoned-job sweep now. Both are audited.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { reportJobs } from '../../db/schema';
import staffActionRecorder from '../commands/staffActionRecorder';
import type { AppEnv } from '../env';
import { conflict, notFound } from '../errors';
import { requeueAbandonedJobs, requeueJob } from '../generation/sweeper';
import { requireStaff, requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';

export const staffJobs = new Hono<AppEnv>()
  .use('*', requireUser, requireStaff)
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
