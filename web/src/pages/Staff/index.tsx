// "/staff": the staff tools (users and their credits, payments and reports; generation jobs; the
// audit log of everything staff did). For staff only: others are told so, and the API refuses them too.
import { A, createAsync, useSearchParams } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { Async } from '../../components/Async';
import { getMe } from '../../state/session';
import './staff.css';
import { Audit } from './Audit';
import { Jobs } from './Jobs';
import { UserDetail } from './UserDetail';
import { Users } from './Users';

const TABS = [
  { id: 'users', label: 'Users' },
  { id: 'jobs', label: 'Generation jobs' },
  { id: 'audit', label: 'Audit log' },
] as const;

/** "/staff?tab=users|jobs|audit&user=<id>" */
export default function Staff() {
  const me = createAsync(() => getMe());
  return (
    <Show when={me() !== undefined}>
      <Show
        when={me()?.isStaff}
        fallback={
          <div class="narrow">
            <h1>Staff only</h1>
            <p class="notice notice-error" role="alert">
              This page is for Seydam staff.
            </p>
            <p>
              <A href="/dashboard">Back to your dashboard</A>
            </p>
          </div>
        }
      >
        <StaffTools />
      </Show>
    </Show>
  );
}

function StaffTools() {
  const [params] = useSearchParams();
  const tab = () => (typeof params.tab === 'string' && TABS.some((t) => t.id === params.tab) ? params.tab : 'users');
  const user = () => (typeof params.user === 'string' ? params.user : '');
  return (
    <div class="staff-page">
      <h1>Staff</h1>
      <nav aria-label="Staff tools" class="toolbar">
        {TABS.map((t) => (
          <A href={`/staff?tab=${t.id}`} aria-current={tab() === t.id ? 'page' : undefined} class={tab() === t.id ? 'button' : 'button-secondary'}>
            {t.label}
          </A>
        ))}
      </nav>
      <Switch>
        <Match when={tab() === 'users' && user()}>
          <Async what="this user">
            <UserDetail userId={user()} />
          </Async>
        </Match>
        <Match when={tab() === 'users'}>
          <Users />
        </Match>
        <Match when={tab() === 'jobs'}>
          <Jobs />
        </Match>
        <Match when={tab() === 'audit'}>
          <Audit />
        </Match>
      </Switch>
    </div>
  );
}
