// My folders: pick one to filter my reports, create, rename and delete them.
import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import type { FolderDto } from '../../../../core/api/folders';
import { Field } from '../../components/Field';
import { FormError } from '../../components/Notices';
import { createFolderAction, deleteFolderAction, getFolders, renameFolderAction } from '../../state/reports';

/** The folder panel; `selected` is a folder id, `none` (unfiled) or undefined (all). */
export function Folders(props: { selected: string | undefined; onSelect: (id: string | undefined) => void }) {
  const folders = createAsync(() => getFolders());
  const create = useAction(createFolderAction);
  const created = useSubmission(createFolderAction);
  return (
    <>
      <ul class="folder-list">
        <FilterItem label="All reports" current={props.selected === undefined} onSelect={() => props.onSelect(undefined)} />
        <FilterItem label="Unfiled" current={props.selected === 'none'} onSelect={() => props.onSelect('none')} />
        <For each={folders()}>
          {(folder) => <FolderRow folder={folder} current={props.selected === folder.id} onSelect={() => props.onSelect(folder.id)} onDeleted={() => props.selected === folder.id && props.onSelect(undefined)} />}
        </For>
      </ul>
      <form
        class="form compact"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const ok = await create(new FormData(form)).then(() => true, () => false);
          if (ok) form.reset();
        }}
      >
        <Field name="name" label="New folder" required maxLength={100} error={created.error} />
        <FormError error={created.error} fields={['name']} />
        <button type="submit" class="button-secondary" disabled={created.pending}>
          {created.pending ? 'Creating…' : 'Create folder'}
        </button>
      </form>
    </>
  );
}

function FilterItem(props: { label: string; current: boolean; onSelect: () => void; count?: number }) {
  return (
    <li classList={{ current: props.current }}>
      <button type="button" class="folder-name" aria-pressed={props.current} onClick={() => props.onSelect()}>
        {props.label}
        <Show when={props.count !== undefined}>
          <span class="count"> ({props.count})</span>
        </Show>
      </button>
    </li>
  );
}

function FolderRow(props: { folder: FolderDto; current: boolean; onSelect: () => void; onDeleted: () => void }) {
  const [editing, setEditing] = createSignal(false);
  const rename = useAction(renameFolderAction);
  const renaming = useSubmission(renameFolderAction, ([id]) => id === props.folder.id);
  const remove = useAction(deleteFolderAction);
  const removing = useSubmission(deleteFolderAction, ([id]) => id === props.folder.id);
  return (
    <Show
      when={editing()}
      fallback={
        <li classList={{ current: props.current }}>
          <button type="button" class="folder-name" aria-pressed={props.current} onClick={() => props.onSelect()}>
            {props.folder.name} <span class="count">({props.folder.reportCount})</span>
          </button>
          <span class="row-actions">
            <button type="button" class="button-link" aria-label={`Rename folder ${props.folder.name}`} onClick={() => setEditing(true)}>
              Rename
            </button>
            <button
              type="button"
              class="button-link danger"
              aria-label={`Delete folder ${props.folder.name}`}
              disabled={removing.pending}
              onClick={() => {
                if (!confirm(`Delete the folder “${props.folder.name}”? Its reports stay, unfiled.`)) return;
                void remove(props.folder.id).then(props.onDeleted, () => undefined);
              }}
            >
              Delete
            </button>
          </span>
          <FormError error={removing.error} />
        </li>
      }
    >
      <li>
        <form
          class="form compact"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await rename(props.folder.id, new FormData(e.currentTarget)).then(() => true, () => false);
            if (ok) setEditing(false);
          }}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
        >
          <Field name="name" label={`New name for ${props.folder.name}`} value={props.folder.name} required maxLength={100} autofocus error={renaming.error} />
          <FormError error={renaming.error} fields={['name']} />
          <div class="actions">
            <button type="submit" disabled={renaming.pending}>
              Save
            </button>
            <button type="button" class="button-secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    </Show>
  );
}
