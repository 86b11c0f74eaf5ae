// The heading navigation panel: chapters, sections and the headings inside each section's text.
// A click scrolls the document there (and puts the caret there for those who can edit).
import { For } from 'solid-js';
import { useReportPage } from './context';

/** The table of contents of the live document. */
export function HeadingNav() {
  const page = useReportPage();

  const toChapter = (chapterId: string) => document.getElementById(`chapter-${chapterId}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });

  const toHeading = (sectionId: string, pos: number) => {
    const editor = page.editors.get(sectionId);
    if (!editor) return page.revealSection(sectionId);
    const dom = editor.view.nodeDOM(pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ behavior: 'smooth', block: 'center' });
    if (editor.isEditable) editor.commands.focus(pos + 1, { scrollIntoView: false });
  };

  return (
    <nav class="heading-nav" aria-label="Contents">
      <ol>
        <For each={page.outline.chapters} fallback={<li class="hint">No chapters yet.</li>}>
          {(chapter) => (
            <li>
              <button type="button" class="nav-link nav-chapter" onClick={() => toChapter(chapter.id)}>
                {chapter.number} {chapter.title || 'Untitled chapter'}
              </button>
              <ol>
                <For each={chapter.sections}>
                  {(section) => (
                    <li>
                      <button type="button" class="nav-link nav-section" onClick={() => page.revealSection(section.id)}>
                        {section.number} {section.title || 'Untitled section'}
                      </button>
                      <ol>
                        <For each={page.editors.headings[section.id] ?? []}>
                          {(heading) => (
                            <li class={`nav-level-${heading.level}`}>
                              <button type="button" class="nav-link nav-heading" onClick={() => toHeading(section.id, heading.pos)}>
                                {heading.text || 'Untitled heading'}
                              </button>
                            </li>
                          )}
                        </For>
                      </ol>
                    </li>
                  )}
                </For>
              </ol>
            </li>
          )}
        </For>
      </ol>
    </nav>
  );
}
