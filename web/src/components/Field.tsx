// A labelled input (or textarea / select) with its hint and, when the last submission failed on this
// field, the error next to it, tied together with aria-describedby so screen readers read both.
import { createUniqueId, Show, splitProps, type JSX } from 'solid-js';
import { ApiError } from '../api/client';

/** The message for `name` when `error` is an ApiError about that field. */
export function fieldError(error: unknown, name: string): string | undefined {
  return error instanceof ApiError && error.field === name ? error.fieldMessage : undefined;
}

interface Common {
  name: string;
  label: string;
  /** The failed submission's error; shown here only when it names this field. */
  error?: unknown;
  hint?: JSX.Element;
}

type InputProps = Common & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'name'>;

/** <label> + <input>. */
export function Field(props: InputProps) {
  const [own, rest] = splitProps(props, ['name', 'label', 'error', 'hint', 'id']);
  const id = own.id ?? createUniqueId();
  const message = () => fieldError(own.error, own.name);
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <input id={id} name={own.name} aria-invalid={message() ? 'true' : undefined} aria-describedby={describedBy(id, own.hint, message())} {...rest} />
      <Show when={own.hint}>
        <p class="hint" id={`${id}-hint`}>{own.hint}</p>
      </Show>
      <Show when={message()}>
        <p class="field-error" id={`${id}-error`}>{message()}</p>
      </Show>
    </div>
  );
}

type TextAreaProps = Common & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>;

/** <label> + <textarea>. */
export function TextArea(props: TextAreaProps) {
  const [own, rest] = splitProps(props, ['name', 'label', 'error', 'hint', 'id']);
  const id = own.id ?? createUniqueId();
  const message = () => fieldError(own.error, own.name);
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <textarea id={id} name={own.name} aria-invalid={message() ? 'true' : undefined} aria-describedby={describedBy(id, own.hint, message())} {...rest} />
      <Show when={own.hint}>
        <p class="hint" id={`${id}-hint`}>{own.hint}</p>
      </Show>
      <Show when={message()}>
        <p class="field-error" id={`${id}-error`}>{message()}</p>
      </Show>
    </div>
  );
}

type SelectProps = Common & Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'name'> & { children: JSX.Element };

/** <label> + <select>. */
export function Select(props: SelectProps) {
  const [own, rest] = splitProps(props, ['name', 'label', 'error', 'hint', 'id', 'children']);
  const id = own.id ?? createUniqueId();
  const message = () => fieldError(own.error, own.name);
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <select id={id} name={own.name} aria-invalid={message() ? 'true' : undefined} aria-describedby={describedBy(id, own.hint, message())} {...rest}>
        {own.children}
      </select>
      <Show when={own.hint}>
        <p class="hint" id={`${id}-hint`}>{own.hint}</p>
      </Show>
      <Show when={message()}>
        <p class="field-error" id={`${id}-error`}>{message()}</p>
      </Show>
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
