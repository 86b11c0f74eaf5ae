// The text of a guideline document: unpdf (pdf.js built for serverless runtimes) for PDF, mammoth
// for DOCX, a strict UTF-8 decode for plain text and Markdown. Cleaned here (text.ts); the upload
// route caps it before storing, because all of it may go into prompts.
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import type { FileType } from './sniff';
import { cleanText } from './text';

/** A document whose content could not be read although its type is right (corrupt, encrypted, no text). */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    /** What the parser said, for the logs. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** The document's text, cleaned; throws UnreadableFileError when it cannot be parsed or holds no text. */
export async function extractDocumentText(type: FileType, bytes: Uint8Array): Promise<string> {
  const raw = await rawText(type, bytes);
  const text = cleanText(raw);
  if (text.length === 0) {
    throw new UnreadableFileError(
      type === 'pdf'
        ? 'No text could be found in the PDF. A scanned PDF holds only pictures of text, which are not read; upload a PDF with real text, a DOCX or a TXT.'
        : 'The document holds no text.',
    );
  }
  return text;
}

async function rawText(type: FileType, bytes: Uint8Array): Promise<string> {
  switch (type) {
    case 'pdf':
      return pdfText(bytes);
    case 'docx':
      return docxText(bytes);
    case 'text':
    case 'markdown':
      // Already checked to be UTF-8 by sniff(); the BOM is dropped by the decoder.
      return new TextDecoder('utf-8').decode(bytes);
    default:
      throw new Error(`No text extraction for ${type}`);
  }
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  let pdf;
  try {
    // pdf.js may take ownership of the buffer it is given; it gets a copy, the caller keeps the original.
    pdf = await getDocumentProxy(bytes.slice());
  } catch (err) {
    if (errorName(err) === 'PasswordException') throw new UnreadableFileError('The PDF is password-protected; upload an unprotected copy.', describe(err));
    throw new UnreadableFileError('The PDF is damaged and could not be read.', describe(err));
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text.join('\n\n');
  } catch (err) {
    throw new UnreadableFileError('The PDF is damaged and its text could not be read.', describe(err));
  } finally {
    // Frees pdf.js's document state (it keeps caches per loaded document).
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

async function docxText(bytes: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.extractRawText({ arrayBuffer: bytes.slice().buffer });
    return result.value;
  } catch (err) {
    throw new UnreadableFileError('The Word document is damaged and could not be read.', describe(err));
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err === 'object' && err && 'name' in err ? String((err as { name: unknown }).name) : '';
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
