// /api/surveys: a signed-in user's answers to the satisfaction survey, optionally about a report.
import { Hono } from 'hono';
import { surveySchema } from '../../core/api/public';
import surveyResponseCreator from '../commands/surveyResponseCreator';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadReportForUser } from '../policies/report';
import { presentSubmission } from '../presenters/submission';

export const surveys = new Hono<AppEnv>().post('/', requireUser, validate('json', surveySchema), async (c) => {
  const db = c.get('db');
  const user = c.get('user');
  const body = c.req.valid('json');
  const reportId = body.reportId ?? null;
  if (reportId) {
    const found = await loadReportForUser(db, reportId, user.id);
    switch (found.kind) {
      case 'not_found':
        throw apiError(404, 'not_found', 'Report not found.', { field: 'reportId' });
      case 'found':
        break;
      default:
        return found satisfies never;
    }
  }
  const row = await surveyResponseCreator(db, {
    userId: user.id,
    reportId,
    satisfaction: body.satisfaction,
    wouldRecommend: body.wouldRecommend,
    processEasy: body.processEasy,
    metExpectations: body.metExpectations,
    mostValuableFeature: body.mostValuableFeature,
    feedback: body.feedback,
  });
  return c.json({ data: presentSubmission(row) }, 201);
});
