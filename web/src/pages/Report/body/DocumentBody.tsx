// The report body: chapters as headings, each section with its number, title, generation state and
// its own live editor. The outline decides the order, so moving a section in the outline moves it here.
import { For, Show } from 'solid-js';
import type { NumberedChapter, NumberedSection } from '../../../../../core/doc';
import { useReportPage } from '../context';
import { SectionEditor } from '../editor/SectionEditor';
import { SectionState } from './SectionState';

/** Every chapter and section of the outline, in order. */
export function DocumentBody() {
  const page = useReportPage();
  return (
    <div class="document-body">
      <Show when={page.outline.chapters.length > 0} fallback={<p class="hint document-empty">The report has no outline yet. Generate one or add chapters in the outline.</p>}>
        <For each={page.outline.chapters}>{(chapter) => <ChapterBlock chapter={chapter} />}</For>
      </Show>
    </div>
  );
}

function ChapterBlock(props: { chapter: NumberedChapter }) {
  return (
    <section class="doc-chapter" id={`chapter-${props.chapter.id}`} aria-labelledby={`chapter-title-${props.chapter.id}`}>
      <h2 class="doc-chapter-title" id={`chapter-title-${props.chapter.id}`}>
        <span class="doc-number">{props.chapter.number}</span> {props.chapter.title || 'Untitled chapter'}
      </h2>
      <For each={props.chapter.sections} fallback={<p class="hint">No sections in this chapter yet.</p>}>
        {(section) => <SectionBlock section={section} />}
      </For>
    </section>
  );
}

function SectionBlock(props: { section: NumberedSection }) {
  const page = useReportPage();
  const state = () => page.meta.sectionState[props.section.id];
  const label = () => `section ${props.section.number} ${props.section.title}`.trim();
  const writer = () => (state()?.status === 'writing' ? (state()?.writer ?? 'Seydam AI') : null);
  return (
    <section
      class="doc-section"
      id={`section-${props.section.id}`}
      data-section-id={props.section.id}
      classList={{ 'is-active': page.editors.activeSection() === props.section.id, 'is-writing': writer() !== null }}
      aria-labelledby={`section-title-${props.section.id}`}
    >
      <header class="doc-section-header">
        <h3 class="doc-section-title" id={`section-title-${props.section.id}`}>
          <span class="doc-number">{props.section.number}</span> {props.section.title || 'Untitled section'}
        </h3>
        <SectionState state={state()} />
      </header>
      <SectionEditor sectionId={props.section.id} label={label()} writer={writer()} />
    </section>
  );
}
