// GET /api/reports/:id/export?format=docx|pdf|html|md: the report as a file, for anyone on it
// (viewers included), made from the live room's document (the stored copy when the room is down).
import { Hono } from 'hono';
import { EXPORT_FORMATS, exportQuery, type ExportFormat } from '../../core/api/export';
import { reportIdParam } from '../../core/api/reports';
import { renderReportHtmlDocument, renderReportMarkdown, type ReportJson } from '../../core/doc';
import type { AppEnv } from '../env';
import { renderReportDocx } from '../lib/export/docx';
import { ImageResolver } from '../lib/export/images';
import { exportFilename } from '../lib/export/inline';
import { renderReportPdf } from '../lib/export/pdf';
import { exportSource } from '../lib/export/source';
import { unicodeFonts } from '../lib/export/unicode-fonts';
import { enforce } from '../lib/rate-limit';
import { contentDisposition } from '../lib/uploads/filename';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';

/** Exports one person may make per hour: each reads the whole document and may build a large file. */
export const EXPORTS_PER_HOUR = 120;

async function render(format: ExportFormat, json: ReportJson, images: ImageResolver): Promise<Uint8Array | string> {
  switch (format) {
    case 'docx':
      return renderReportDocx(json, images);
    case 'pdf':
      return renderReportPdf(json, images, unicodeFonts);
    case 'html':
      return renderReportHtmlDocument(json);
    case 'md':
      return renderReportMarkdown(json);
    default:
      return format satisfies never;
  }
}

export const exportRoutes = new Hono<AppEnv>().get('/:id/export', requireUser, validate('param', reportIdParam), validate('query', exportQuery), async (c) => {
  const db = c.get('db');
  const user = c.get('user');
  const { id } = c.req.valid('param');
  const { format } = c.req.valid('query');
  await loadAuthorizedReport(db, id, user.id, 'read');
  await enforce(db, { key: `export:${user.id}`, max: EXPORTS_PER_HOUR, windowSeconds: 3600 });
  const { json, from } = await exportSource(db, c.env, id);
  const body = await render(format, json, new ImageResolver(db, c.env, id));
  const { contentType, extension } = EXPORT_FORMATS[format];
  return new Response(body, {
    headers: {
      'content-type': contentType,
      'content-disposition': contentDisposition('attachment', exportFilename(json.title, extension)),
      // An HTML export opened from the API's origin must never run anything (it has no script, and this makes sure).
      'content-security-policy': "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'x-export-source': from,
    },
  });
});
