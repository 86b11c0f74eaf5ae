// /api/reports: create, list, read, rename/move and delete reports. Every route loads the report
// through the policy's loader, so someone without a role gets 404 and never the report's data.
import { and, desc, eq, isNull, ne, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { createReportSchema, listReportsQuery, reportIdParam, updateReportSchema } from '../../core/api/reports';
import { reportFolders, reports as reportRows } from '../../db/schema';
import reportCreator from '../commands/reportCreator';
import reportDeleter from '../commands/reportDeleter';
import reportUpdater from '../commands/reportUpdater';
import type { AppEnv } from '../env';
import { apiError, notFound } from '../errors';
import { cleanUpReportObjects } from '../lib/uploads/storage';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { authorize, loadAuthorizedReport, loadReportForUser, selectReportEntries, visibleTo } from '../policies/report';
import { presentReport } from '../presenters/report';

// Folders are private, so a folder that is not the caller's is "not found", named as the bad field.
const folderNotFound = () => apiError(404, 'not_found', 'Folder not found.', { field: 'folderId' });

export const reports = new Hono<AppEnv>()
  .post('/', requireUser, validate('json', createReportSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const body = c.req.valid('json');
    const result = await reportCreator(db, {
      ownerId: user.id,
      topic: body.topic,
      description: body.description,
      referenceCount: body.referenceCount,
      guidelines: body.guidelines,
      folderId: body.folderId ?? null,
    });
    switch (result.kind) {
      case 'folder_not_found':
        throw folderNotFound();
      case 'created': {
        const entry = await loadAuthorizedReport(db, result.report.id, user.id, 'read');
        return c.json({ data: presentReport(entry) }, 201);
      }
      default:
        return result satisfies never;
    }
  })

  .get('/', requireUser, validate('query', listReportsQuery), async (c) => {
    const db = c.get('db');
    const me = c.get('user').id;
    const { folderId, status, scope } = c.req.valid('query');
    const where: SQL[] = [visibleTo(me)];
    if (scope === 'mine') where.push(eq(reportRows.ownerId, me));
    if (scope === 'shared') where.push(ne(reportRows.ownerId, me));
    if (status) where.push(eq(reportRows.status, status));
    // A folder filter is about the caller's own filing, so it narrows to reports they own.
    if (folderId === 'none') where.push(eq(reportRows.ownerId, me), isNull(reportRows.folderId));
    else if (folderId) {
      const [folder] = await db
        .select({ id: reportFolders.id })
        .from(reportFolders)
        .where(and(eq(reportFolders.id, folderId), eq(reportFolders.ownerId, me)));
      if (!folder) throw folderNotFound();
      where.push(eq(reportRows.ownerId, me), eq(reportRows.folderId, folderId));
    }
    const rows = await selectReportEntries(db, me)
      .where(and(...where))
      .orderBy(desc(reportRows.createdAt), desc(reportRows.id));
    const data = rows.flatMap((row) => (row.role ? [presentReport({ ...row, role: row.role })] : []));
    return c.json({ data });
  })

  .get('/:id', requireUser, validate('param', reportIdParam), async (c) => {
    const entry = await loadAuthorizedReport(c.get('db'), c.req.valid('param').id, c.get('user').id, 'read');
    return c.json({ data: presentReport(entry) });
  })

  .patch('/:id', requireUser, validate('param', reportIdParam), validate('json', updateReportSchema), async (c) => {
    const db = c.get('db');
    const me = c.get('user').id;
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const found = await loadReportForUser(db, id, me);
    switch (found.kind) {
      case 'not_found':
        throw notFound('Report');
      case 'found':
        break;
      default:
        return found satisfies never;
    }
    if (body.topic !== undefined) authorize(found.role, 'rename');
    if (body.folderId !== undefined) authorize(found.role, 'move');
    const result = await reportUpdater(db, {
      reportId: id,
      ownerId: found.report.ownerId,
      topic: body.topic,
      folderId: body.folderId,
    });
    switch (result.kind) {
      case 'folder_not_found':
        throw folderNotFound();
      case 'report_not_found':
        throw notFound('Report');
      case 'updated':
        return c.json({ data: presentReport(await loadAuthorizedReport(db, id, me, 'read')) });
      default:
        return result satisfies never;
    }
  })

  .delete('/:id', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'delete');
    if (!(await reportDeleter(db, { reportId: id }))) throw notFound('Report');
    // The uploads rows went with the report; their files in R2 go now.
    await cleanUpReportObjects(c.env.UPLOADS, id);
    return c.body(null, 204);
  });
