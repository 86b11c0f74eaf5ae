// API tokens: list, create (the secret is shown once, here) and revoke.
import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import type { ApiTokenCreatedDto, ApiTokenDto } from '../../../../core/api/account';
import { Field } from '../../components/Field';
import { FormError } from '../../components/Notices';
import { date, dateTime } from '../../lib/format';
import { createTokenAction, getTokens, revokeTokenAction } from '../../state/account';

/** The tokens section. */
export function Tokens() {
  const tokens = createAsync(() => getTokens());
  const create = useAction(createTokenAction);
  const sub = useSubmission(createTokenAction);
  const [fresh, setFresh] = createSignal<ApiTokenCreatedDto>();
  return (
    <section aria-labelledby="tokens-title" class="panel">
      <h2 id="tokens-title">API tokens</h2>
      <p>Use a token as <code>Authorization: Bearer &lt;token&gt;</code> to call the Seydam API from your own tools.</p>
      <Show when={fresh()}>{(t) => <NewToken token={t()} onDone={() => setFresh(undefined)} />}</Show>
      <Show when={tokens()?.length} fallback={<p class="empty">No tokens yet.</p>}>
        <ul class="token-list">
          <For each={tokens()}>{(t) => <TokenRow token={t} />}</For>
        </ul>
      </Show>
      <form
        class="form compact"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const made = await create(new FormData(form)).catch(() => undefined);
          if (!made) return;
          form.reset();
          setFresh(made);
        }}
      >
        <Field name="name" label="Token name" hint="What will use it, e.g. “reporting script”." required maxLength={100} error={sub.error} />
        <FormError error={sub.error} fields={['name']} />
        <button type="submit" class="button-secondary" disabled={sub.pending}>
          {sub.pending ? 'Creating…' : 'Create token'}
        </button>
      </form>
    </section>
  );
}

function NewToken(props: { token: ApiTokenCreatedDto; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="notice notice-warn new-token" role="status">
      <p>
        Your new token “{props.token.name}”. Copy it now: <strong>it will not be shown again.</strong>
      </p>
      <code class="secret" data-testid="new-token">
        {props.token.token}
      </code>
      <div class="actions">
        <button
          type="button"
          class="button-secondary"
          onClick={() => void navigator.clipboard?.writeText(props.token.token).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied() ? 'Copied' : 'Copy'}
        </button>
        <button type="button" class="button-link" onClick={() => props.onDone()}>
          I saved it
        </button>
      </div>
    </div>
  );
}

function TokenRow(props: { token: ApiTokenDto }) {
  const revoke = useAction(revokeTokenAction);
  const sub = useSubmission(revokeTokenAction, ([id]) => id === props.token.id);
  return (
    <li>
      <span>
        <strong>{props.token.name}</strong> <code>{props.token.prefix}…</code>
        <span class="meta">
          {' '}
          · created {date(props.token.createdAt)} · {props.token.lastUsedAt ? `last used ${dateTime(props.token.lastUsedAt)}` : 'never used'}
        </span>
      </span>
      <button
        type="button"
        class="button-link danger"
        aria-label={`Revoke token ${props.token.name}`}
        disabled={sub.pending}
        onClick={() => {
          if (confirm(`Revoke the token “${props.token.name}”? Anything using it stops working.`)) void revoke(props.token.id).catch(() => undefined);
        }}
      >
        {sub.pending ? 'Revoking…' : 'Revoke'}
      </button>
      <FormError error={sub.error} />
    </li>
  );
}
