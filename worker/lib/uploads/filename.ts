// File names: cleaning the one a browser sends, and handing it back in Content-Disposition.

/** Longest file name kept (characters); longer names keep their extension. */
const MAX_NAME = 200;

/** The name to store: the last path part (some browsers send a full path), no control characters, at most 200 characters. */
export function cleanFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
  if (!name || name === '.' || name === '..') return 'upload';
  if (name.length <= MAX_NAME) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, MAX_NAME - ext.length) + ext;
}

/** A Content-Disposition value: an ASCII fallback name for old clients and the exact name as RFC 5987 UTF-8. */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
