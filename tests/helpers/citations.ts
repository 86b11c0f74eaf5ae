// Reading citations back out of a section's blocks, as a test checks them.
import type { Block } from '../../core/doc';

/** The reference ids of the citation nodes in `blocks`, in document order. */
export function citationIds(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (nodes: Block[] | undefined) =>
    nodes?.forEach((n) => {
      if (n.type === 'citation') out.push(String(n.attrs?.refId));
      walk(n.content);
    });
  walk(blocks);
  return out;
}
