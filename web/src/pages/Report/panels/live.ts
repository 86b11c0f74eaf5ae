// Reading the live report document in a panel: a signal recomputed when the document changes.
// Generation streams many small updates a second, so recomputing waits for the next frame (at most
// one read per frame, and `wait` ms apart for reads that walk the whole document).
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type * as Y from 'yjs';

/** `read(doc)` now and after every change (coalesced), until the owner is disposed. */
export function liveValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T, opts: { wait?: number } = {}): Accessor<T> {
  const [value, setValue] = createSignal<T>(read(doc), { equals: false });
  let scheduled = false;
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    scheduled = false;
    last = Date.now();
    setValue(() => read(doc));
  };
  const onUpdate = () => {
    if (scheduled) return;
    scheduled = true;
    const delay = Math.max(0, (opts.wait ?? 0) - (Date.now() - last));
    timer = setTimeout(() => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : run()), delay);
  };
  doc.on('update', onUpdate);
  onCleanup(() => {
    doc.off('update', onUpdate);
    if (timer) clearTimeout(timer);
  });
  return value;
}

/** Two lists with the same items in the same order (a memo's `equals`, so keyed lists keep their rows). */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
