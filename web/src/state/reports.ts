// The dashboard's data: summary, folders and reports, and the writes on them.
import { action, query } from '@solidjs/router';
import { folderSchema } from '../../../core/api/folders';
import { createReportSchema, type ListReportsQuery, type ReportDto } from '../../../core/api/reports';
import { ApiError, isStatus } from '../api/client';
import * as api from '../api/reports';
import { GUIDELINE_MAX_BYTES, uploadGuideline } from '../api/uploads';
import { formText, parseForm } from '../lib/forms';

/** Name, reports created, credits. */
export const getDashboard = query(api.getDashboard, 'dashboard');

/** My folders. */
export const getFolders = query(api.listFolders, 'folders');

/** Reports for a scope and folder filter. */
export const getReports = query((filter: ListReportsQuery) => api.listReports(filter), 'reports');

/** One report. */
export const getReport = query((id: string) => api.getReport(id), 'report');

/** Creates a folder from its form. */
export const createFolderAction = action(async (form: FormData) => {
  const { name } = parseForm(folderSchema, formText(form, ['name']));
  return api.createFolder(name);
}, 'createFolder');

/** Renames a folder from its inline form. */
export const renameFolderAction = action(async (id: string, form: FormData) => {
  const { name } = parseForm(folderSchema, formText(form, ['name']));
  return api.renameFolder(id, name);
}, 'renameFolder');

/** Deletes a folder (its reports become unfiled). */
export const deleteFolderAction = action(async (id: string) => {
  await api.deleteFolder(id);
}, 'deleteFolder');

/** Files a report in a folder, or takes it out (null). */
export const moveReportAction = action(async (id: string, folderId: string | null) => api.updateReport(id, { folderId }), 'moveReport');

/** The outcome of the new-report form: the report, and what happened to each guideline document. */
export interface CreatedReport {
  report: ReportDto;
  uploaded: string[];
  /** Documents that did not go up, with why (the report exists either way). */
  notUploaded: { name: string; reason: string }[];
}

/** Creates a report from the dialog's form, then uploads its guideline documents one by one. */
export const createReportAction = action(async (form: FormData): Promise<CreatedReport> => {
  const text = formText(form, ['topic', 'description', 'guidelines', 'folderId', 'referenceCount']);
  const files = form.getAll('guidelineFiles').filter((f): f is File => f instanceof File && f.size > 0);
  const tooBig = files.find((f) => f.size > GUIDELINE_MAX_BYTES);
  if (tooBig) {
    throw new ApiError(400, 'validation_error', `guidelineFiles: ${tooBig.name} is larger than ${GUIDELINE_MAX_BYTES / 1024 / 1024} MiB.`, 'guidelineFiles');
  }
  const input = parseForm(createReportSchema, {
    topic: text.topic,
    description: text.description,
    guidelines: text.guidelines,
    referenceCount: Number(text.referenceCount),
    folderId: text.folderId || null,
  });
  const report = await api.createReport(input);
  const result: CreatedReport = { report, uploaded: [], notUploaded: [] };
  for (const file of files) {
    try {
      await uploadGuideline(report.id, file);
      result.uploaded.push(file.name);
    } catch (err) {
      // Until the uploads route ships, the API answers 404 "No such endpoint": keep the report.
      const reason = isStatus(err, 404) ? 'document upload is not available on this server yet' : err instanceof Error ? err.message : String(err);
      result.notUploaded.push({ name: file.name, reason });
    }
  }
  return result;
}, 'createReport');
