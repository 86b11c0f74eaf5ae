// The report page's read of its report, apart from state/reports.ts so the page does not load the
// dashboard's form schemas (zod). Same query key, so the two share one cache entry.
import { query } from '@solidjs/router';
import * as api from '../api/reports';

/** One report. */
export const getReport = query((id: string) => api.getReport(id), 'report');
