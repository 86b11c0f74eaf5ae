// A report as Markdown (CommonMark + GFM tables): # chapter, ## 1.1 section, the bodies,
// citations and the reference list. Text is escaped so nothing in it becomes markup (no raw
// HTML, no links a reference definition could make); links keep only http(s)/mailto targets.
import { citationContext, formatCitationGroup, orderedReferences, referencesHeading, type CitationContext } from './citations';
import { coerceReportJson } from './coerce';
import { normalizeBody, sameMark } from './normalize';
import { numberOutline } from './outline-read';
import { blocksPlainText } from './plain-text';
import { formatReference } from './reference-format';
import { safeImageSrc, safeLinkHref } from './safe-url';
import { NODE, type Block, type Mark, type ReportJson } from './schema';

const DELIMITERS: Record<string, string> = { bold: '**', italic: '*', strike: '~~' };
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,40}$/;

/** Text with the characters that could start Markdown markup (anywhere in a line) backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|~]/g, '\\$&').replace(/&(?=#?[a-z0-9]+;)/gi, '\\&');
}

/** The report as Markdown. */
export function renderReportMarkdown(input: ReportJson): string {
  const json = coerceReportJson(input);
  const ctx = citationContext(json);
  const out: string[] = [`# ${headingText(escapeMarkdown(oneLine(json.title)))}`];
  for (const chapter of numberOutline(json.outline)) {
    out.push(`# ${headingText(escapeMarkdown(oneLine(`${chapter.number} ${chapter.title}`)))}`);
    for (const section of chapter.sections) {
      out.push(`## ${headingText(escapeMarkdown(oneLine(`${section.number} ${section.title}`)))}`);
      out.push(...normalizeBody(json.sections[section.id] ?? []).map((b) => block(b, ctx)));
    }
  }
  if (json.references.length > 0) {
    out.push(`# ${escapeMarkdown(referencesHeading(json.citationStyle))}`);
    for (const { ref, number } of orderedReferences(json, ctx.numbers)) {
      const label = json.citationStyle === 'ieee' ? `[${number}] ` : '';
      const text = formatReference(ref, json.citationStyle)
        .map((p) => {
          if (p.href) return `<${linkTarget(p.href)}>`;
          const t = escapeMarkdown(oneLine(p.text));
          return p.italic ? `*${t}*` : t;
        })
        .join('');
      out.push(escapeLineStarts(`${label}${text}`));
    }
  }
  return `${out.filter((s) => s.length > 0).join('\n\n')}\n`;
}

function block(node: Block, ctx: CitationContext): string {
  const content = node.content ?? [];
  switch (node.type) {
    case NODE.paragraph:
      return escapeLineStarts(inline(content, ctx, false));
    case NODE.heading: {
      const level = node.attrs?.level as number;
      return `${'#'.repeat(level)} ${headingText(inline(content.map(breakToSpace), ctx, false))}`;
    }
    case NODE.bulletList:
    case NODE.orderedList:
      return list(node, ctx);
    case NODE.blockquote:
      return content
        .map((c) => block(c, ctx))
        .filter((s) => s.length > 0)
        .join('\n\n')
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    case NODE.codeBlock: {
      const text = content.map((t) => t.text ?? '').join('');
      const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      const language = node.attrs?.language;
      return `${fence}${typeof language === 'string' && LANGUAGE.test(language) ? language : ''}\n${text}\n${fence}`;
    }
    case NODE.horizontalRule:
      return '---';
    case NODE.table:
      return table(node, ctx);
    case NODE.image:
      return image(node);
    default:
      return '';
  }
}

function list(node: Block, ctx: CitationContext): string {
  const items = node.content ?? [];
  // Tight (no blank lines) when each item is one paragraph, perhaps followed by a nested list.
  const tight = items.every((item) => {
    const c = item.content ?? [];
    return c.length === 1 || (c.length === 2 && (c[1]?.type === NODE.bulletList || c[1]?.type === NODE.orderedList));
  });
  const startAttr = node.attrs?.start;
  const start = typeof startAttr === 'number' && Number.isInteger(startAttr) && startAttr >= 0 ? startAttr : 1;
  return items
    .map((item, i) => {
      const marker = node.type === NODE.orderedList ? `${start + i}. ` : '- ';
      // An ordered list not starting at 1 cannot interrupt a paragraph, so it needs a blank line before it.
      const inner = (item.content ?? [])
        .map((c, j) => {
          const apart = !tight || (j > 0 && c.type === NODE.orderedList && c.attrs?.start !== undefined && c.attrs.start !== 1);
          return `${j === 0 ? '' : apart ? '\n\n' : '\n'}${block(c, ctx)}`;
        })
        .join('');
      const indent = ' '.repeat(marker.length);
      return `${marker}${inner
        .split('\n')
        .map((line, j) => (j === 0 || line === '' ? line : `${indent}${line}`))
        .join('\n')}`.trimEnd();
    })
    .join(tight ? '\n' : '\n\n');
}

function table(node: Block, ctx: CitationContext): string {
  const rows = (node.content ?? []).map((row) => {
    const cells: string[] = [];
    for (const cell of row.content ?? []) {
      cells.push(cellText(cell, ctx));
      const colspan = typeof cell.attrs?.colspan === 'number' ? Math.min(Math.max(1, Math.trunc(cell.attrs.colspan)), 1000) : 1;
      for (let i = 1; i < colspan; i++) cells.push('');
    }
    return cells;
  });
  const width = Math.max(1, ...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(Array.from({ length: width }, () => '---')), ...body.map(line)].join('\n');
}

function cellText(cell: Block, ctx: CitationContext): string {
  return (cell.content ?? [])
    .map((b) => (b.type === NODE.paragraph || b.type === NODE.heading ? inline(b.content ?? [], ctx, true) : escapeMarkdown(blocksPlainText([b])).replace(/\n/g, '<br>')))
    .filter((s) => s.length > 0)
    .join('<br>');
}

function image(node: Block): string {
  const src = safeImageSrc(node.attrs?.src);
  if (!src) return '';
  const alt = typeof node.attrs?.alt === 'string' ? escapeMarkdown(oneLine(node.attrs.alt)) : '';
  const title = node.attrs?.title;
  const titlePart = typeof title === 'string' && title ? ` "${oneLine(title).replace(/["\\]/g, '\\$&')}"` : '';
  const caption = node.attrs?.caption;
  const captionPart = typeof caption === 'string' && caption.trim() ? `\n\n*${escapeMarkdown(oneLine(caption.trim()))}*` : '';
  return `![${alt}](${linkTarget(src)}${titlePart})${captionPart}`;
}

/** Marks Markdown can show (underline has no Markdown), links only with a safe href. */
function mdMarks(marks: Mark[] | undefined): Mark[] {
  return (marks ?? []).filter((m) => (m.type === 'link' ? safeLinkHref(m.attrs?.href) !== null : m.type in DELIMITERS || m.type === 'code'));
}

/**
 * Inline content. Marks stay open across nodes that share them; whitespace at the edge of a
 * marked run goes outside the delimiters, since CommonMark does not close `**bold **`.
 */
function inline(nodes: Block[], ctx: CitationContext, inTable: boolean): string {
  let out = '';
  let active: Mark[] = [];
  const closeFrom = (from: number) => {
    const trailing = /[ \t]*$/.exec(out)?.[0] ?? '';
    out = out.slice(0, out.length - trailing.length);
    for (let j = active.length - 1; j >= from; j--) out += closeDelimiter(active[j] as Mark);
    out += trailing;
    active = active.slice(0, from);
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Block;
    if (node.type === NODE.text) {
      const raw = node.text ?? '';
      const all = raw.trim() ? mdMarks(node.marks) : [];
      const code = all.some((m) => m.type === 'code');
      const marks = all.filter((m) => m.type !== 'code');
      let keep = 0;
      while (keep < active.length && keep < marks.length && sameMark(active[keep], marks[keep])) keep++;
      if (keep < active.length) closeFrom(keep);
      let text = code ? codeSpan(raw, inTable) : escapeMarkdown(raw);
      if (marks.length > keep) {
        const lead = /^[ \t]*/.exec(text)?.[0] ?? '';
        out += lead;
        text = text.slice(lead.length);
        for (let j = keep; j < marks.length; j++) out += openDelimiter(marks[j] as Mark);
      }
      active = marks;
      out += text;
    } else if (node.type === NODE.hardBreak) {
      // Inline atoms carry no marks (y-prosemirror stores none on elements), so they close any open ones.
      closeFrom(0);
      out += inTable ? '<br>' : '\\\n';
    } else if (node.type === NODE.citation) {
      closeFrom(0);
      const ids: string[] = [];
      while (i < nodes.length && nodes[i]?.type === NODE.citation) ids.push(String(nodes[i++]?.attrs?.refId));
      i--;
      // IEEE's "[1]" stays as it is: without a reference definition (text cannot make one) it is plain text.
      const cite = formatCitationGroup(ids, ctx);
      out += ctx.style === 'ieee' ? cite : escapeMarkdown(cite);
    }
  }
  closeFrom(0);
  return out;
}

function openDelimiter(mark: Mark): string {
  return mark.type === 'link' ? '[' : (DELIMITERS[mark.type] as string);
}

function closeDelimiter(mark: Mark): string {
  return mark.type === 'link' ? `](${linkTarget(safeLinkHref(mark.attrs?.href) as string)})` : (DELIMITERS[mark.type] as string);
}

function codeSpan(text: string, inTable: boolean): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  // GFM splits table cells at "|" even inside code spans.
  const body = inTable ? text.replace(/\|/g, '\\|') : text;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A URL as a link destination: the characters that would end or break it percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[()<> \\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Escapes what would start a block at the beginning of a line (heading, quote, list, rule, setext underline). */
function escapeLineStarts(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.trimStart().replace(/^[#>+=-]/, '\\$&').replace(/^(\d{1,9})([.)])/, '$1\\$2'))
    .join('\n');
}

/** Heading text: a closing run of # would be taken as the optional closing sequence. */
function headingText(text: string): string {
  return text.replace(/(#+)(\s*)$/, '\\$1$2').trim();
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function breakToSpace(node: Block): Block {
  return node.type === NODE.hardBreak ? { type: NODE.text, text: ' ' } : node;
}
