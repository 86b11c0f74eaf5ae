// Brings any section body (our JSON, a Tiptap editor's output, or hostile input) to the shape
// Tiptap's schema accepts. It matters beyond tidiness: when y-prosemirror meets a node the
// editor's schema rejects, it deletes that node from the shared document, so nothing invalid may
// be written. Reading applies the same rules, which makes read → write → read a fixed point.
import { BODY_HEADING_LEVELS, MARKS, NODE, type Block, type JsonValue, type Mark } from './schema';

const BLOCK_NODES = new Set<string>([
  NODE.paragraph,
  NODE.heading,
  NODE.bulletList,
  NODE.orderedList,
  NODE.blockquote,
  NODE.codeBlock,
  NODE.horizontalRule,
  NODE.table,
  NODE.image,
]);
const INLINE_ATOMS = new Set<string>([NODE.hardBreak, NODE.citation]);
const KNOWN_MARKS = new Set<string>(MARKS);
// Nesting deeper than this is not something an editor produces; it is dropped rather than recursed into.
const MAX_DEPTH = 40;

/** A section body in Tiptap's shape, never empty (one empty paragraph at least). */
export function normalizeBody(input: unknown): Block[] {
  const blocks = blockContent(Array.isArray(input) ? input : [], 0);
  return blocks.length > 0 ? blocks : [{ type: NODE.paragraph }];
}

/** Plain text as paragraphs: a blank line starts a paragraph, a single newline is a hard break. */
export function textToBlocks(text: string): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((para) => para.replace(/^\n+|\n+$/g, ''))
    .filter((para) => para.length > 0)
    .map((para) => {
      const content: Block[] = [];
      para.split('\n').forEach((line, i) => {
        if (i > 0) content.push({ type: NODE.hardBreak });
        if (line) content.push({ type: NODE.text, text: line });
      });
      return { type: NODE.paragraph, content };
    });
}

function isNode(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && typeof (value as Block).type === 'string';
}

function childrenOf(node: Block): unknown[] {
  return Array.isArray(node.content) ? node.content : [];
}

/** Attributes without null/undefined values or anything that is not JSON. */
export function cleanAttrs(attrs: unknown): Record<string, JsonValue> | undefined {
  if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) return undefined;
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || key === 'ychange') continue;
    if (isJson(value, 0)) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isJson(value: unknown, depth: number): value is JsonValue {
  if (depth > 8) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJson(v, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((v) => isJson(v, depth + 1));
  }
  return false;
}

function withAttrs(type: string, attrs: Record<string, JsonValue> | undefined, content?: Block[]): Block {
  const node: Block = { type };
  if (attrs) node.attrs = attrs;
  if (content && content.length > 0) node.content = content;
  return node;
}

/** Content of a `block+` position (the section itself, blockquote, list item, table cell). */
function blockContent(items: unknown[], depth: number): Block[] {
  const out: Block[] = [];
  let inline: unknown[] = [];
  const flushInline = () => {
    const content = inlineContent(inline, depth);
    inline = [];
    if (content.length > 0) out.push({ type: NODE.paragraph, content });
  };
  for (const item of items) {
    if (typeof item === 'string') {
      flushInline();
      out.push(...textToBlocks(item));
      continue;
    }
    if (!isNode(item) || depth > MAX_DEPTH) continue;
    if (BLOCK_NODES.has(item.type)) {
      flushInline();
      const block = blockNode(item, depth + 1);
      if (block) out.push(block);
    } else if (item.type === NODE.text || INLINE_ATOMS.has(item.type)) {
      inline.push(item);
    } else {
      // A list item or table cell out of place, or an unknown node: keep what it contains, where it was.
      flushInline();
      out.push(...blockContent(childrenOf(item), depth + 1));
    }
  }
  flushInline();
  return out;
}

function blockNode(node: Block, depth: number): Block | null {
  const attrs = cleanAttrs(node.attrs);
  switch (node.type) {
    case NODE.paragraph:
      return withAttrs(NODE.paragraph, attrs, inlineContent(childrenOf(node), depth));
    case NODE.heading: {
      const raw = typeof attrs?.level === 'number' ? Math.trunc(attrs.level) : BODY_HEADING_LEVELS.min;
      const level = Math.min(BODY_HEADING_LEVELS.max, Math.max(BODY_HEADING_LEVELS.min, raw));
      return withAttrs(NODE.heading, { ...attrs, level }, inlineContent(childrenOf(node), depth));
    }
    case NODE.codeBlock: {
      const text = codeText(childrenOf(node), depth);
      return withAttrs(NODE.codeBlock, attrs, text ? [{ type: NODE.text, text }] : []);
    }
    case NODE.bulletList:
    case NODE.orderedList: {
      const items = childrenOf(node)
        .filter((c) => typeof c === 'string' || isNode(c))
        .map((c) => (isNode(c) && c.type === NODE.listItem ? listItem(childrenOf(c), cleanAttrs(c.attrs), depth) : listItem([c], undefined, depth)));
      return items.length > 0 ? withAttrs(node.type, attrs, items) : null;
    }
    case NODE.blockquote: {
      const content = blockContent(childrenOf(node), depth);
      return withAttrs(NODE.blockquote, attrs, content.length > 0 ? content : [{ type: NODE.paragraph }]);
    }
    case NODE.table: {
      const rows = childrenOf(node)
        .filter((r): r is Block => isNode(r) && r.type === NODE.tableRow)
        .map((r) => tableRow(r, depth))
        .filter((r): r is Block => r !== null);
      return rows.length > 0 ? withAttrs(NODE.table, attrs, rows) : null;
    }
    case NODE.horizontalRule:
    case NODE.image:
      return withAttrs(node.type, attrs);
    default:
      return null;
  }
}

function listItem(children: unknown[], attrs: Record<string, JsonValue> | undefined, depth: number): Block {
  const content = blockContent(children, depth + 1);
  // Tiptap's listItem is `paragraph block*`.
  if (content[0]?.type !== NODE.paragraph) content.unshift({ type: NODE.paragraph });
  return withAttrs(NODE.listItem, attrs, content);
}

function tableRow(row: Block, depth: number): Block | null {
  const cells = childrenOf(row)
    .filter((c) => typeof c === 'string' || isNode(c))
    .map((c) => {
      const cell = isNode(c) && (c.type === NODE.tableCell || c.type === NODE.tableHeader) ? c : null;
      const content = blockContent(cell ? childrenOf(cell) : [c], depth + 2);
      // Cells are `block+`; anything else in a row becomes a cell.
      return withAttrs(cell?.type ?? NODE.tableCell, cell ? cleanAttrs(cell.attrs) : undefined, content.length > 0 ? content : [{ type: NODE.paragraph }]);
    });
  return cells.length > 0 ? withAttrs(NODE.tableRow, cleanAttrs(row.attrs), cells) : null;
}

/** Inline content (`inline*`): text, hard breaks and citations; block nodes give up their inline content. */
function inlineContent(items: unknown[], depth: number): Block[] {
  const out: Block[] = [];
  const push = (node: Block) => {
    const last = out[out.length - 1];
    if (node.type === NODE.text && last?.type === NODE.text && sameMarks(last.marks, node.marks)) {
      last.text = (last.text ?? '') + (node.text ?? '');
    } else {
      out.push(node);
    }
  };
  const walk = (list: unknown[], d: number) => {
    for (const item of list) {
      if (typeof item === 'string') {
        if (item) push({ type: NODE.text, text: item });
        continue;
      }
      if (!isNode(item) || d > MAX_DEPTH) continue;
      if (item.type === NODE.text) {
        if (typeof item.text !== 'string' || item.text.length === 0) continue;
        const marks = normalizeMarks(item.marks);
        push(marks.length > 0 ? { type: NODE.text, text: item.text, marks } : { type: NODE.text, text: item.text });
      } else if (item.type === NODE.hardBreak) {
        push({ type: NODE.hardBreak });
      } else if (item.type === NODE.citation) {
        const refId = cleanAttrs(item.attrs)?.refId;
        if (typeof refId === 'string' && refId) push({ type: NODE.citation, attrs: { refId } });
      } else if (item.type !== NODE.image) {
        walk(childrenOf(item), d + 1);
      }
    }
  };
  walk(items, depth);
  return out;
}

function codeText(items: unknown[], depth: number): string {
  let text = '';
  for (const item of items) {
    if (typeof item === 'string') text += item;
    else if (!isNode(item) || depth > MAX_DEPTH) continue;
    else if (item.type === NODE.text && typeof item.text === 'string') text += item.text;
    else if (item.type === NODE.hardBreak) text += '\n';
    else text += codeText(childrenOf(item), depth + 1);
  }
  return text;
}

/** Known marks only, one per type, in nesting order; a link needs a string href. */
export function normalizeMarks(marks: unknown): Mark[] {
  if (!Array.isArray(marks)) return [];
  const byType = new Map<string, Mark>();
  for (const m of marks) {
    if (!isNode(m) || !KNOWN_MARKS.has(m.type) || byType.has(m.type)) continue;
    const attrs = cleanAttrs((m as Mark).attrs);
    if (m.type === 'link' && typeof attrs?.href !== 'string') continue;
    byType.set(m.type, attrs ? { type: m.type, attrs } : { type: m.type });
  }
  return MARKS.filter((name) => byType.has(name)).map((name) => byType.get(name) as Mark);
}

/** Whether two mark lists are the same marks with the same attributes. */
export function sameMarks(a: Mark[] | undefined, b: Mark[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((m, i) => sameMark(m, y[i]));
}

/** Whether two marks are equal (type and attributes). */
export function sameMark(a: Mark | undefined, b: Mark | undefined): boolean {
  if (!a || !b || a.type !== b.type) return false;
  return stableJson(a.attrs ?? {}) === stableJson(b.attrs ?? {});
}

function stableJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k] as JsonValue)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
