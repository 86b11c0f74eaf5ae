// Stores a snapshot of a report's document: a named one someone took, or the automatic one a
// restore takes of the state it is about to replace.
import type { Db } from '../../db/client';
import { reportSnapshots } from '../../db/schema';
import type { ReportJson } from '../../core/doc';
import { pruneAutoSnapshots } from '../lib/snapshots';

export interface SnapshotCreatorProps {
  reportId: string;
  kind: 'manual' | 'auto';
  /** Required for manual snapshots. */
  name: string | null;
  /** The whole document as one Yjs update. */
  state: Uint8Array;
  /** The same content as report JSON. */
  json: ReportJson;
  /** Who took it; null for the system. */
  createdBy: string | null;
}

/** Inserts the snapshot (pruning old automatic ones past the retention); answers it without its state. */
export default async function snapshotCreator(db: Db, props: SnapshotCreatorProps) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportSnapshots)
      .values({ reportId: props.reportId, kind: props.kind, name: props.name, state: props.state, json: props.json, createdBy: props.createdBy })
      .returning({ id: reportSnapshots.id, kind: reportSnapshots.kind, name: reportSnapshots.name, createdBy: reportSnapshots.createdBy, createdAt: reportSnapshots.createdAt });
    if (props.kind === 'auto') await pruneAutoSnapshots(tx, props.reportId);
    return row!;
  });
}
