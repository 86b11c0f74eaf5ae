// A section that loads data: a loading line while it suspends, and the error with a retry button if
// it fails, so one failed panel never blanks the whole page.
import { ErrorBoundary, Suspense, type JSX } from 'solid-js';
import { Loading, messageOf } from './Notices';

/** Wraps children that read createAsync values. */
export function Async(props: { children: JSX.Element; loading?: string; what?: string }) {
  return (
    <ErrorBoundary
      fallback={(err, reset) => (
        <div class="notice notice-error" role="alert">
          <p>
            {props.what ? `Could not load ${props.what}: ` : ''}
            {messageOf(err)}
          </p>
          <button type="button" class="button-secondary" onClick={reset}>
            Try again
          </button>
        </div>
      )}
    >
      <Suspense fallback={<Loading label={props.loading} />}>{props.children}</Suspense>
    </ErrorBoundary>
  );
}
