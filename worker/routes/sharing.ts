// Sharing a report, under /api/reports/:id: members (invite by email, change role, remove, leave),
// share links (create, list, revoke) and ownership transfer. Managing is for the owner ('share');
// the member list is readable by everyone on the report; strangers get 404 everywhere.
import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { reportIdParam } from '../../core/api/reports';
import { createShareLinkSchema, inviteMemberSchema, memberParams, shareLinkParams, transferReportSchema, updateMemberSchema } from '../../core/api/sharing';
import { shareLinks, users } from '../../db/schema';
import memberInviter from '../commands/memberInviter';
import memberRemover from '../commands/memberRemover';
import memberRoleChanger from '../commands/memberRoleChanger';
import ownershipTransferrer from '../commands/ownershipTransferrer';
import shareLinkCreator from '../commands/shareLinkCreator';
import shareLinkRevoker from '../commands/shareLinkRevoker';
import type { AppEnv } from '../env';
import { apiError, conflict, notFound } from '../errors';
import { inviteMail } from '../lib/invite-mail';
import { log } from '../lib/log';
import { mailerFor } from '../lib/mailer';
import { primaryAppOrigin } from '../lib/origins';
import { enforce } from '../lib/rate-limit';
import { loadMember, loadMembers } from '../lib/report-members';
import { kickQuietly } from '../lib/room-kick';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { authorizeMemberRemoval } from '../policies/member';
import { loadAuthorizedReport, loadReportForUser } from '../policies/report';
import { presentMember, presentMemberList } from '../presenters/member';
import { presentReport } from '../presenters/report';
import { presentCreatedShareLink, presentShareLink } from '../presenters/shareLink';

/** Invites and links an owner may create per hour: plenty for a class, too few for spam. */
export const SHARING_LIMIT_PER_HOUR = 50;

const memberNotFound = () => notFound('Member');

export const sharing = new Hono<AppEnv>()
  .get('/:id/members', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const me = c.get('user').id;
    const { id } = c.req.valid('param');
    const entry = await loadAuthorizedReport(db, id, me, 'read');
    const [owner] = await db.select({ id: users.id, email: users.email, fullName: users.fullName }).from(users).where(eq(users.id, entry.report.ownerId));
    const data = presentMemberList(owner!, entry.report.createdAt, await loadMembers(db, id), { userId: me, isOwner: entry.role === 'owner' });
    return c.json({ data });
  })

  .post('/:id/members', requireUser, validate('param', reportIdParam), validate('json', inviteMemberSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id } = c.req.valid('param');
    const { email, role } = c.req.valid('json');
    const entry = await loadAuthorizedReport(db, id, user.id, 'share');
    await enforce(db, { key: `share-invite:${user.id}`, max: SHARING_LIMIT_PER_HOUR, windowSeconds: 3600 });
    const result = await memberInviter(db, { reportId: id, ownerId: user.id, email, role });
    switch (result.kind) {
      case 'is_owner':
        throw apiError(400, 'is_owner', 'That is you: the owner already has every right on the report.', { field: 'email' });
      case 'already_member':
        throw conflict('already_member', 'That person is already on this report. Change their role instead.', 'email');
      case 'invited':
        break;
      default:
        return result satisfies never;
    }
    const to = result.user?.email ?? email;
    try {
      const url = `${primaryAppOrigin(c.env.APP_ORIGIN)}/reports/${id}`;
      await mailerFor(c.env, db).send(inviteMail({ to, inviterName: user.fullName, topic: entry.report.topic, role, url, hasAccount: result.user !== null }));
    } catch (err) {
      // The membership stands without the mail: an account sees the report on its dashboard, and a
      // pending invite is claimed at sign-up whether or not the mail arrived.
      log('warn', 'invitation mail not sent', { requestId: c.get('requestId'), reportId: id, error: String(err) });
    }
    return c.json({ data: presentMember({ member: result.member, user: result.user }, { userId: user.id, isOwner: true }) }, 201);
  })

  .patch('/:id/members/:memberId', requireUser, validate('param', memberParams), validate('json', updateMemberSchema), async (c) => {
    const db = c.get('db');
    const me = c.get('user').id;
    const { id, memberId } = c.req.valid('param');
    await loadAuthorizedReport(db, id, me, 'share');
    const result = await memberRoleChanger(db, { reportId: id, memberId, role: c.req.valid('json').role });
    switch (result.kind) {
      case 'not_found':
        throw memberNotFound();
      case 'changed':
        break;
      default:
        return result satisfies never;
    }
    // An editor made a viewer must not keep a writable connection: closing it makes the client
    // reconnect with a token for the new role.
    if (result.member.userId && result.previousRole === 'editor' && result.member.role === 'viewer') {
      await kickQuietly(c.env, id, result.member.userId, c.get('requestId'));
    }
    const updated = await loadMember(db, id, memberId);
    if (!updated) throw memberNotFound();
    return c.json({ data: presentMember(updated, { userId: me, isOwner: true }) });
  })

  .delete('/:id/members/:memberId', requireUser, validate('param', memberParams), async (c) => {
    const db = c.get('db');
    const me = c.get('user').id;
    const { id, memberId } = c.req.valid('param');
    const found = await loadReportForUser(db, id, me);
    const role = found.kind === 'found' ? found.role : 'none';
    const target = role === 'none' ? undefined : await loadMember(db, id, memberId);
    authorizeMemberRemoval(role, target?.member.userId === me);
    if (!target) throw memberNotFound();
    const removed = await memberRemover(db, { reportId: id, memberId });
    if (!removed) throw memberNotFound();
    if (removed.userId) await kickQuietly(c.env, id, removed.userId, c.get('requestId'));
    return c.body(null, 204);
  })

  .get('/:id/links', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'share');
    const rows = await db.select().from(shareLinks).where(eq(shareLinks.reportId, id)).orderBy(desc(shareLinks.createdAt), desc(shareLinks.id));
    return c.json({ data: rows.map((row) => presentShareLink(row)) });
  })

  .post('/:id/links', requireUser, validate('param', reportIdParam), validate('json', createShareLinkSchema), async (c) => {
    const db = c.get('db');
    const me = c.get('user').id;
    const { id } = c.req.valid('param');
    const { role, expiresInHours } = c.req.valid('json');
    await loadAuthorizedReport(db, id, me, 'share');
    await enforce(db, { key: `share-link:${me}`, max: SHARING_LIMIT_PER_HOUR, windowSeconds: 3600 });
    const { link, token } = await shareLinkCreator(db, { reportId: id, createdBy: me, role, expiresInHours });
    // The token travels in the fragment, which browsers never send to a server or in a Referer.
    const url = `${primaryAppOrigin(c.env.APP_ORIGIN)}/share#${token}`;
    return c.json({ data: presentCreatedShareLink(link, token, url) }, 201);
  })

  .delete('/:id/links/:linkId', requireUser, validate('param', shareLinkParams), async (c) => {
    const db = c.get('db');
    const { id, linkId } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'share');
    if (!(await shareLinkRevoker(db, { reportId: id, linkId }))) throw notFound('Share link');
    return c.body(null, 204);
  })

  .post('/:id/transfer', requireUser, validate('param', reportIdParam), validate('json', transferReportSchema), async (c) => {
    const db = c.get('db');
    const me = c.get('user').id;
    const { id } = c.req.valid('param');
    const { userId } = c.req.valid('json');
    await loadAuthorizedReport(db, id, me, 'share');
    if (userId === me) throw apiError(400, 'already_owner', 'You already own this report.', { field: 'userId' });
    const result = await ownershipTransferrer(db, { reportId: id, fromUserId: me, toUserId: userId });
    switch (result.kind) {
      case 'not_owner':
        // Someone else's transfer won the race: the caller is no longer the owner.
        await loadAuthorizedReport(db, id, me, 'share');
        throw notFound('Report');
      case 'not_a_member':
        throw apiError(400, 'not_a_member', 'Ownership can only go to a member of the report who has an account.', { field: 'userId' });
      case 'transferred':
        return c.json({ data: presentReport(await loadAuthorizedReport(db, id, me, 'read')) });
      default:
        return result satisfies never;
    }
  });
