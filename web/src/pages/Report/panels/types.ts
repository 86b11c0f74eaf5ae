// The contract between the report page (the live document, its editors and the room connection)
// and the side panels around it (generation, references, AI edit, sharing, history, export). The
// page owns the room; a panel gets a handle to it and talks to the API itself.
import type { Accessor, JSX } from 'solid-js';
import type * as Y from 'yjs';

export type ReportRole = 'owner' | 'editor' | 'viewer';

/** The connection state the page shows: connected, saving (local edits not yet acknowledged), or offline. */
export type RoomStatus = 'connecting' | 'connected' | 'saving' | 'offline';

export interface ReportRoomHandle {
  reportId: string;
  /** The live report document (the core/doc model: meta, outline, one fragment per section, references). */
  doc: Y.Doc;
  /** The caller's role on the report; viewers can change nothing. */
  role: ReportRole;
  status: Accessor<RoomStatus>;
  /** Scrolls the editor to a section and focuses it. */
  revealSection(sectionId: string): void;
  /** The section whose editor has the caret (null when none): AI edit works on it. */
  activeSection: Accessor<string | null>;
}

export interface PanelProps {
  room: ReportRoomHandle;
}

export interface ReportPanel {
  id: string;
  /** The tab's label. */
  label: string;
  component: (props: PanelProps) => JSX.Element;
  /** Roles that see the panel (all when absent). */
  roles?: ReportRole[];
}
