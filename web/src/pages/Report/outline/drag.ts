// Drag and drop in the outline (HTML5). What is being dragged is kept here, because a drop target
// cannot read the drag's data until the drop itself, and it needs to know whether to accept it.
import { createSignal } from 'solid-js';

export interface DragItem {
  kind: 'chapter' | 'section';
  id: string;
}

const MIME = 'application/x-seydam-outline';
const [dragging, setDragging] = createSignal<DragItem | null>(null);

/** What is being dragged in the outline, if anything. */
export { dragging };

/** Handlers that make an element the drag source of `item`. */
export function dragSource(item: () => DragItem) {
  return {
    draggable: true,
    onDragStart(event: DragEvent) {
      const value = item();
      setDragging(value);
      event.dataTransfer?.setData(MIME, JSON.stringify(value));
      // Some browsers start no drag without a text/plain entry.
      event.dataTransfer?.setData('text/plain', value.id);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    },
    onDragEnd() {
      setDragging(null);
    },
  };
}

/** Whether the pointer is on the lower half of `el` (drop after it) rather than the upper (before). */
export function isLowerHalf(event: DragEvent, el: HTMLElement): boolean {
  const box = el.getBoundingClientRect();
  return event.clientY > box.top + box.height / 2;
}

/** Ends the drag (after a drop). */
export function endDrag(): void {
  setDragging(null);
}
