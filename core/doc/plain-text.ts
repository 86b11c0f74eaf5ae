// Section bodies as plain text, for prompts (earlier sections as context) and word counts.
import { NODE, type Block } from './schema';

export interface PlainTextOptions {
  /** How a citation reads (e.g. "[2]" for a prompt that numbers the sources); by default it gives nothing. */
  citation?: (refId: string) => string;
}

/** Text of blocks: blocks apart by a blank line, list items and table rows on their own lines, cells by tabs; images give nothing. */
export function blocksPlainText(blocks: Block[], options: PlainTextOptions = {}): string {
  const blockText = (block: Block) => textOfBlock(block, options);
  return blocks
    .map(blockText)
    .filter((t) => t.length > 0)
    .join('\n\n');
}

function textOfBlock(block: Block, options: PlainTextOptions): string {
  const content = block.content ?? [];
  const lines = (blocks: Block[]) => linesOf(blocks, options);
  switch (block.type) {
    case NODE.bulletList:
    case NODE.orderedList:
      return content.map((item) => lines(item.content ?? [])).join('\n');
    case NODE.blockquote:
      return lines(content);
    case NODE.table:
      return content.map((row) => (row.content ?? []).map((cell) => lines(cell.content ?? []).replace(/\n/g, ' ')).join('\t')).join('\n');
    case NODE.image:
    case NODE.horizontalRule:
      return '';
    default:
      return inlineText(content, options);
  }
}

function linesOf(blocks: Block[], options: PlainTextOptions): string {
  return blocks
    .map((b) => textOfBlock(b, options))
    .filter((t) => t.length > 0)
    .join('\n');
}

function inlineText(nodes: Block[], options: PlainTextOptions): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === NODE.text) text += node.text ?? '';
    else if (node.type === NODE.hardBreak) text += '\n';
    else if (node.type === NODE.citation && options.citation) text += options.citation(String(node.attrs?.refId ?? ''));
  }
  return text;
}
