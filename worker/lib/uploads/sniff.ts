// What an uploaded file really is, from its first bytes. The browser's declared type and the file
// name are only hints (anyone can send `report.pdf` as image/png); the content type we store and
// serve is the one found here, so a file can never be served as something it is not.
import type { UploadKind } from '../../../core/api/uploads';
import { zipEntryNames } from './zip';

export type FileType = 'pdf' | 'docx' | 'text' | 'markdown' | 'png' | 'jpeg' | 'gif' | 'webp';

export const CONTENT_TYPES: Record<FileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

export type Sniffed =
  | { kind: 'ok'; type: FileType; contentType: string }
  /** Not a type this kind of upload accepts (415). */
  | { kind: 'unsupported'; reason: string }
  /** Looks like an accepted type but is broken (422). */
  | { kind: 'corrupt'; reason: string };

/** What the declared name and type say, used only to tell plain text from other text formats. */
export interface Declared {
  filename: string;
  type: string;
}

const GUIDELINE_TYPES = 'PDF, DOCX, TXT or Markdown (.md)';
const IMAGE_TYPES = 'PNG, JPEG, GIF or WebP';

/** The file's type if `kind` accepts it, else why not. */
export function sniff(kind: UploadKind, bytes: Uint8Array, declared: Declared): Sniffed {
  return kind === 'guideline' ? sniffGuideline(bytes, declared) : sniffImage(bytes);
}

function sniffGuideline(bytes: Uint8Array, declared: Declared): Sniffed {
  if (startsWith(bytes, '%PDF-')) return ok('pdf');
  if (startsWith(bytes, 'PK\x03\x04')) {
    const names = zipEntryNames(bytes);
    if (!names) return { kind: 'corrupt', reason: 'The file is a damaged or truncated ZIP/DOCX archive.' };
    if (names.includes('word/document.xml')) return ok('docx');
    return { kind: 'unsupported', reason: `The file is a ZIP archive but not a Word document; upload ${GUIDELINE_TYPES}.` };
  }
  // Plain text has no magic number: it must say it is text (name or type), contain no NUL byte and be UTF-8.
  const textual = textFlavour(declared);
  if (!textual) return { kind: 'unsupported', reason: `Guideline documents must be ${GUIDELINE_TYPES}.` };
  if (bytes.includes(0)) return { kind: 'unsupported', reason: 'The file claims to be text but contains binary data.' };
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { kind: 'unsupported', reason: 'Text files must be UTF-8 encoded; save it as UTF-8 and upload again.' };
  }
  return ok(textual);
}

function sniffImage(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, '\x89PNG\r\n\x1a\n')) return ok('png');
  if (startsWith(bytes, '\xff\xd8\xff')) return ok('jpeg');
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return ok('gif');
  if (startsWith(bytes, 'RIFF') && startsWith(bytes.subarray(8), 'WEBP')) return ok('webp');
  return { kind: 'unsupported', reason: `Images must be ${IMAGE_TYPES}.` };
}

/** 'markdown' or 'text' when the name or declared type says plain text or Markdown; null otherwise (HTML, SVG, CSV…). */
function textFlavour(declared: Declared): 'text' | 'markdown' | null {
  const name = declared.filename.toLowerCase();
  const type = declared.type.toLowerCase().split(';')[0]!.trim();
  if (/\.(md|markdown)$/.test(name) || type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  if (/\.(txt|text)$/.test(name) || type === 'text/plain') return 'text';
  return null;
}

function ok(type: FileType): Sniffed {
  return { kind: 'ok', type, contentType: CONTENT_TYPES[type] };
}

/** Whether `bytes` begins with `prefix`, a string of byte values (code points 0–255). */
function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}
