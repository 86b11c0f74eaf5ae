// The entry names of a ZIP archive, read from its central directory: enough to tell a DOCX (a zip
// holding word/document.xml) from any other zip without unpacking anything.

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIZE = 22;
const CENTRAL_HEADER_SIZE = 46;

/** The archive's entry names, or null when there is no readable central directory (truncated or corrupt). */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  // ZIP64 archives mark these fields as 0xFFFF…; a guideline document never needs ZIP64.
  if (offset + size > eocd) return null;

  const names: string[] = [];
  const latin1 = new TextDecoder('latin1');
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_HEADER_SIZE > offset + size || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const nameEnd = at + CENTRAL_HEADER_SIZE + nameLength;
    if (nameEnd > offset + size) return null;
    // Names we look for are ASCII, so the legacy code page and UTF-8 read the same.
    names.push(latin1.decode(bytes.subarray(at + CENTRAL_HEADER_SIZE, nameEnd)));
    at = nameEnd + extraLength + commentLength;
  }
  return names;
}

// The record sits at the very end unless the archive has a comment (at most 65,535 bytes).
function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - EOCD_SIZE;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE && at + EOCD_SIZE + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return -1;
}
