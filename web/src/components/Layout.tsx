// The frame of every page: a skip link, the header with the navigation for who is signed in, the
// page (focused after each navigation), and the footer with the public links.
import { A, createAsync, useSubmission, type RouteSectionProps } from '@solidjs/router';
import { Show, Suspense } from 'solid-js';
import { focusOnNavigation } from '../lib/route-focus';
import { getMe, logoutAction } from '../state/session';

/** The app's layout route. */
export function Layout(props: RouteSectionProps) {
  let main: HTMLElement | undefined;
  focusOnNavigation(() => main);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <A href="/" class="brand" end>
          Seydam
        </A>
        <Suspense>
          <Nav />
        </Suspense>
      </header>
      <main id="main" tabindex="-1" ref={main}>
        {props.children}
      </main>
      <footer class="site-footer">
        <nav aria-label="About">
          <A href="/contact">Contact</A>
          <A href="/waitlist">Waitlist</A>
          <A href="/terms">Terms</A>
          <A href="/privacy">Privacy</A>
        </nav>
      </footer>
    </>
  );
}

function Nav() {
  // A failed look-up (API down) shows the signed-out links rather than an error in the header.
  const me = createAsync(() => getMe().catch(() => null));
  const leaving = useSubmission(logoutAction);
  return (
    <nav aria-label="Main" class="main-nav">
      <Show
        when={me()}
        fallback={
          <>
            <a href="/#pricing">Pricing</a>
            <A href="/login">Log in</A>
            <A href="/signup" class="button">
              Sign up
            </A>
          </>
        }
      >
        <A href="/dashboard">Dashboard</A>
        <A href="/billing">Billing</A>
        <A href="/profile">Profile</A>
        <Show when={me()?.isStaff}>
          <A href="/staff">Staff</A>
        </Show>
        <form action={logoutAction} method="post" class="inline-form">
          <button type="submit" class="button-link" disabled={leaving.pending}>
            {leaving.pending ? 'Logging out…' : 'Log out'}
          </button>
        </form>
      </Show>
    </nav>
  );
}
