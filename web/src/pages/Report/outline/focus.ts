// Keeping keyboard focus on an outline item after it changed place: a move re-renders its row, and
// a new item's title should take the typing at once.

/** Focuses the first element matching `selector` once the page has re-rendered; `select` selects an input's text. */
export function focusSoon(selector: string, opts: { select?: boolean; fallback?: string } = {}): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(selector);
    const target = el && !(el as HTMLButtonElement).disabled ? el : opts.fallback ? document.querySelector<HTMLElement>(opts.fallback) : el;
    target?.focus();
    if (opts.select && target instanceof HTMLInputElement) target.select();
  });
}
