// Real files for upload tests, built here rather than checked in: a PDF written by hand (one page
// per string, Helvetica text that pdftotext and pdf.js both read), a DOCX made by the `docx`
// package, and the multipart request a browser would send.
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { fetchWorker } from './api';

/** A valid one-font PDF with one page per entry of `pages` (ASCII text; parentheses and backslashes are escaped). */
export function pdfBytes(pages: string[], opts: { title?: string } = {}): Uint8Array {
  const escape = (s: string) => s.replace(/[\\()]/g, (ch) => `\\${ch}`);
  const pageIds = pages.map((_, i) => 4 + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  for (const [i, text] of pages.entries()) {
    const stream = `BT /F1 12 Tf 72 720 Td (${escape(text)}) Tj ET`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageIds[i]! + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  if (opts.title) objects.push(`<< /Title (${escape(opts.title)}) >>`);
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const info = opts.title ? ` /Info ${objects.length} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${info} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** A Word document: a heading, then one paragraph per entry. */
export async function docxBytes(heading: string, paragraphs: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: [new Paragraph({ text: heading, heading: HeadingLevel.HEADING_1 }), ...paragraphs.map((text) => new Paragraph({ text }))] }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The smallest valid PNG: one transparent pixel. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);

export interface UploadInput {
  bytes: Uint8Array;
  filename: string;
  /** What the browser declares (default application/octet-stream). */
  type?: string;
  /** Omitted from the form when null. */
  kind?: string | null;
  /** Extra request headers (e.g. a browser's Origin). */
  headers?: Record<string, string>;
}

/** POST <base>/api/reports/:id/uploads as multipart/form-data, the way a browser's form sends it. */
export function uploadTo(base: string, reportId: string, session: string | null, input: UploadInput): Promise<Response> {
  const form = new FormData();
  if (input.kind !== null) form.set('kind', input.kind ?? 'guideline');
  form.set('file', new Blob([input.bytes.slice()], { type: input.type ?? 'application/octet-stream' }), input.filename);
  const headers = { ...input.headers, ...(session ? { cookie: `seydam_session=${session}` } : {}) };
  return fetchWorker(`${base}/api/reports/${reportId}/uploads`, { method: 'POST', body: form, headers });
}

/** A ZIP archive holding one stored (uncompressed) file, built by hand. */
export function zipWith(name: string, content = 'hello'): Uint8Array {
  const enc = new TextEncoder();
  const nameBytes = enc.encode(name);
  const data = enc.encode(content);
  const crc = crc32(data);
  const local = new Uint8Array(30 + nameBytes.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint32(14, crc, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, data.length, true);
  lv.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  const central = new Uint8Array(46 + nameBytes.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, data.length, true);
  cv.setUint16(28, nameBytes.length, true);
  central.set(nameBytes, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + data.length, true);
  return new Uint8Array(Buffer.concat([local, data, central, end]));
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
