// The report's meta map (status, progress, each section's generation state) as a Solid store.
import { onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type * as Y from 'yjs';
import { readMeta, reportTypes, type ReportMeta } from '../../../../../core/doc';

/** Follows `meta` of `doc` until the owner is cleaned up. */
export function createMetaModel(doc: Y.Doc): ReportMeta {
  const [meta, setMeta] = createStore<ReportMeta>(readMeta(doc));
  const refresh = () => setMeta(reconcile(readMeta(doc)));
  const types = reportTypes(doc);
  types.meta.observeDeep(refresh);
  onCleanup(() => types.meta.unobserveDeep(refresh));
  return meta;
}
