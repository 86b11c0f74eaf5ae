// "Continue with Google", shown only when GET /api/auth/providers says Google is configured. It is a
// plain link: the API redirects to Google and back, ending signed in on `next`.
import { createAsync } from '@solidjs/router';
import { Show, Suspense } from 'solid-js';
import { googleSignInUrl } from '../api/auth';
import { getProviders } from '../state/session';

/** The Google sign-in link, or nothing. */
export function GoogleButton(props: { label: string; next?: string }) {
  // If the look-up fails, offering only the password form is the safe fallback.
  const providers = createAsync(() => getProviders().catch(() => ({ google: false, password: true as const })));
  return (
    <Suspense>
      <Show when={providers()?.google}>
        <div class="or">
          <span>or</span>
        </div>
        <a class="button-secondary google" rel="external" href={googleSignInUrl(props.next ?? '/dashboard')}>
          {props.label}
        </a>
      </Show>
    </Suspense>
  );
}
