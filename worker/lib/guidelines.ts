// A report's guideline documents as generation input: their extracted text for prompts (outline,
// sections) and each document as a citable reference of its own.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { ReferenceJson } from '../../core/doc';
import type { DbOrTx } from '../../db/client';
import { uploads } from '../../db/schema';
import { referenceId } from './scholarly/gather';
import { capText } from './uploads/text';

/** A guideline document's text, cut to its share of a prompt's budget. */
export interface GuidelineDocument {
  uploadId: string;
  /** The id citation markers use for this document (see uploadReferences). */
  referenceId: string;
  filename: string;
  title: string;
  text: string;
  /** True when `text` is shorter than the stored text. */
  truncated: boolean;
}

/** Characters of a document's opening kept as its reference's abstract. */
const ABSTRACT_CHARS = 600;

/**
 * The report's guideline documents, oldest first, their texts together at most `maxChars`
 * characters. The budget is shared fairly: short documents are kept whole and what they leave
 * is split evenly between the longer ones, so one long document cannot crowd out the others.
 */
export async function guidelineDocuments(db: DbOrTx, reportId: string, maxChars: number): Promise<GuidelineDocument[]> {
  const budget = Math.max(0, Math.trunc(maxChars));
  const rows = await db
    .select({
      id: uploads.id,
      filename: uploads.filename,
      // No document can get more than the whole budget: never load more than that.
      text: sql<string>`left(${uploads.extractedText}, ${budget})`,
      chars: sql<number>`char_length(${uploads.extractedText})`.mapWith(Number),
    })
    .from(uploads)
    .where(and(eq(uploads.reportId, reportId), eq(uploads.kind, 'guideline'), isNotNull(uploads.extractedText)))
    .orderBy(asc(uploads.createdAt), asc(uploads.id));
  const shares = fairShares(rows.map((r) => r.chars), budget);
  return rows.map((row, i) => {
    const { text } = capText(row.text, shares[i]!);
    return {
      uploadId: row.id,
      referenceId: uploadReferenceId(row.id),
      filename: row.filename,
      title: documentTitle(row.filename),
      text,
      truncated: shares[i]! < row.chars,
    };
  });
}

/** The report's guideline documents as references (oldest first), to list beside the scholarly sources. */
export async function uploadReferences(db: DbOrTx, reportId: string): Promise<ReferenceJson[]> {
  const rows = await db
    .select({ id: uploads.id, filename: uploads.filename, opening: sql<string>`left(${uploads.extractedText}, ${ABSTRACT_CHARS + 1})` })
    .from(uploads)
    .where(and(eq(uploads.reportId, reportId), eq(uploads.kind, 'guideline'), isNotNull(uploads.extractedText)))
    .orderBy(asc(uploads.createdAt), asc(uploads.id));
  return rows.map((row) => {
    const { text, truncated } = capText(row.opening.replace(/\s+/g, ' ').trim(), ABSTRACT_CHARS);
    return {
      id: uploadReferenceId(row.id),
      title: documentTitle(row.filename),
      authors: [],
      year: null,
      venue: null,
      doi: null,
      url: null,
      abstract: text ? (truncated ? `${text}…` : text) : null,
      source: 'upload',
      externalId: row.id,
    };
  });
}

/** The document id of an uploaded guideline's reference: stable, so re-gathering keeps its citations valid. */
export function uploadReferenceId(uploadId: string): string {
  return referenceId({ doi: null, source: 'upload', externalId: uploadId });
}

/** The title a document is listed and cited under: its file name without the extension. */
export function documentTitle(filename: string): string {
  return filename.replace(/\.(pdf|docx|txt|text|md|markdown)$/i, '').trim() || filename;
}

/**
 * Each length's share of `budget`, smallest first ("water filling"): a length at or under an even
 * share of what is left keeps all of it; the rest split the remainder evenly.
 */
export function fairShares(lengths: number[], budget: number): number[] {
  const shares = lengths.map(() => 0);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
  let left = budget;
  order.forEach((index, k) => {
    const share = Math.min(lengths[index]!, Math.floor(left / (order.length - k)));
    shares[index] = share;
    left -= share;
  });
  return shares;
}
