// Section bodies as plain text, for prompts (earlier sections as context) and word counts.
import { NODE, type Block } from './schema';

/** Text of blocks: blocks apart by a blank line, list items and table rows on their own lines, cells by tabs; citations and images give nothing. */
export function blocksPlainText(blocks: Block[]): string {
  return blocks
    .map(blockText)
    .filter((t) => t.length > 0)
    .join('\n\n');
}

function blockText(block: Block): string {
  const content = block.content ?? [];
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
      return inlineText(content);
  }
}

function lines(blocks: Block[]): string {
  return blocks
    .map(blockText)
    .filter((t) => t.length > 0)
    .join('\n');
}

function inlineText(nodes: Block[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === NODE.text) text += node.text ?? '';
    else if (node.type === NODE.hardBreak) text += '\n';
  }
  return text;
}
