// A toolbar button that keeps the editor's caret: it takes no focus on mouse down.
import type { JSX } from 'solid-js';

export interface ButtonProps {
  label: string;
  shortcut?: string;
  disabled?: boolean;
  onClick: () => void;
  children: JSX.Element;
}

/** A toolbar button that leaves the caret in the editor. */
export function ToolButton(props: ButtonProps & { pressed?: boolean }) {
  return (
    <button
      type="button"
      class="tool"
      aria-label={props.label}
      aria-pressed={props.pressed === undefined ? undefined : props.pressed}
      title={props.shortcut ? `${props.label} (${props.shortcut})` : props.label}
      disabled={props.disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => props.onClick()}
    >
      {props.children}
    </button>
  );
}
