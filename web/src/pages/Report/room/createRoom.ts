// The room connection as Solid signals, tied to the component that opens it.
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { ReportRole } from '../../../../../core/api/reports';
import type { RoomStatus } from '../panels/types';
import type { RoomUser } from './claims';
import { RoomConnection, type RoomEnd } from './connection';

export interface Room {
  connection: RoomConnection;
  status: Accessor<RoomStatus>;
  /** The role of the current token (null until the first one arrived). */
  role: Accessor<ReportRole | null>;
  user: Accessor<RoomUser | null>;
  /** True once the document holds the room's content. */
  ready: Accessor<boolean>;
  ended: Accessor<RoomEnd | null>;
  /** Why the connection could not even start (the API was unreachable), until a retry. */
  failed: Accessor<unknown>;
  retry(): void;
}

/** Opens the report's room for as long as the calling component lives. */
export function createRoom(reportId: string): Room {
  const [status, setStatus] = createSignal<RoomStatus>('connecting');
  const [role, setRole] = createSignal<ReportRole | null>(null);
  const [user, setUser] = createSignal<RoomUser | null>(null);
  const [ready, setReady] = createSignal(false);
  const [ended, setEnded] = createSignal<RoomEnd | null>(null);
  const [failed, setFailed] = createSignal<unknown>(null);

  const connection: RoomConnection = new RoomConnection(reportId, {
    status: (s) => {
      setStatus(s);
      if (connection.synced) setReady(true);
    },
    role: setRole,
    ended: setEnded,
  });
  const start = () => {
    setFailed(null);
    connection.start().then(
      () => {
        setRole(connection.role);
        setUser(connection.user);
      },
      (err: unknown) => setFailed(err ?? new Error('The live room could not be opened.')),
    );
  };
  start();
  onCleanup(() => connection.destroy());

  return { connection, status, role, user, ready, ended, failed, retry: start };
}
