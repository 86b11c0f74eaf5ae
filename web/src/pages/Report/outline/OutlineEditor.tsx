// The outline editor: chapters, sections and notes, edited by everyone at once. Every change is
// one Yjs operation from core/doc, so it reaches the others as it is made; the numbers come from
// the positions and are never stored.
import { For, Show } from 'solid-js';
import { addChapter, moveChapter, resetOutline } from '../../../../../core/doc';
import { useReportPage } from '../context';
import { ChapterRow } from './ChapterRow';
import { endDrag } from './drag';
import { focusSoon } from './focus';
import { dropIndex } from './moves';
import { GenerateOutline } from './GenerateOutline';

/** The editable outline (owners and editors). */
export function OutlineEditor() {
  const page = useReportPage();
  const doc = () => page.room.connection.doc;

  const add = () => {
    const id = addChapter(doc(), 'New chapter');
    focusSoon(`[data-outline-chapter="${id}"] .outline-title`, { select: true });
  };

  const reset = () => {
    if (!window.confirm('Put the generated outline back? Edits to the outline are lost, and sections it does not have lose their text.')) return;
    resetOutline(doc());
  };

  const dropChapter = (chapterId: string, targetIndex: number, after: boolean) => {
    endDrag();
    const current = page.outline.chapters.findIndex((c) => c.id === chapterId);
    moveChapter(doc(), chapterId, dropIndex(targetIndex, after, current));
  };

  return (
    <div class="outline-editor">
      <GenerateOutline />
      <ol class="outline-chapters" aria-label="Chapters">
        <For each={page.outline.chapters}>{(chapter, i) => <ChapterRow chapter={chapter} index={i()} onDropChapter={(id, after) => dropChapter(id, i(), after)} />}</For>
      </ol>
      <div class="outline-actions">
        <button type="button" class="button-secondary" onClick={add}>
          + Add chapter
        </button>
        <Show when={page.outline.hasGenerated()}>
          <button type="button" class="button-link" onClick={reset}>
            Reset to generated
          </button>
        </Show>
      </div>
    </div>
  );
}
