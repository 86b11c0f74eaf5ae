// Which Y.XmlFragment each section's editor binds to. A fragment is replaced only when a body is
// dropped and made again (a section removed and restored, a document restored from history), and
// an editor must then bind to the new one.
import { createSignal, onCleanup } from 'solid-js';
import type * as Y from 'yjs';
import { reportTypes, sectionFragment } from '../../../../../core/doc';

/** A reactive look-up of section bodies. */
export type FragmentLookup = (sectionId: string) => Y.XmlFragment | undefined;

/** Follows the `sections` map of `doc` until the owner is cleaned up. */
export function createFragmentLookup(doc: Y.Doc): FragmentLookup {
  const [version, setVersion] = createSignal(0);
  const { sections } = reportTypes(doc);
  // Only keys added, replaced or removed; edits inside a body do not concern this map.
  const bump = () => setVersion((v) => v + 1);
  sections.observe(bump);
  onCleanup(() => sections.unobserve(bump));
  return (sectionId) => {
    version();
    return sectionFragment(doc, sectionId);
  };
}
