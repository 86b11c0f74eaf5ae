// "Insert image": the file goes up to the report's uploads (kind image), then the figure is inserted
// at the caret with the upload's address. Too large or unreadable files say why, next to the button.
import type { Editor } from '@tiptap/core';
import { createSignal, Show } from 'solid-js';
import { IMAGE_MAX_BYTES, uploadImage } from '../../../api/uploads';
import { messageOf } from '../../../components/Notices';
import { useReportPage } from '../context';
import { ToolButton } from './ToolButton';

const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp';

/** The image button and its hidden file input. */
export function ImageButton(props: { editor: Editor | null; disabled: boolean }) {
  const page = useReportPage();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let input!: HTMLInputElement;

  async function insert(file: File) {
    const editor = props.editor;
    if (!editor) return;
    setError(null);
    if (file.size > IMAGE_MAX_BYTES) return setError(`${file.name} is larger than ${IMAGE_MAX_BYTES / 1024 / 1024} MB.`);
    setBusy(true);
    try {
      const uploaded = await uploadImage(page.reportId, file);
      // Absolute, as core/doc's renderers accept only absolute http(s) image addresses.
      const src = new URL(uploaded.contentUrl, location.origin).href;
      editor.chain().focus().setImage({ src, alt: file.name.replace(/\.[^.]+$/, '') }).run();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
      input.value = '';
    }
  }

  return (
    <>
      <ToolButton label={busy() ? 'Uploading image…' : 'Insert image'} disabled={props.disabled || busy()} onClick={() => input.click()}>
        Image
      </ToolButton>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        class="visually-hidden"
        tabindex="-1"
        aria-label="Image file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void insert(file);
        }}
      />
      <Show when={error()}>
        <span class="toolbar-error" role="alert">
          {error()}
        </span>
      </Show>
    </>
  );
}
