// Any path the app does not know.
import { A } from '@solidjs/router';

/** "*" */
export default function NotFound() {
  return (
    <div class="narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <A href="/">Go to the home page</A>.
      </p>
    </div>
  );
}
