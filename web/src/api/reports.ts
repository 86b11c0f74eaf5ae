// /api/reports, /api/folders and /api/dashboard: my reports, where I file them, and my summary.
import type { DashboardDto } from '../../../core/api/dashboard';
import type { FolderDto } from '../../../core/api/folders';
import type { CreateReportInput, ListReportsQuery, ReportDto, UpdateReportInput } from '../../../core/api/reports';
import { request } from './client';

/** Name, reports created and credits. */
export const getDashboard = () => request<DashboardDto>('/api/dashboard');

/** Reports I can see, newest first. */
export const listReports = (query: ListReportsQuery = {}) =>
  request<ReportDto[]>('/api/reports', { query: { scope: query.scope, folderId: query.folderId ?? undefined, status: query.status } });

/** One report. */
export const getReport = (id: string) => request<ReportDto>(`/api/reports/${encodeURIComponent(id)}`);

/** Creates a report from the new-report form. */
export const createReport = (input: CreateReportInput) => request<ReportDto>('/api/reports', { json: input });

/** Renames and/or moves a report. */
export const updateReport = (id: string, input: UpdateReportInput) =>
  request<ReportDto>(`/api/reports/${encodeURIComponent(id)}`, { method: 'PATCH', json: input });

/** Deletes a report (owner only). */
export const deleteReport = (id: string) => request<void>(`/api/reports/${encodeURIComponent(id)}`, { method: 'DELETE' });

/** My folders with their report counts. */
export const listFolders = () => request<FolderDto[]>('/api/folders');

/** Creates a folder. */
export const createFolder = (name: string) => request<FolderDto>('/api/folders', { json: { name } });

/** Renames a folder. */
export const renameFolder = (id: string, name: string) =>
  request<FolderDto>(`/api/folders/${encodeURIComponent(id)}`, { method: 'PATCH', json: { name } });

/** Deletes a folder; its reports become unfiled. */
export const deleteFolder = (id: string) => request<void>(`/api/folders/${encodeURIComponent(id)}`, { method: 'DELETE' });
