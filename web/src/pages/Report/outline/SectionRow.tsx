// One section in the outline editor: its number, title (renamed live as it is typed), notes, and
// the controls to move it (drag, or the up/down buttons from the keyboard) and remove it.
import { createSignal, Show } from 'solid-js';
import { removeSection, renameSection, type NumberedSection } from '../../../../../core/doc';
import { useReportPage } from '../context';
import { dragging, dragSource, isLowerHalf } from './drag';
import { focusSoon } from './focus';
import { canMoveSection, moveSectionBy, type Direction } from './moves';
import { NotesEditor } from './NotesEditor';

export interface SectionRowProps {
  section: NumberedSection;
  chapterIndex: number;
  sectionIndex: number;
  /** A section dropped on this row, before it or after it. */
  onDropSection(sectionId: string, after: boolean): void;
}

/** A section row. */
export function SectionRow(props: SectionRowProps) {
  const page = useReportPage();
  const doc = () => page.room.connection.doc;
  const [dropAt, setDropAt] = createSignal<'before' | 'after' | null>(null);
  const [showNotes, setShowNotes] = createSignal(false);
  const name = () => `section ${props.section.number} ${props.section.title}`.trim();
  const can = (direction: Direction) => canMoveSection(page.outline.chapters, props.chapterIndex, props.sectionIndex, direction);

  const move = (direction: Direction) => {
    const id = props.section.id;
    if (!moveSectionBy(doc(), page.outline.chapters, props.chapterIndex, props.sectionIndex, direction)) return;
    const other = direction === 'up' ? 'down' : 'up';
    focusSoon(`[data-outline-section="${id}"] [data-move="${direction}"]`, { fallback: `[data-outline-section="${id}"] [data-move="${other}"]` });
  };

  const remove = () => {
    if (!window.confirm(`Remove ${name()} and its text? Others editing it will see it go too.`)) return;
    removeSection(doc(), props.section.id);
  };

  const acceptsDrop = () => dragging()?.kind === 'section' && dragging()?.id !== props.section.id;

  return (
    <li
      class="outline-section"
      data-outline-section={props.section.id}
      classList={{ 'drop-before': dropAt() === 'before', 'drop-after': dropAt() === 'after' }}
      onDragOver={(e) => {
        if (!acceptsDrop()) return;
        e.preventDefault();
        e.stopPropagation();
        setDropAt(isLowerHalf(e, e.currentTarget) ? 'after' : 'before');
      }}
      onDragLeave={() => setDropAt(null)}
      onDrop={(e) => {
        const item = dragging();
        const after = dropAt() === 'after';
        setDropAt(null);
        if (!item || !acceptsDrop()) return;
        e.preventDefault();
        e.stopPropagation();
        props.onDropSection(item.id, after);
      }}
    >
      <div class="outline-row">
        <span class="drag-handle" title="Drag to move" aria-hidden="true" {...dragSource(() => ({ kind: 'section', id: props.section.id }))}>
          ⠿
        </span>
        <span class="outline-number">{props.section.number}</span>
        <input
          type="text"
          class="outline-title"
          value={props.section.title}
          aria-label={`Title of section ${props.section.number}`}
          onInput={(e) => renameSection(doc(), props.section.id, e.currentTarget.value)}
        />
        <button
          type="button"
          class="button-icon"
          data-move="up"
          aria-label={`Move ${name()} up`}
          disabled={!can('up')}
          onClick={() => move('up')}
        >
          ↑
        </button>
        <button
          type="button"
          class="button-icon"
          data-move="down"
          aria-label={`Move ${name()} down`}
          disabled={!can('down')}
          onClick={() => move('down')}
        >
          ↓
        </button>
        <button type="button" class="button-icon" aria-expanded={showNotes()} aria-label={`Notes of ${name()} (${props.section.notes.length})`} onClick={() => setShowNotes((v) => !v)}>
          ✎<span class="note-count">{props.section.notes.length || ''}</span>
        </button>
        <button type="button" class="button-icon danger" aria-label={`Remove ${name()}`} onClick={remove}>
          ×
        </button>
      </div>
      <Show when={showNotes()}>
        <NotesEditor sectionId={props.section.id} number={props.section.number} notes={props.section.notes} />
      </Show>
    </li>
  );
}
