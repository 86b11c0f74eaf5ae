// Messages: a form's failure (role=alert, read out at once), a success note (role=status), and the
// loading line shown while data arrives.
import { Show, type JSX } from 'solid-js';
import { ApiError } from '../api/client';

/** The readable message of anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}

/** A failed submission's message, unless it is already shown next to its field. */
export function FormError(props: { error: unknown; fields?: readonly string[] }) {
  const shown = () => {
    const e = props.error;
    if (!e) return undefined;
    if (e instanceof ApiError && e.field && (props.fields ?? []).includes(e.field)) return undefined;
    return messageOf(e);
  };
  return (
    <Show when={shown()}>
      <p class="notice notice-error" role="alert">
        {shown()}
      </p>
    </Show>
  );
}

/** A short success or information note. */
export function Note(props: { children: JSX.Element; tone?: 'ok' | 'info' | 'warn' }) {
  return (
    <p class={`notice notice-${props.tone ?? 'ok'}`} role="status">
      {props.children}
    </p>
  );
}

/** What shows while something loads. */
export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </p>
  );
}
