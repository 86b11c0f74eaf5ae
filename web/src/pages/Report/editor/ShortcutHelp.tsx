// The keyboard shortcuts of the editor, in a disclosure at the end of the toolbar.

const SHORTCUTS: Array<[string, string]> = [
  ['Bold / italic / underline', 'Ctrl+B / Ctrl+I / Ctrl+U'],
  ['Strikethrough', 'Ctrl+Shift+S'],
  ['Heading 3–6', 'Ctrl+Alt+3 … Ctrl+Alt+6'],
  ['Paragraph', 'Ctrl+Alt+0'],
  ['Bulleted / numbered list', 'Ctrl+Shift+8 / Ctrl+Shift+7'],
  ['Quote', 'Ctrl+Shift+B'],
  ['Align left / centre / right / justify', 'Ctrl+Shift+L / E / R / J'],
  ['Undo / redo (your own edits)', 'Ctrl+Z / Ctrl+Shift+Z'],
  ['Line break', 'Shift+Enter'],
  ['Leave the toolbar for the text', 'Tab'],
];

/** "Shortcuts" and the list it opens. */
export function ShortcutHelp() {
  return (
    <details class="shortcut-help">
      <summary>Shortcuts</summary>
      <dl>
        {SHORTCUTS.map(([what, keys]) => (
          <>
            <dt>{what}</dt>
            <dd>
              <kbd>{keys}</kbd>
            </dd>
          </>
        ))}
      </dl>
    </details>
  );
}
