// The section fragments we write are what a Tiptap 3 editor bound through y-prosemirror reads
// and writes. The schema below mirrors Tiptap's node and mark specs (names, attrs with their
// defaults, content expressions) for the extensions the editor uses.
import { Schema, type Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { readSectionBlocks, sectionFragment, setSectionParagraphs } from './body';
import { buildReportDoc } from './build';
import { readReportJson } from './read';
import type { Block } from './schema';

const cellAttrs = { colspan: { default: 1 }, rowspan: { default: 1 }, colwidth: { default: null } };

const tiptapSchema = new Schema({
  topNode: 'doc',
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*', attrs: { textAlign: { default: null }, lineHeight: { default: null } } },
    heading: { group: 'block', content: 'inline*', defining: true, attrs: { level: { default: 1 }, textAlign: { default: null } } },
    blockquote: { group: 'block', content: 'block+', defining: true },
    bulletList: { group: 'block list', content: 'listItem+' },
    orderedList: { group: 'block list', content: 'listItem+', attrs: { start: { default: 1 }, type: { default: null } } },
    listItem: { content: 'paragraph block*', defining: true },
    codeBlock: { group: 'block', content: 'text*', marks: '', code: true, defining: true, attrs: { language: { default: null } } },
    horizontalRule: { group: 'block' },
    image: {
      group: 'block',
      draggable: true,
      attrs: { src: { default: null }, alt: { default: null }, title: { default: null }, width: { default: null }, height: { default: null }, caption: { default: null } },
    },
    table: { group: 'block', content: 'tableRow+', tableRole: 'table', isolating: true },
    tableRow: { content: '(tableCell | tableHeader)*', tableRole: 'row' },
    tableHeader: { content: 'block+', attrs: cellAttrs, tableRole: 'header_cell', isolating: true },
    tableCell: { content: 'block+', attrs: cellAttrs, tableRole: 'cell', isolating: true },
    text: { group: 'inline' },
    hardBreak: { group: 'inline', inline: true, selectable: false, linebreakReplacement: true },
    citation: { group: 'inline', inline: true, atom: true, attrs: { refId: { default: null } } },
  },
  marks: {
    link: {
      inclusive: false,
      attrs: { href: { default: null }, target: { default: '_blank' }, rel: { default: 'noopener noreferrer nofollow' }, class: { default: null }, title: { default: null } },
    },
    bold: {},
    italic: {},
    underline: {},
    strike: {},
    code: { excludes: '_' },
  },
});

const text = (t: string, marks?: Block['marks']): Block => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });

// Everything a section may hold, in our JSON.
const richBody: Block[] = [
  {
    type: 'paragraph',
    attrs: { textAlign: 'justify', lineHeight: '1.5' },
    content: [
      text('Plain, '),
      text('bold', [{ type: 'bold' }]),
      text(' and '),
      text('linked italic', [{ type: 'link', attrs: { href: 'https://example.org' } }, { type: 'italic' }]),
      { type: 'citation', attrs: { refId: 'r1' } },
      { type: 'hardBreak' },
      text('u', [{ type: 'underline' }]),
      text('s', [{ type: 'strike' }]),
      text('c', [{ type: 'code' }]),
    ],
  },
  { type: 'heading', attrs: { level: 3, textAlign: 'center' }, content: [text('Sub heading')] },
  { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('one')] }] }] },
  {
    type: 'orderedList',
    attrs: { start: 3 },
    content: [
      {
        type: 'listItem',
        content: [
          { type: 'paragraph', content: [text('three')] },
          { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('nested')] }] }] },
        ],
      },
    ],
  },
  { type: 'blockquote', content: [{ type: 'paragraph', content: [text('quoted')] }] },
  { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const a = 1;\n')] },
  { type: 'horizontalRule' },
  {
    type: 'table',
    content: [
      {
        type: 'tableRow',
        content: [
          { type: 'tableHeader', attrs: { colspan: 2, colwidth: [100, 200] }, content: [{ type: 'paragraph', content: [text('Head')] }] },
        ],
      },
      {
        type: 'tableRow',
        content: [
          { type: 'tableCell', content: [{ type: 'paragraph', content: [text('a')] }] },
          { type: 'tableCell', attrs: { rowspan: 1 }, content: [{ type: 'paragraph' }] },
        ],
      },
    ],
  },
  { type: 'image', attrs: { src: 'https://example.org/cat.png', alt: 'A cat', width: 320, caption: 'Figure 1' } },
];

// The same content as the ProseMirror JSON a Tiptap editor holds: every attr present, defaults filled in.
const cell = (type: string, content: unknown[], attrs: Record<string, unknown> = {}) => ({
  type,
  attrs: { colspan: 1, rowspan: 1, colwidth: null, ...attrs },
  content,
});
const pmPara = (content?: unknown[], attrs: Record<string, unknown> = {}) => ({
  type: 'paragraph',
  attrs: { textAlign: null, lineHeight: null, ...attrs },
  ...(content ? { content } : {}),
});
const tiptapJson = {
  type: 'doc',
  content: [
    pmPara(
      [
        { type: 'text', text: 'Plain, ' },
        { type: 'text', marks: [{ type: 'bold' }], text: 'bold' },
        { type: 'text', text: ' and ' },
        {
          type: 'text',
          marks: [{ type: 'link', attrs: { href: 'https://example.org', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } }, { type: 'italic' }],
          text: 'linked italic',
        },
        { type: 'citation', attrs: { refId: 'r1' } },
        { type: 'hardBreak' },
        { type: 'text', marks: [{ type: 'underline' }], text: 'u' },
        { type: 'text', marks: [{ type: 'strike' }], text: 's' },
        { type: 'text', marks: [{ type: 'code' }], text: 'c' },
      ],
      { textAlign: 'justify', lineHeight: '1.5' },
    ),
    { type: 'heading', attrs: { level: 3, textAlign: 'center' }, content: [{ type: 'text', text: 'Sub heading' }] },
    { type: 'bulletList', content: [{ type: 'listItem', content: [pmPara([{ type: 'text', text: 'one' }])] }] },
    {
      type: 'orderedList',
      attrs: { start: 3, type: null },
      content: [
        {
          type: 'listItem',
          content: [
            pmPara([{ type: 'text', text: 'three' }]),
            { type: 'bulletList', content: [{ type: 'listItem', content: [pmPara([{ type: 'text', text: 'nested' }])] }] },
          ],
        },
      ],
    },
    { type: 'blockquote', content: [pmPara([{ type: 'text', text: 'quoted' }])] },
    { type: 'codeBlock', attrs: { language: 'ts' }, content: [{ type: 'text', text: 'const a = 1;\n' }] },
    { type: 'horizontalRule' },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', [pmPara([{ type: 'text', text: 'Head' }])], { colspan: 2, colwidth: [100, 200] })] },
        { type: 'tableRow', content: [cell('tableCell', [pmPara([{ type: 'text', text: 'a' }])]), cell('tableCell', [pmPara()])] },
      ],
    },
    { type: 'image', attrs: { src: 'https://example.org/cat.png', alt: 'A cat', title: null, width: 320, height: null, caption: 'Figure 1' } },
  ],
};

function docWithSection(): Y.Doc {
  return buildReportDoc({ title: 'PM', outline: { chapters: [{ id: 'c', title: 'C', sections: [{ id: 's', title: 'S' }] }] } });
}

describe('y-prosemirror compatibility', () => {
  it('reads a fragment we wrote as the ProseMirror document Tiptap would hold, deleting nothing', () => {
    const doc = docWithSection();
    setSectionParagraphs(doc, 's', richBody);
    const fragment = sectionFragment(doc, 's') as Y.XmlFragment;
    const before = Y.encodeStateVector(doc);
    const node: PMNode = yXmlFragmentToProseMirrorRootNode(fragment, tiptapSchema);
    expect(node.toJSON()).toEqual(tiptapJson);
    node.check();
    // y-prosemirror deletes from the shared document whatever the schema rejects: nothing was.
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(readSectionBlocks(doc, 's')).toEqual(richBody);
  });

  it('reads back what a Tiptap editor writes through y-prosemirror', () => {
    const doc = docWithSection();
    const fragment = sectionFragment(doc, 's') as Y.XmlFragment;
    doc.transact(() => fragment.delete(0, fragment.length));
    prosemirrorJSONToYXmlFragment(tiptapSchema, tiptapJson, fragment);
    const json = readReportJson(doc);
    // Tiptap stores defaults that are not null (colspan 1, rowspan 1, orderedList type stays null) and full link attrs.
    const expected = structuredClone(richBody);
    const withDefaults = (b: Block): Block => {
      if (b.type === 'tableCell' || b.type === 'tableHeader') b.attrs = { colspan: 1, rowspan: 1, ...b.attrs };
      b.content?.forEach(withDefaults);
      b.marks?.forEach((m) => {
        if (m.type === 'link') m.attrs = { ...m.attrs, target: '_blank', rel: 'noopener noreferrer nofollow' };
      });
      return b;
    };
    expect(json.sections.s).toEqual(expected.map(withDefaults));
    // And that JSON, written again, is the same document for Tiptap.
    const again = docWithSection();
    setSectionParagraphs(again, 's', json.sections.s as Block[]);
    expect(yXmlFragmentToProseMirrorRootNode(sectionFragment(again, 's') as Y.XmlFragment, tiptapSchema).toJSON()).toEqual(tiptapJson);
  });

  it('reads marks y-prosemirror stores under a hashed key (marks that may overlap themselves)', () => {
    const doc = docWithSection();
    const fragment = sectionFragment(doc, 's') as Y.XmlFragment;
    const paragraph = fragment.get(0) as Y.XmlElement;
    const ytext = new Y.XmlText();
    paragraph.insert(0, [ytext]);
    ytext.insert(0, 'hashed', { 'link--AbCd1234': { href: 'https://example.org' }, bold: {} });
    expect(readSectionBlocks(doc, 's')).toEqual([
      { type: 'paragraph', content: [text('hashed', [{ type: 'link', attrs: { href: 'https://example.org' } }, { type: 'bold' }])] },
    ]);
  });

  it('gives an empty section one empty paragraph, so two editors opening it never add one each', () => {
    const doc = docWithSection();
    expect(yXmlFragmentToProseMirrorRootNode(sectionFragment(doc, 's') as Y.XmlFragment, tiptapSchema).toJSON()).toEqual({
      type: 'doc',
      content: [pmPara()],
    });
  });
});
