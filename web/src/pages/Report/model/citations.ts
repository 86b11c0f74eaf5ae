// How citation nodes read in the editors: the in-text form of the report's citation style, and the
// full reference as a tooltip. IEEE numbers depend on where each source is first cited across the
// whole report, so in that style the numbers are recomputed (debounced) as bodies change.
import type * as Y from 'yjs';
import {
  citationContext,
  formatCitationGroup,
  formatReferenceText,
  readMeta,
  readReferences,
  readReportJson,
  reportTypes,
  type CitationContext,
} from '../../../../../core/doc';

const RENUMBER_AFTER_MS = 400;

/** Formats citations for node views and tells them when the formatting changed. */
export class CitationFormatter {
  private ctx: CitationContext;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onSources = () => this.recompute();
  private readonly onBodies = () => {
    if (this.ctx.style !== 'ieee' || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.recompute();
    }, RENUMBER_AFTER_MS);
  };

  constructor(private readonly doc: Y.Doc) {
    this.ctx = this.compute();
    const types = reportTypes(doc);
    types.references.observeDeep(this.onSources);
    types.meta.observe(this.onSources);
    types.sections.observeDeep(this.onBodies);
  }

  /** The in-text citation of one reference, e.g. "(Lovelace, 2020)" or "[3]". */
  label(refId: string): string {
    return formatCitationGroup([refId], this.ctx);
  }

  /** The full reference in the report's style, or a note that the source is missing. */
  source(refId: string): string {
    const ref = this.ctx.refs.get(refId);
    return ref ? formatReferenceText(ref, this.ctx.style) : 'This source is not among the report’s references.';
  }

  /** Calls `listener` whenever labels may have changed; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    const types = reportTypes(this.doc);
    types.references.unobserveDeep(this.onSources);
    types.meta.unobserve(this.onSources);
    types.sections.unobserveDeep(this.onBodies);
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private compute(): CitationContext {
    const style = readMeta(this.doc).citationStyle;
    // Only IEEE numbers need the bodies; the author-date styles need the sources alone.
    if (style === 'ieee') return citationContext(readReportJson(this.doc));
    const references = readReferences(this.doc);
    return { style, numbers: new Map(references.map((r, i) => [r.id, i + 1])), refs: new Map(references.map((r) => [r.id, r])) };
  }

  private recompute(): void {
    this.ctx = this.compute();
    for (const listener of this.listeners) listener();
  }
}
