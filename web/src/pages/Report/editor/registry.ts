// The page's section editors: which one has (or last had) the caret, for the toolbar and the AI
// edit panel, and the headings inside each body, for the navigation panel.
import type { Editor } from '@tiptap/core';
import { batch, createSignal, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';

/** A heading inside a section body. */
export interface InnerHeading {
  level: number;
  text: string;
  /** Its position in the section's editor. */
  pos: number;
}

export interface EditorRegistry {
  /** The editor of a section, if it is on the page. */
  get(sectionId: string): Editor | undefined;
  register(sectionId: string, editor: Editor): void;
  unregister(sectionId: string, editor: Editor): void;
  /** The section whose editor has (or last had) the caret. */
  activeSection: Accessor<string | null>;
  activeEditor: Accessor<Editor | null>;
  /** Bumped whenever the active editor's state changes, so toolbar states recompute. */
  revision: Accessor<number>;
  /** Headings inside each section body. */
  headings: Record<string, InnerHeading[]>;
}

/** A registry for one page. */
export function createEditorRegistry(): EditorRegistry {
  const editors = new Map<string, Editor>();
  const [activeSection, setActiveSection] = createSignal<string | null>(null);
  const [activeEditor, setActiveEditor] = createSignal<Editor | null>(null);
  const [revision, setRevision] = createSignal(0);
  const [headings, setHeadings] = createStore<Record<string, InnerHeading[]>>({});

  const readHeadings = (sectionId: string, editor: Editor) => {
    const found: InnerHeading[] = [];
    editor.state.doc.forEach((node, offset) => {
      if (node.type.name === 'heading') found.push({ level: Number(node.attrs.level), text: node.textContent, pos: offset });
    });
    setHeadings(sectionId, reconcile(found));
  };

  return {
    get: (sectionId) => editors.get(sectionId),
    register(sectionId, editor) {
      editors.set(sectionId, editor);
      readHeadings(sectionId, editor);
      editor.on('focus', () =>
        batch(() => {
          setActiveSection(sectionId);
          setActiveEditor(editor);
          setRevision((r) => r + 1);
        }),
      );
      editor.on('transaction', () => {
        if (activeEditor() === editor) setRevision((r) => r + 1);
      });
      // "update" follows every change of the text, remote ones included.
      editor.on('update', () => readHeadings(sectionId, editor));
    },
    unregister(sectionId, editor) {
      if (editors.get(sectionId) !== editor) return;
      editors.delete(sectionId);
      setHeadings(sectionId, undefined as unknown as InnerHeading[]);
      if (activeEditor() === editor) {
        batch(() => {
          setActiveEditor(null);
          setActiveSection(null);
        });
      }
    },
    activeSection,
    activeEditor,
    revision,
    headings,
  };
}
