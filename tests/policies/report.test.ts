import { describe, expect, it } from 'vitest';
import { authorize, can, reportActions, type ReportAction, type Role } from '../../worker/policies/report';

// The whole matrix, written out so a change to the policy has to change this table too.
const matrix: Record<Role, Record<ReportAction, boolean>> = {
  owner: { read: true, rename: true, move: true, delete: true, edit: true, share: true, generate: true },
  editor: { read: true, rename: true, move: false, delete: false, edit: true, share: false, generate: true },
  viewer: { read: true, rename: false, move: false, delete: false, edit: false, share: false, generate: false },
  none: { read: false, rename: false, move: false, delete: false, edit: false, share: false, generate: false },
};

describe('report policy', () => {
  it('covers every action', () => {
    expect([...reportActions].sort()).toEqual(Object.keys(matrix.owner).sort());
  });

  for (const [role, actions] of Object.entries(matrix) as [Role, Record<ReportAction, boolean>][]) {
    for (const [action, allowed] of Object.entries(actions) as [ReportAction, boolean][]) {
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can(role, action)).toBe(allowed);
        const status = (() => {
          try {
            authorize(role, action);
            return 200;
          } catch (err) {
            return (err as { status: number }).status;
          }
        })();
        // No role at all is "not found" (404); a role without the right is "forbidden" (403).
        expect(status).toBe(allowed ? 200 : role === 'none' ? 404 : 403);
      });
    }
  }
});
