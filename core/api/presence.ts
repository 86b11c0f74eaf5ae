// Who is in a report's live room right now, as GET /api/reports/:id/presence answers it.
import type { ReportRole } from './reports';

export interface PresenceDto {
  userId: string;
  name: string;
  color: string;
  role: ReportRole;
  /** Open connections (tabs, devices) of this person. */
  connections: number;
}
