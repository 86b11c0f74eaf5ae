// Whether everything is saved: connected (every edit is in the room), saving (edits on their way),
// offline (edits kept here; they merge when the connection is back), or connecting.
import type { RoomStatus } from './panels/types';

const LABELS: Record<RoomStatus, string> = {
  connecting: 'Connecting…',
  connected: 'All changes saved',
  saving: 'Saving…',
  offline: 'Offline — your edits are kept and merge when you reconnect',
};

/** The status pill in the report header. */
export function ConnectionStatus(props: { status: RoomStatus }) {
  return (
    <span class={`room-status room-status-${props.status}`} data-status={props.status} role="status" aria-live="polite">
      <span class="room-status-dot" aria-hidden="true" />
      {LABELS[props.status]}
    </span>
  );
}
