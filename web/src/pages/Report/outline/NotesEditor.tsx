// A section's notes: what the section should cover, used when it is written. Each note is saved
// when its field is left (or Enter is pressed), so two people never rewrite a note letter by letter.
import { Index } from 'solid-js';
import { addNote, removeNote, updateNote } from '../../../../../core/doc';
import { useReportPage } from '../context';
import { focusSoon } from './focus';

/** The notes of a section as editable fields. */
export function NotesEditor(props: { sectionId: string; number: string; notes: readonly string[] }) {
  const page = useReportPage();
  const doc = () => page.room.connection.doc;
  const add = () => {
    const index = props.notes.length;
    addNote(doc(), props.sectionId, '');
    focusSoon(`[data-note="${props.sectionId}:${index}"]`);
  };
  return (
    <div class="outline-notes">
      <ul>
        <Index each={props.notes}>
          {(note, i) => (
            <li>
              <input
                type="text"
                value={note()}
                data-note={`${props.sectionId}:${i}`}
                aria-label={`Note ${i + 1} of section ${props.number}`}
                placeholder="What this section should cover"
                onChange={(e) => updateNote(doc(), props.sectionId, i, e.currentTarget.value)}
                onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
              />
              <button type="button" class="button-icon" aria-label={`Remove note ${i + 1} of section ${props.number}`} onClick={() => removeNote(doc(), props.sectionId, i)}>
                ×
              </button>
            </li>
          )}
        </Index>
      </ul>
      <button type="button" class="button-link" onClick={add}>
        Add note
      </button>
    </div>
  );
}
