// Who is here: one avatar per person in the room, with their colour (the same as their caret),
// initials, and their name as text for assistive technology and on hover.
import { For } from 'solid-js';
import type { Person } from './model/presence';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => (p as string)[0]?.toUpperCase() ?? '').join('') || '?';
}

/** The avatars. */
export function Presence(props: { people: Person[] }) {
  return (
    <ul class="presence" aria-label="People here">
      <For each={props.people}>
        {(person) => {
          const label = () => `${person.name}${person.isMe ? ' (you)' : ''}${person.role === 'viewer' ? ', viewing' : ''}`;
          return (
            <li class="avatar" style={{ 'background-color': person.color }} title={label()} data-person={person.name}>
              <span aria-hidden="true">{initials(person.name)}</span>
              <span class="visually-hidden">{label()}</span>
            </li>
          );
        }}
      </For>
    </ul>
  );
}
