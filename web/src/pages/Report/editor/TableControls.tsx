// Row and column commands, shown while the caret is in a table.
import type { Editor } from '@tiptap/core';
import { ToolButton } from './ToolButton';

/** Table editing buttons for `editor`. */
export function TableControls(props: { editor: Editor }) {
  const chain = () => props.editor.chain().focus();
  return (
    <div class="toolbar-group toolbar-context" role="group" aria-label="Table">
      <ToolButton label="Add row below" onClick={() => chain().addRowAfter().run()}>
        +Row
      </ToolButton>
      <ToolButton label="Add column right" onClick={() => chain().addColumnAfter().run()}>
        +Col
      </ToolButton>
      <ToolButton label="Delete row" onClick={() => chain().deleteRow().run()}>
        −Row
      </ToolButton>
      <ToolButton label="Delete column" onClick={() => chain().deleteColumn().run()}>
        −Col
      </ToolButton>
      <ToolButton label="Header row on or off" onClick={() => chain().toggleHeaderRow().run()}>
        Header
      </ToolButton>
      <ToolButton label="Delete table" onClick={() => chain().deleteTable().run()}>
        Delete table
      </ToolButton>
    </div>
  );
}
