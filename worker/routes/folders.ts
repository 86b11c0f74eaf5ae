// /api/folders: the caller's folders for filing their reports. Folders are private: another user's
// folder is "not found" everywhere.
import { asc, count, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { folderIdParam, folderSchema } from '../../core/api/folders';
import type { Db } from '../../db/client';
import { reportFolders, reports } from '../../db/schema';
import folderCreator from '../commands/folderCreator';
import folderDeleter from '../commands/folderDeleter';
import folderRenamer from '../commands/folderRenamer';
import type { AppEnv } from '../env';
import { conflict, isUniqueViolation, notFound } from '../errors';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { presentFolder } from '../presenters/folder';

/** Turns the owner-and-name unique violation into a 409 that names the field. */
function duplicateName(err: unknown): never {
  if (isUniqueViolation(err)) throw conflict('folder_exists', 'You already have a folder with that name.', 'name');
  throw err;
}

/** How many reports a folder holds. */
async function reportCount(db: Db, folderId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(reports).where(eq(reports.folderId, folderId));
  return row?.n ?? 0;
}

export const folders = new Hono<AppEnv>()
  .get('/', requireUser, async (c) => {
    const rows = await c
      .get('db')
      .select({
        id: reportFolders.id,
        name: reportFolders.name,
        createdAt: reportFolders.createdAt,
        updatedAt: reportFolders.updatedAt,
        reportCount: count(reports.id),
      })
      .from(reportFolders)
      .leftJoin(reports, eq(reports.folderId, reportFolders.id))
      .where(eq(reportFolders.ownerId, c.get('user').id))
      .groupBy(reportFolders.id)
      .orderBy(asc(sql`lower(${reportFolders.name})`), asc(reportFolders.id));
    return c.json({ data: rows.map((row) => presentFolder(row, row.reportCount)) });
  })

  .post('/', requireUser, validate('json', folderSchema), async (c) => {
    const folder = await folderCreator(c.get('db'), { ownerId: c.get('user').id, name: c.req.valid('json').name }).catch(duplicateName);
    return c.json({ data: presentFolder(folder, 0) }, 201);
  })

  .patch('/:id', requireUser, validate('param', folderIdParam), validate('json', folderSchema), async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    const folder = await folderRenamer(db, { folderId: id, ownerId: c.get('user').id, name: c.req.valid('json').name }).catch(duplicateName);
    if (!folder) throw notFound('Folder');
    return c.json({ data: presentFolder(folder, await reportCount(db, id)) });
  })

  .delete('/:id', requireUser, validate('param', folderIdParam), async (c) => {
    const gone = await folderDeleter(c.get('db'), { folderId: c.req.valid('param').id, ownerId: c.get('user').id });
    if (!gone) throw notFound('Folder');
    return c.body(null, 204);
  });
