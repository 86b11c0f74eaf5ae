// In-text citations and the order of the reference list, shared by both renderers.
import { normalizeBody } from './normalize';
import { firstFamilyName, parseName } from './reference-format';
import { NODE, type Block, type CitationStyle, type ReferenceJson, type ReportJson } from './schema';

/** What rendering a citation needs: the style, the numbers and the references by id. */
export interface CitationContext {
  style: CitationStyle;
  numbers: Map<string, number>;
  refs: Map<string, ReferenceJson>;
}

/**
 * Reference id → number: cited references in the order they are first cited (sections in
 * outline order), then the references never cited, in list order, so every entry of a numbered
 * list has a number. Citations of ids that are not references get none.
 */
export function citationNumbers(json: ReportJson): Map<string, number> {
  const known = new Set(json.references.map((r) => r.id));
  const numbers = new Map<string, number>();
  const visit = (nodes: Block[]) => {
    for (const node of nodes) {
      if (node.type === NODE.citation) {
        const refId = node.attrs?.refId;
        if (typeof refId === 'string' && known.has(refId) && !numbers.has(refId)) numbers.set(refId, numbers.size + 1);
      }
      if (node.content) visit(node.content);
    }
  };
  for (const chapter of json.outline.chapters) {
    for (const section of chapter.sections) visit(normalizeBody(json.sections[section.id] ?? []));
  }
  for (const ref of json.references) {
    if (!numbers.has(ref.id)) numbers.set(ref.id, numbers.size + 1);
  }
  return numbers;
}

/** The context both renderers cite with. */
export function citationContext(json: ReportJson): CitationContext {
  return {
    style: json.citationStyle,
    numbers: citationNumbers(json),
    refs: new Map(json.references.map((r) => [r.id, r])),
  };
}

/**
 * The in-text citation of adjacent citation nodes: "[1], [2]" in IEEE, "(Smith, 2020; Lee & Kim,
 * 2021)" in APA, "(Smith, 2020; Lee and Kim, 2021)" in Harvard, "(Smith; Lee and Kim)" in MLA.
 * An id that is not a reference shows as "?".
 */
export function formatCitationGroup(refIds: string[], ctx: CitationContext): string {
  const style = ctx.style;
  if (style === 'ieee') return refIds.map((id) => `[${ctx.numbers.get(id) ?? '?'}]`).join(', ');
  return `(${refIds
    .map((id) => {
      const ref = ctx.refs.get(id);
      return ref ? authorDateLabel(ref, style) : '?';
    })
    .join('; ')})`;
}

function authorDateLabel(ref: ReferenceJson, style: Exclude<CitationStyle, 'ieee'>): string {
  const families = ref.authors.map((a) => parseName(a).family);
  let who: string;
  if (families.length === 0) {
    const words = ref.title.trim().split(/\s+/);
    who = `"${words.slice(0, 4).join(' ')}${words.length > 4 ? '…' : ''}"`;
  } else if (families.length === 1) {
    who = families[0] as string;
  } else if (families.length === 2) {
    who = `${families[0]} ${style === 'apa' ? '&' : 'and'} ${families[1]}`;
  } else if (families.length === 3 && style === 'harvard') {
    who = `${families[0]}, ${families[1]} and ${families[2]}`;
  } else {
    who = `${families[0]} et al.`;
  }
  if (style === 'mla') return who;
  const year = ref.year ?? (style === 'apa' ? 'n.d.' : 'no date');
  return `${who}, ${year}`;
}

/** The reference list in the style's order with each entry's number: by number for IEEE, else by first author, year and title. */
export function orderedReferences(json: ReportJson, numbers = citationNumbers(json)): Array<{ ref: ReferenceJson; number: number }> {
  const entries = json.references.map((ref) => ({ ref, number: numbers.get(ref.id) ?? 0 }));
  if (json.citationStyle === 'ieee') return entries.sort((a, b) => a.number - b.number);
  const key = (ref: ReferenceJson) => (firstFamilyName(ref) ?? ref.title).toLocaleLowerCase('en');
  return entries.sort(
    (a, b) =>
      key(a.ref).localeCompare(key(b.ref), 'en') ||
      (a.ref.year ?? 0) - (b.ref.year ?? 0) ||
      a.ref.title.localeCompare(b.ref.title, 'en'),
  );
}

/** The heading of the reference list in `style`. */
export function referencesHeading(style: CitationStyle): string {
  switch (style) {
    case 'mla':
      return 'Works Cited';
    case 'harvard':
      return 'Reference list';
    case 'apa':
    case 'ieee':
      return 'References';
  }
}
