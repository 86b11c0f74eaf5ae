// Exporting a report: GET /api/reports/:id/export?format=docx|pdf|html|md. Shared with the web client.
import { z } from 'zod';

export const exportFormats = ['docx', 'pdf', 'html', 'md'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The query of the export route. */
export const exportQuery = z.object({ format: z.enum(exportFormats) });
export type ExportQuery = z.input<typeof exportQuery>;

/** What each format is called on a button, and the file it downloads. */
export const EXPORT_FORMATS: Record<ExportFormat, { label: string; extension: string; contentType: string }> = {
  docx: { label: 'Word (DOCX)', extension: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  pdf: { label: 'PDF', extension: 'pdf', contentType: 'application/pdf' },
  html: { label: 'HTML', extension: 'html', contentType: 'text/html; charset=utf-8' },
  md: { label: 'Markdown', extension: 'md', contentType: 'text/markdown; charset=utf-8' },
};
