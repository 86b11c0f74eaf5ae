// The formatting toolbar. It acts on the section editor that has (or last had) the caret; buttons
// keep the caret where it was, so a click formats the selection a person was working on.
import type { Editor } from '@tiptap/core';
import { createMemo, For, Show } from 'solid-js';
import { useReportPage } from '../context';
import { ImageButton } from './ImageButton';
import { ImageControls } from './ImageControls';
import { LINE_HEIGHTS } from './line-height';
import { ShortcutHelp } from './ShortcutHelp';
import { TableControls } from './TableControls';
import { ToolButton, type ButtonProps } from './ToolButton';

const BLOCK_STYLES = [
  { value: 'paragraph', label: 'Paragraph' },
  { value: '3', label: 'Heading 3' },
  { value: '4', label: 'Heading 4' },
  { value: '5', label: 'Heading 5' },
  { value: '6', label: 'Heading 6' },
] as const;

const ALIGNMENTS = [
  { value: 'left', label: 'Align left', icon: '⇤' },
  { value: 'center', label: 'Align centre', icon: '↔' },
  { value: 'right', label: 'Align right', icon: '⇥' },
  { value: 'justify', label: 'Justify', icon: '☰' },
] as const;

/** The toolbar above the document (editors and owners only). */
export function Toolbar() {
  const page = useReportPage();
  // Re-read on every change of the active editor's state.
  const editor = createMemo(() => {
    page.editors.revision();
    return page.editors.activeEditor();
  });
  const can = () => !!editor() && page.canEdit();
  const active = (name: string, attrs?: Record<string, unknown>) => {
    page.editors.revision();
    return editor()?.isActive(name, attrs) ?? false;
  };
  const chain = () => (editor() as Editor).chain().focus();

  const blockStyle = () => {
    page.editors.revision();
    for (const level of [3, 4, 5, 6]) if (active('heading', { level })) return String(level);
    return 'paragraph';
  };
  const lineHeight = () => {
    page.editors.revision();
    const ed = editor();
    if (!ed) return '';
    const attrs = ed.isActive('heading') ? ed.getAttributes('heading') : ed.getAttributes('paragraph');
    return typeof attrs.lineHeight === 'string' ? attrs.lineHeight : '';
  };
  const undoable = () => {
    page.editors.revision();
    return !!editor()?.can().undo();
  };
  const redoable = () => {
    page.editors.revision();
    return !!editor()?.can().redo();
  };

  return (
    <div class="editor-toolbar" role="toolbar" aria-label="Formatting" aria-controls="report-document">
      <div class="toolbar-group">
        <label class="visually-hidden" for="block-style">
          Text style
        </label>
        <select
          id="block-style"
          disabled={!can()}
          value={blockStyle()}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value === 'paragraph') chain().setParagraph().run();
            else chain().setHeading({ level: Number(value) as 3 | 4 | 5 | 6 }).run();
          }}
        >
          <For each={BLOCK_STYLES}>{(s) => <option value={s.value}>{s.label}</option>}</For>
        </select>
      </div>
      <div class="toolbar-group">
        <Toggle label="Bold" shortcut="Ctrl+B" pressed={active('bold')} disabled={!can()} onClick={() => chain().toggleBold().run()}>
          <b>B</b>
        </Toggle>
        <Toggle label="Italic" shortcut="Ctrl+I" pressed={active('italic')} disabled={!can()} onClick={() => chain().toggleItalic().run()}>
          <i>I</i>
        </Toggle>
        <Toggle label="Underline" shortcut="Ctrl+U" pressed={active('underline')} disabled={!can()} onClick={() => chain().toggleUnderline().run()}>
          <u>U</u>
        </Toggle>
        <Toggle label="Strikethrough" shortcut="Ctrl+Shift+S" pressed={active('strike')} disabled={!can()} onClick={() => chain().toggleStrike().run()}>
          <s>S</s>
        </Toggle>
        <Toggle
          label="Link"
          pressed={active('link')}
          disabled={!can()}
          onClick={() => {
            if (active('link')) return void chain().unsetLink().run();
            const href = window.prompt('Link address (https://…)');
            if (href) chain().extendMarkRange('link').setLink({ href }).run();
          }}
        >
          Link
        </Toggle>
      </div>
      <div class="toolbar-group">
        <For each={ALIGNMENTS}>
          {(a) => (
            <Toggle label={a.label} pressed={active('paragraph', { textAlign: a.value }) || active('heading', { textAlign: a.value })} disabled={!can()} onClick={() => chain().setTextAlign(a.value).run()}>
              {a.icon}
            </Toggle>
          )}
        </For>
        <label class="visually-hidden" for="line-spacing">
          Line spacing
        </label>
        <select id="line-spacing" disabled={!can()} value={lineHeight()} onChange={(e) => chain().setLineHeight(e.currentTarget.value || null).run()} title="Line spacing">
          <option value="">Spacing: default</option>
          <For each={LINE_HEIGHTS}>{(h) => <option value={h}>Spacing: {h}</option>}</For>
        </select>
      </div>
      <div class="toolbar-group">
        <Toggle label="Bulleted list" shortcut="Ctrl+Shift+8" pressed={active('bulletList')} disabled={!can()} onClick={() => chain().toggleBulletList().run()}>
          •≡
        </Toggle>
        <Toggle label="Numbered list" shortcut="Ctrl+Shift+7" pressed={active('orderedList')} disabled={!can()} onClick={() => chain().toggleOrderedList().run()}>
          1≡
        </Toggle>
        <Toggle label="Quote" shortcut="Ctrl+Shift+B" pressed={active('blockquote')} disabled={!can()} onClick={() => chain().toggleBlockquote().run()}>
          ❝
        </Toggle>
      </div>
      <div class="toolbar-group">
        <ToolButton label="Insert table" disabled={!can() || active('table')} onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
          Table
        </ToolButton>
        <ImageButton editor={editor()} disabled={!can()} />
      </div>
      <div class="toolbar-group">
        <ToolButton label="Undo" shortcut="Ctrl+Z" disabled={!can() || !undoable()} onClick={() => chain().undo().run()}>
          ↶
        </ToolButton>
        <ToolButton label="Redo" shortcut="Ctrl+Shift+Z" disabled={!can() || !redoable()} onClick={() => chain().redo().run()}>
          ↷
        </ToolButton>
        <ShortcutHelp />
      </div>
      <Show when={can() && active('table')}>
        <TableControls editor={editor() as Editor} />
      </Show>
      <Show when={can() && active('image')}>
        <ImageControls editor={editor() as Editor} revision={page.editors.revision()} />
      </Show>
    </div>
  );
}

function Toggle(props: ButtonProps & { pressed: boolean }) {
  return <ToolButton {...props} pressed={props.pressed} />;
}
