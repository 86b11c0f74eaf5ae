// The layout of signed-in pages: waits for the session, sends anonymous visitors to the login page
// (remembering where they were going), then shows the page.
import { createAsync, Navigate, useLocation, type RouteSectionProps } from '@solidjs/router';
import { Show } from 'solid-js';
import { getMe } from '../state/session';
import { Async } from './Async';

/** Route component wrapping every page that needs a session. */
export function RequireAuth(props: RouteSectionProps) {
  return (
    <Async what="your session">
      <Gate>{props.children}</Gate>
    </Async>
  );
}

function Gate(props: { children: RouteSectionProps['children'] }) {
  const me = createAsync(() => getMe());
  const location = useLocation();
  const next = () => encodeURIComponent(location.pathname + location.search);
  return (
    <Show when={me() !== undefined}>
      <Show when={me()} fallback={<Navigate href={`/login?next=${next()}`} />}>
        {props.children}
      </Show>
    </Show>
  );
}
