// My profile: name, password, API tokens, and deleting the account.
import { createAsync } from '@solidjs/router';
import { Show } from 'solid-js';
import { Async } from '../../components/Async';
import { getMe } from '../../state/session';
import { DeleteAccount } from './DeleteAccount';
import { NameForm } from './NameForm';
import { PasswordForm } from './PasswordForm';
import { Tokens } from './Tokens';

/** "/profile" */
export default function Profile() {
  const me = createAsync(() => getMe());
  return (
    <div class="narrow profile">
      <h1>Profile</h1>
      <Show when={me()}>
        {(user) => (
          <>
            <p>
              Signed in as <strong>{user().email}</strong>.
            </p>
            <NameForm fullName={user().fullName} />
            <PasswordForm hasPassword={user().hasPassword} />
            <Async what="your API tokens">
              <Tokens />
            </Async>
            <DeleteAccount hasPassword={user().hasPassword} />
          </>
        )}
      </Show>
    </div>
  );
}
