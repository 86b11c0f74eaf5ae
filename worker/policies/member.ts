// Who may change whose membership of a report: the owner manages everyone; a member may leave.
import { authorize, type Role } from './report';

/** Throws 404 for no role, 403 unless the caller owns the report or the membership is their own. */
export function authorizeMemberRemoval(role: Role, own: boolean): void {
  if (role !== 'none' && own) return;
  authorize(role, 'share');
}
