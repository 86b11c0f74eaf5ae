// Downloading a report export: fetched (so a refusal shows as a message, not as a downloaded error
// page), then handed to the browser as a file with the name the API chose.
import type { ExportFormat } from '../../../core/api/export';
import { rawFetch, responseError } from './client';

/** The export URL of a report in a format. */
export const exportPath = (reportId: string, format: ExportFormat) => `/api/reports/${encodeURIComponent(reportId)}/export?format=${format}`;

/** The file name in a Content-Disposition header (the UTF-8 form when present). */
export function dispositionFilename(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1] as string);
    } catch {
      // A malformed encoding: use the plain name.
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header);
  return plain?.[1] || fallback;
}

/** Fetches the export and saves it as a file; answers the file name. */
export async function downloadExport(reportId: string, format: ExportFormat): Promise<string> {
  const res = await rawFetch(exportPath(reportId, format));
  if (!res.ok) throw await responseError(res);
  const blob = await res.blob();
  const filename = dispositionFilename(res.headers.get('content-disposition'), `report.${format}`);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by the time the click returns; freeing later is for slow ones.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return filename;
}
