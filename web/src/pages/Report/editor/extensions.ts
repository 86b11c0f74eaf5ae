// The editor schema of a section body. It must hold every node, mark and attribute of core/doc's
// schema (NODE, MARKS, and the attributes its renderers read): when y-prosemirror meets content
// the editor's schema lacks, it deletes it from the shared document for everyone.
import type { AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import TextAlign from '@tiptap/extension-text-align';
import StarterKit from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { BODY_HEADING_LEVELS, NODE } from '../../../../../core/doc';
import type { RoomUser } from '../room/claims';
import type { CitationFormatter } from '../model/citations';
import { AiCaret } from './ai-caret';
import { Citation } from './citation';
import { FigureImage } from './figure-image';
import { LineHeight } from './line-height';

export interface SectionEditorDeps {
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  awareness: Awareness;
  user: RoomUser;
  citations: CitationFormatter;
}

const HEADING_LEVELS = [3, 4, 5, 6] as const satisfies readonly number[];
// Chapters and sections are headings 1 and 2 of the report; bodies use the rest.
if (HEADING_LEVELS[0] !== BODY_HEADING_LEVELS.min || HEADING_LEVELS.at(-1) !== BODY_HEADING_LEVELS.max) {
  throw new Error('body heading levels disagree with core/doc');
}

/** The extensions of one section's editor, bound to its fragment and the room's awareness. */
export function sectionExtensions(deps: SectionEditorDeps): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      // Collaboration brings its own undo, limited to this user's edits.
      undoRedo: false,
      // It appends a paragraph whenever a body ends with something else: every open editor would
      // write that same paragraph into the shared document at once.
      trailingNode: false,
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
    }),
    TextAlign.configure({ types: [NODE.heading, NODE.paragraph] }),
    LineHeight,
    Table.configure({ resizable: true }),
    TableRow,
    TableHeader,
    TableCell,
    FigureImage.configure({ inline: false, allowBase64: false }),
    Citation.configure({ formatter: deps.citations }),
    AiCaret,
    Collaboration.configure({ document: deps.doc, fragment: deps.fragment }),
    CollaborationCaret.configure({
      // The caret extension only uses the provider's awareness.
      provider: { awareness: deps.awareness },
      user: { name: deps.user.name, color: deps.user.color },
    }),
  ];
}
