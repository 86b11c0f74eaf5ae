// The side panels (generation, references, AI edit, sharing, history, export…) as tabs. Which
// panels exist is panels/index.ts's business; this shows those the user's role may see, keeps a
// panel mounted once opened (a running AI edit must survive a look at another tab), and follows
// the WAI-ARIA tabs pattern (arrow keys move between tabs).
import { createMemo, createSignal, For, Show } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { reportPanels } from './panels';
import type { ReportRoomHandle } from './panels/types';

/** The tabs and their panels; nothing when no panel applies. */
export function SidePanels(props: { room: ReportRoomHandle }) {
  const panels = createMemo(() => reportPanels.filter((p) => !p.roles || p.roles.includes(props.room.role)));
  const [selected, setSelected] = createSignal<string | null>(null);
  const [opened, setOpened] = createSignal<ReadonlySet<string>>(new Set());
  const current = () => selected() ?? panels()[0]?.id ?? null;
  const select = (id: string) => {
    setSelected(id);
    setOpened((s) => new Set(s).add(id));
  };
  const isOpened = (id: string) => current() === id || opened().has(id);

  const onKeyDown = (e: KeyboardEvent) => {
    const list = panels();
    const at = list.findIndex((p) => p.id === current());
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    const jump = e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : null;
    if (step === 0 && jump === null) return;
    e.preventDefault();
    const next = list[jump ?? (at + step + list.length) % list.length];
    if (!next) return;
    select(next.id);
    document.getElementById(`panel-tab-${next.id}`)?.focus();
  };

  return (
    <Show when={panels().length > 0}>
      <aside class="side-panels" aria-label="Report tools">
        <div class="panel-tabs" role="tablist" aria-label="Report tools" onKeyDown={onKeyDown}>
          <For each={panels()}>
            {(panel) => (
              <button
                type="button"
                role="tab"
                id={`panel-tab-${panel.id}`}
                aria-controls={`panel-${panel.id}`}
                aria-selected={current() === panel.id}
                tabindex={current() === panel.id ? 0 : -1}
                onClick={() => select(panel.id)}
              >
                {panel.label}
              </button>
            )}
          </For>
        </div>
        <For each={panels()}>
          {(panel) => (
            <div role="tabpanel" id={`panel-${panel.id}`} aria-labelledby={`panel-tab-${panel.id}`} hidden={current() !== panel.id} class="side-panel">
              <Show when={isOpened(panel.id)}>
                <Dynamic component={panel.component} room={props.room} />
              </Show>
            </div>
          )}
        </For>
      </aside>
    </Show>
  );
}
