// Focus after a client-side navigation: the new page's main content gets it, so keyboard and
// screen-reader users start on the page they went to, not on the link they followed (or on
// nothing, once that link is gone). Never on the first load, nor on a redirect before the person
// did anything (a signed-out visitor sent to the login page): there the browser's own starting
// point stays.
import { useLocation } from '@solidjs/router';
import { createEffect, on, onCleanup } from 'solid-js';

/** Focuses `target()` (an element with tabindex="-1") whenever the path changes after the person's first key or click. */
export function focusOnNavigation(target: () => HTMLElement | undefined): void {
  const location = useLocation();
  let interacted = false;
  const mark = () => {
    interacted = true;
  };
  const events = ['pointerdown', 'keydown'] as const;
  for (const type of events) window.addEventListener(type, mark, { capture: true });
  onCleanup(() => {
    for (const type of events) window.removeEventListener(type, mark, { capture: true });
  });
  createEffect(
    on(
      () => location.pathname,
      () => {
        // The router scrolls the new page to its top (or its #anchor) itself.
        if (interacted) target()?.focus({ preventScroll: true });
      },
      { defer: true },
    ),
  );
}
