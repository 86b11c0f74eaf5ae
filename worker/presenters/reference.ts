// What the API sends for a report's references: the listed fields only.
import type { ReferenceDto } from '../../core/api/references';
import type { reportReferences } from '../../db/schema';
import { referenceId } from '../lib/scholarly/gather';

type ReferenceRow = typeof reportReferences.$inferSelect;

/** A stored reference, with the document id a search (or an upload) gave it. */
export function presentReference(r: ReferenceRow): ReferenceDto {
  return {
    id: r.id,
    referenceId: r.source !== 'manual' && r.externalId ? referenceId({ doi: r.doi, source: r.source, externalId: r.externalId }) : null,
    position: r.position,
    title: r.title,
    authors: r.authors,
    year: r.year,
    venue: r.venue,
    doi: r.doi,
    url: r.url,
    abstract: r.abstract,
    source: r.source,
    externalId: r.externalId,
  };
}
