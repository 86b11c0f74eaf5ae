// References: the report's sources as the export will list them, in the chosen citation style
// (kept in the document, so a change shows for everyone at once), with their DOI or URL links, and
// a search for real sources.
import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import {
  citationNumbers,
  citationStyles,
  formatReference,
  orderedReferences,
  readReportJson,
  referencesHeading,
  setCitationStyle,
  type CitationStyle,
} from '../../../../../core/doc';
import { messageOf, Note } from '../../../components/Notices';
import { plural } from '../../../lib/format';
import { gatherReferencesAction } from '../../../state/report-panels';
import { liveValue } from './live';
import type { PanelProps } from './types';

const STYLE_NAMES: Record<CitationStyle, string> = { apa: 'APA 7', mla: 'MLA 9', harvard: 'Harvard', ieee: 'IEEE' };

/** The references tab. */
export function ReferencesPanel(props: PanelProps) {
  const canWrite = () => props.room.role !== 'viewer';
  // Numbering follows the order of first citation, so the whole document is read (at most every 300 ms).
  const list = liveValue(
    props.room.doc,
    (doc) => {
      const json = readReportJson(doc);
      return { style: json.citationStyle, entries: orderedReferences(json, citationNumbers(json)) };
    },
    { wait: 300 },
  );
  const styleId = createUniqueId();
  const gather = useAction(gatherReferencesAction);
  const gathering = useSubmission(gatherReferencesAction);
  const [found, setFound] = createSignal<number>();

  return (
    <div class="panel-body references-panel">
      <div class="field">
        <label for={styleId}>Citation style</label>
        <select
          id={styleId}
          value={list().style}
          disabled={!canWrite()}
          onChange={(e) => setCitationStyle(props.room.doc, e.currentTarget.value as CitationStyle)}
        >
          <For each={citationStyles}>{(s) => <option value={s} selected={s === list().style}>{STYLE_NAMES[s]}</option>}</For>
        </select>
      </div>
      <Show when={!canWrite()}>
        <p class="hint">Only editors can change the style.</p>
      </Show>

      <h3 class="panel-subtitle">{referencesHeading(list().style)}</h3>
      <Show when={list().entries.length > 0} fallback={<p class="empty">No references yet.</p>}>
        <ol class={`reference-list style-${list().style}`} aria-label="References" data-style={list().style}>
          <For each={list().entries}>
            {(entry) => (
              <li data-testid="reference-entry">
                <Show when={list().style === 'ieee'}>
                  <span class="ref-label">[{entry.number}] </span>
                </Show>
                <For each={formatReference(entry.ref, list().style)}>
                  {(part) =>
                    part.href ? (
                      <a href={part.href} target="_blank" rel="noopener noreferrer nofollow">
                        {part.text}
                      </a>
                    ) : part.italic ? (
                      <em>{part.text}</em>
                    ) : (
                      <>{part.text}</>
                    )
                  }
                </For>
              </li>
            )}
          </For>
        </ol>
      </Show>

      <Show when={canWrite()}>
        <div class="actions">
          <button
            type="button"
            class="button-secondary"
            disabled={gathering.pending}
            onClick={() => {
              setFound(undefined);
              void gather(props.room.reportId)
                .then((r) => setFound(r.references.length))
                .catch(() => undefined);
            }}
          >
            {gathering.pending ? 'Searching OpenAlex and Crossref…' : 'Find references'}
          </button>
        </div>
        <p class="hint">Searches scholarly databases for the topic and outline and replaces the list with what it finds.</p>
        <Show when={found() !== undefined}>
          <Note>Found {plural(found() ?? 0, 'reference')}.</Note>
        </Show>
        <Show when={gathering.error}>
          <p class="notice notice-error" role="alert">
            {messageOf(gathering.error)}
          </p>
        </Show>
      </Show>
    </div>
  );
}
