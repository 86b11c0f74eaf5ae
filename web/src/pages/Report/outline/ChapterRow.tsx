// One chapter in the outline editor: its title, its sections, adding a section, moving (drag or
// keyboard) and removing the chapter.
import { createSignal, For } from 'solid-js';
import { addSection, moveSection, removeChapter, renameChapter, type NumberedChapter } from '../../../../../core/doc';
import { useReportPage } from '../context';
import { dragging, dragSource, endDrag, isLowerHalf } from './drag';
import { focusSoon } from './focus';
import { canMoveChapter, dropIndex, moveChapterBy, type Direction } from './moves';
import { SectionRow } from './SectionRow';

export interface ChapterRowProps {
  chapter: NumberedChapter;
  index: number;
  /** A chapter dropped on this one, before it or after it. */
  onDropChapter(chapterId: string, after: boolean): void;
}

/** A chapter with its sections. */
export function ChapterRow(props: ChapterRowProps) {
  const page = useReportPage();
  const doc = () => page.room.connection.doc;
  const [dropAt, setDropAt] = createSignal<'before' | 'after' | 'inside' | null>(null);
  const name = () => `chapter ${props.chapter.number} ${props.chapter.title}`.trim();

  const move = (direction: Direction) => {
    const id = props.chapter.id;
    if (!moveChapterBy(doc(), page.outline.chapters, props.index, direction)) return;
    const other = direction === 'up' ? 'down' : 'up';
    focusSoon(`[data-outline-chapter="${id}"] > .outline-row [data-move="${direction}"]`, {
      fallback: `[data-outline-chapter="${id}"] > .outline-row [data-move="${other}"]`,
    });
  };

  const remove = () => {
    const count = props.chapter.sections.length;
    const what = count > 0 ? ` with its ${count} section${count === 1 ? '' : 's'} and their text` : '';
    if (!window.confirm(`Remove ${name()}${what}?`)) return;
    removeChapter(doc(), props.chapter.id);
  };

  const add = () => {
    const id = addSection(doc(), props.chapter.id, 'New section');
    if (id) focusSoon(`[data-outline-section="${id}"] .outline-title`, { select: true });
  };

  /** A section dropped on one of this chapter's rows. */
  const dropSection = (sectionId: string, targetIndex: number, after: boolean) => {
    endDrag();
    const current = props.chapter.sections.findIndex((s) => s.id === sectionId);
    moveSection(doc(), sectionId, props.chapter.id, dropIndex(targetIndex, after, current));
  };

  return (
    <li
      class="outline-chapter"
      data-outline-chapter={props.chapter.id}
      classList={{ 'drop-before': dropAt() === 'before', 'drop-after': dropAt() === 'after', 'drop-inside': dropAt() === 'inside' }}
      onDragOver={(e) => {
        const item = dragging();
        if (!item || item.id === props.chapter.id) return;
        e.preventDefault();
        // A section dropped on the chapter itself (not on one of its sections) goes to its end.
        setDropAt(item.kind === 'section' ? 'inside' : isLowerHalf(e, e.currentTarget) ? 'after' : 'before');
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropAt(null);
      }}
      onDrop={(e) => {
        const item = dragging();
        const at = dropAt();
        setDropAt(null);
        if (!item) return;
        e.preventDefault();
        if (item.kind === 'section') {
          endDrag();
          const current = props.chapter.sections.findIndex((s) => s.id === item.id);
          moveSection(doc(), item.id, props.chapter.id, current === -1 ? props.chapter.sections.length : props.chapter.sections.length - 1);
        } else if (item.id !== props.chapter.id) {
          props.onDropChapter(item.id, at === 'after');
        }
      }}
    >
      <div class="outline-row outline-chapter-row">
        <span class="drag-handle" title="Drag to move" aria-hidden="true" {...dragSource(() => ({ kind: 'chapter', id: props.chapter.id }))}>
          ⠿
        </span>
        <span class="outline-number">{props.chapter.number}</span>
        <input
          type="text"
          class="outline-title"
          value={props.chapter.title}
          aria-label={`Title of chapter ${props.chapter.number}`}
          onInput={(e) => renameChapter(doc(), props.chapter.id, e.currentTarget.value)}
        />
        <button type="button" class="button-icon" data-move="up" aria-label={`Move ${name()} up`} disabled={!canMoveChapter(page.outline.chapters, props.index, 'up')} onClick={() => move('up')}>
          ↑
        </button>
        <button type="button" class="button-icon" data-move="down" aria-label={`Move ${name()} down`} disabled={!canMoveChapter(page.outline.chapters, props.index, 'down')} onClick={() => move('down')}>
          ↓
        </button>
        <button type="button" class="button-icon danger" aria-label={`Remove ${name()}`} onClick={remove}>
          ×
        </button>
      </div>
      <ol class="outline-sections">
        <For each={props.chapter.sections}>
          {(section, i) => (
            <SectionRow section={section} chapterIndex={props.index} sectionIndex={i()} onDropSection={(id, after) => dropSection(id, i(), after)} />
          )}
        </For>
      </ol>
      <button type="button" class="button-link add-section" aria-label={`Add a section to ${name()}`} onClick={add}>
        + Add section
      </button>
    </li>
  );
}
