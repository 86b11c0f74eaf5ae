// A modal built on the native <dialog>: the browser traps focus, closes it on Escape and restores
// focus to the opener, so the keyboard behaviour is the platform's own.
import { createEffect, createUniqueId, onCleanup, type JSX } from 'solid-js';

/** Open while `open` is true; `onClose` runs on Escape, the close button or a backdrop click. */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: JSX.Element }) {
  let ref: HTMLDialogElement | undefined;
  const titleId = `dialog-${createUniqueId()}`;
  createEffect(() => {
    if (!ref) return;
    if (props.open && !ref.open) ref.showModal();
    if (!props.open && ref.open) ref.close();
  });
  onCleanup(() => ref?.open && ref.close());
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onClose={() => props.open && props.onClose()}
      onClick={(e) => e.target === ref && props.onClose()}
    >
      <div class="dialog-body">
        <header class="dialog-header">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" class="button-icon" aria-label="Close" onClick={() => props.onClose()}>
            ×
          </button>
        </header>
        {props.children}
      </div>
    </dialog>
  );
}
