// The outline as a Solid store that follows the Yjs document: chapters and sections keep their
// identity by id across changes, so a rename or a move updates the rows it touches instead of
// rebuilding every editor on the page.
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type * as Y from 'yjs';
import { numberOutline, readGeneratedOutline, readOutline, reportTypes, type NumberedChapter } from '../../../../../core/doc';

export interface OutlineModel {
  /** Chapters with their numbers and sections, in document order. */
  chapters: NumberedChapter[];
  /** Whether there is a generated outline to reset to. */
  hasGenerated: Accessor<boolean>;
}

/** Follows the outline of `doc` until the owner is cleaned up. */
export function createOutlineModel(doc: Y.Doc): OutlineModel {
  const [state, setState] = createStore<{ chapters: NumberedChapter[] }>({ chapters: [] });
  const [hasGenerated, setHasGenerated] = createSignal(false);
  const { outline, meta } = reportTypes(doc);
  const refresh = () => setState('chapters', reconcile(numberOutline(readOutline(doc)), { key: 'id' }));
  const refreshGenerated = () => setHasGenerated(readGeneratedOutline(doc) !== null);
  refresh();
  refreshGenerated();
  outline.observeDeep(refresh);
  meta.observe(refreshGenerated);
  onCleanup(() => {
    outline.unobserveDeep(refresh);
    meta.unobserve(refreshGenerated);
  });
  return {
    get chapters() {
      return state.chapters;
    },
    hasGenerated,
  };
}
