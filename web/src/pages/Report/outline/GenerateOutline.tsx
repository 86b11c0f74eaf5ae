// "Generate outline": the model proposes chapters and sections from the report's form, and they
// land in the live document for everyone. An outline people have edited is replaced only after
// the person confirms (the API answers 409 outline_edited until then).
import { createSignal, Show } from 'solid-js';
import { isStatus } from '../../../api/client';
import { generateOutline } from '../../../api/outline';
import { messageOf } from '../../../components/Notices';
import { useReportPage } from '../context';

/** The button, its progress and its outcome. */
export function GenerateOutline() {
  const page = useReportPage();
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);

  async function run(replace: boolean): Promise<void> {
    setPending(true);
    setError(null);
    setDone(null);
    try {
      const result = await generateOutline(page.reportId, replace);
      setDone(result.demo ? 'Outline written by the offline demo model (no AI provider is configured).' : 'New outline in place.');
    } catch (err) {
      if (!replace && isStatus(err, 409)) {
        setPending(false);
        if (window.confirm('The outline was edited since it was generated. Replace it with a new one? Sections that are not kept lose their text.')) return run(true);
        return;
      }
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <div class="generate-outline">
      <button type="button" class={page.outline.chapters.length === 0 ? 'button' : 'button-secondary'} disabled={pending()} onClick={() => void run(false)}>
        {pending() ? 'Generating outline…' : page.outline.chapters.length === 0 ? 'Generate outline' : 'Generate a new outline'}
      </button>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={done()}>
        <p class="hint" role="status">
          {done()}
        </p>
      </Show>
    </div>
  );
}
