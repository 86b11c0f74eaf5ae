// "/share#<token>": opening a share link. The token travels in the fragment (never sent to a server
// or in a Referer); it is kept in this tab while a signed-out visitor logs in or signs up (they come
// back here after, see lib/after-sign-in), then accepted, and the visitor lands on the report with
// the link's role.
import { A, createAsync, useNavigate } from '@solidjs/router';
import { createEffect, createSignal, Show } from 'solid-js';
import { acceptShareLink } from '../../api/sharing';
import { Async } from '../../components/Async';
import { Loading, messageOf } from '../../components/Notices';
import { forgetShareToken, keepShareToken, pendingShareToken } from '../../lib/after-sign-in';
import { getMe } from '../../state/session';

/** The token from the address (then removed from it) or from before a sign-in. */
function takeToken(): string | null {
  const fromHash = decodeFragment(window.location.hash.replace(/^#/, '')).trim();
  if (fromHash) {
    keepShareToken(fromHash);
    history.replaceState(history.state, '', window.location.pathname);
    return fromHash;
  }
  return pendingShareToken();
}

/** The fragment as text; a malformed escape is kept as it is (the API then refuses the token). */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The share-link landing page. */
export default function ShareAccept() {
  return (
    <div class="narrow">
      <h1>Opening a shared report</h1>
      <Async what="your session">
        <Accept />
      </Async>
    </div>
  );
}

function Accept() {
  const token = takeToken();
  const me = createAsync(() => getMe());
  const navigate = useNavigate();
  const [error, setError] = createSignal<unknown>();
  let started = false;
  createEffect(() => {
    const user = me();
    if (user === undefined || started || !token) return;
    started = true;
    if (user === null) {
      navigate('/login?next=%2Fshare', { replace: true });
      return;
    }
    acceptShareLink(token).then(
      (accepted) => {
        forgetShareToken();
        navigate(`/reports/${accepted.reportId}`, { replace: true });
      },
      (err: unknown) => {
        forgetShareToken();
        setError(err);
      },
    );
  });
  return (
    <Show when={token} fallback={<p class="notice notice-error">This address holds no share link. Open the full link you were sent.</p>}>
      <Show when={error()} fallback={<Loading label="Joining the report…" />}>
        <p class="notice notice-error" role="alert">
          {messageOf(error())}
        </p>
        <p>
          <A href="/dashboard">Go to your dashboard</A>
        </p>
      </Show>
    </Show>
  );
}
