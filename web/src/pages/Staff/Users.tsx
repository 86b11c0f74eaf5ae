// Finding a user: search by email, name or id; each row opens the user's page.
import { A, createAsync, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { Async } from '../../components/Async';
import { count, date } from '../../lib/format';
import { getStaffUsers } from '../../state/staff';

/** The users tab. */
export function Users() {
  const [params, setParams] = useSearchParams();
  const q = () => (typeof params.q === 'string' ? params.q : '');
  return (
    <section aria-labelledby="staff-users-title" class="panel">
      <h2 id="staff-users-title">Users</h2>
      <form
        role="search"
        class="form compact inline-search"
        onSubmit={(e) => {
          e.preventDefault();
          const value = new FormData(e.currentTarget).get('q');
          setParams({ q: typeof value === 'string' && value.trim() ? value.trim() : undefined });
        }}
      >
        <div class="field">
          <label for="staff-user-search">Email, name or user id</label>
          <input id="staff-user-search" name="q" type="search" value={q()} maxLength={200} />
        </div>
        <button type="submit">Search</button>
      </form>
      <Async what="users" loading="Searching…">
        <UserTable q={q()} />
      </Async>
    </section>
  );
}

function UserTable(props: { q: string }) {
  const users = createAsync(() => getStaffUsers(props.q));
  return (
    <Show when={users()?.data.length} fallback={<p class="empty">No users match.</p>}>
      <div class="table-wrap">
        <table aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Credits</th>
              <th scope="col">Joined</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            <For each={users()?.data}>
              {(u) => (
                <tr>
                  <td>
                    <A href={`/staff?tab=users&user=${u.id}`}>{u.fullName}</A>
                  </td>
                  <td>{u.email}</td>
                  <td>{count(u.balance)}</td>
                  <td>{date(u.createdAt)}</td>
                  <td>
                    {u.isStaff ? 'Staff' : 'User'}
                    {u.isActive ? '' : ' · disabled'}
                    {u.emailVerifiedAt ? '' : ' · unverified'}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={users()?.nextCursor}>
        <p class="hint">Showing the newest 25; search to narrow.</p>
      </Show>
    </Show>
  );
}
