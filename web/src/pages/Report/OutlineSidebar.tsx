// The left column: the outline editor (for those who can edit) and the contents, as two tabs.
import { createSignal, Show } from 'solid-js';
import { useReportPage } from './context';
import { HeadingNav } from './HeadingNav';
import { OutlineEditor } from './outline/OutlineEditor';

type Tab = 'outline' | 'contents';

/** Outline and contents; viewers get the contents alone. */
export function OutlineSidebar() {
  const page = useReportPage();
  const [tab, setTab] = createSignal<Tab>('outline');
  const shown = (): Tab => (page.canEdit() ? tab() : 'contents');
  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`sidebar-tab-${id}`}
      aria-controls={`sidebar-${id}`}
      aria-selected={shown() === id}
      tabindex={shown() === id ? 0 : -1}
      onClick={() => setTab(id)}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        const next: Tab = id === 'outline' ? 'contents' : 'outline';
        setTab(next);
        document.getElementById(`sidebar-tab-${next}`)?.focus();
      }}
    >
      {label}
    </button>
  );
  return (
    <aside class="outline-sidebar" aria-label="Outline and contents">
      <Show when={page.canEdit()} fallback={<h2 class="sidebar-heading">Contents</h2>}>
        <div class="panel-tabs" role="tablist" aria-label="Outline and contents">
          {tabButton('outline', 'Outline')}
          {tabButton('contents', 'Contents')}
        </div>
      </Show>
      <Show when={shown() === 'outline'}>
        <div role="tabpanel" id="sidebar-outline" aria-labelledby="sidebar-tab-outline">
          <OutlineEditor />
        </div>
      </Show>
      <Show when={shown() === 'contents'}>
        <div role={page.canEdit() ? 'tabpanel' : undefined} id="sidebar-contents" aria-labelledby={page.canEdit() ? 'sidebar-tab-contents' : undefined}>
          <HeadingNav />
        </div>
      </Show>
    </aside>
  );
}
