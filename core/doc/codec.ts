// Section bodies between our JSON blocks and y-prosemirror's encoding, matched to
// y-prosemirror 1.3's sync-plugin.js (createTypeFromElementNode / createTypeFromTextNodes and
// createNodeFromYElement / createTextNodesFromYText):
// - a node is a Y.XmlElement named after the node type, its non-null attrs set one by one as
//   XML attributes (values may be any JSON: numbers, arrays such as colwidth);
// - a run of consecutive text nodes is one Y.XmlText whose delta carries the marks as formatting
//   attributes keyed by mark name, each valued with the mark's attrs (`{}` for bold,
//   `{ href, ... }` for link). y-prosemirror appends `--<hash>` to the key for marks that may
//   overlap themselves; we read those back by stripping the suffix (its yattr2markname).
import * as Y from 'yjs';
import { cleanAttrs } from './normalize';
import { NODE, type Block, type JsonValue, type Mark } from './schema';

const HASHED_MARK = /(.*)(--[a-zA-Z0-9+/=]{8})$/;
/** Nodes whose content is inline text. */
export const TEXT_BLOCKS: ReadonlySet<string> = new Set([NODE.paragraph, NODE.heading, NODE.codeBlock]);

/** Y types for normalized blocks, ready to insert into a fragment. */
export function blocksToY(blocks: Block[]): Array<Y.XmlElement | Y.XmlText> {
  return childrenToY(blocks);
}

function childrenToY(children: Block[]): Array<Y.XmlElement | Y.XmlText> {
  const out: Array<Y.XmlElement | Y.XmlText> = [];
  let run: Block[] = [];
  const flush = () => {
    if (run.length > 0) out.push(textRunToY(run));
    run = [];
  };
  for (const child of children) {
    if (child.type === NODE.text) {
      if (child.text) run.push(child);
    } else {
      flush();
      out.push(elementToY(child));
    }
  }
  flush();
  return out;
}

function elementToY(node: Block): Y.XmlElement {
  const el = new Y.XmlElement(node.type);
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    // Yjs types XML attributes as strings, but stores and syncs any JSON, as y-prosemirror relies on.
    if (value !== null) el.setAttribute(key, value as string);
  }
  const children = childrenToY(node.content ?? []);
  // An empty text block gets an empty Y.XmlText for its text to go into. Without it, the first
  // character each editor types makes a Y.XmlText of its own; when two people start typing in the
  // block at once, the block ends up with two, and y-prosemirror merges them on both sides at once
  // (its #160), which duplicates characters.
  if (children.length === 0 && TEXT_BLOCKS.has(node.type)) children.push(new Y.XmlText());
  if (children.length > 0) el.insert(0, children);
  return el;
}

/** True when a Y element holds no content: no child, or only Y.XmlTexts without text (as an empty text block is built). */
export function isEmptyY(el: Y.XmlElement): boolean {
  return el.toArray().every((child) => child instanceof Y.XmlText && child.length === 0);
}

function textRunToY(run: Block[]): Y.XmlText {
  const text = new Y.XmlText();
  // sanitize: false keeps a trailing newline (code blocks end with one now and then).
  text.applyDelta(
    run.map((t) => ({ insert: t.text ?? '', attributes: marksToAttributes(t.marks) })),
    { sanitize: false },
  );
  return text;
}

/** Marks as y-prosemirror stores them on a Y.XmlText run. */
export function marksToAttributes(marks: Mark[] | undefined): Record<string, Record<string, JsonValue>> {
  const attrs: Record<string, Record<string, JsonValue>> = {};
  for (const mark of marks ?? []) attrs[mark.type] = mark.attrs ?? {};
  return attrs;
}

/** Blocks of a fragment (or element) exactly as stored, before normalization. */
export function yToBlocks(parent: Y.XmlFragment): Block[] {
  const out: Block[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push(...textToBlocks(child));
    else if (child instanceof Y.XmlElement) out.push(elementToBlock(child));
    // Y.XmlHook: not something y-prosemirror writes.
  }
  return out;
}

function elementToBlock(el: Y.XmlElement): Block {
  const node: Block = { type: el.nodeName };
  const attrs = cleanAttrs(el.getAttributes());
  if (attrs) node.attrs = attrs;
  const content = yToBlocks(el);
  if (content.length > 0) node.content = content;
  return node;
}

function textToBlocks(text: Y.XmlText): Block[] {
  const delta = text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>;
  const out: Block[] = [];
  for (const d of delta) {
    if (typeof d.insert !== 'string' || d.insert.length === 0) continue;
    const marks = attributesToMarks(d.attributes);
    out.push(marks.length > 0 ? { type: NODE.text, text: d.insert, marks } : { type: NODE.text, text: d.insert });
  }
  return out;
}

/** Formatting attributes of a Y.XmlText run back to marks. */
export function attributesToMarks(attributes: Record<string, unknown> | undefined): Mark[] {
  const marks: Mark[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (key === 'ychange' || value === null || value === undefined) continue;
    const type = HASHED_MARK.exec(key)?.[1] ?? key;
    const attrs = cleanAttrs(value);
    marks.push(attrs ? { type, attrs } : { type });
  }
  return marks;
}
