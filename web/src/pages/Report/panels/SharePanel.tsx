// Sharing (the owner): invite people by email as editors or viewers, change their role or take them
// off, and make share links (the link is shown once) or revoke them.
import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { SHARE_LINK_MAX_HOURS, type CreatedShareLinkDto, type MemberDto, type MemberRole, type ShareLinkDto } from '../../../../../core/api/sharing';
import { Async } from '../../../components/Async';
import { Field, Select } from '../../../components/Field';
import { FormError, messageOf, Note } from '../../../components/Notices';
import { date, dateTime } from '../../../lib/format';
import {
  changeMemberRoleAction,
  createShareLinkAction,
  getMembers,
  getShareLinks,
  inviteMemberAction,
  removeMemberAction,
  revokeShareLinkAction,
} from '../../../state/report-panels';
import type { PanelProps } from './types';

const ROLE_NAMES: Record<string, string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

/** The share tab. */
export function SharePanel(props: PanelProps) {
  return (
    <div class="panel-body share-panel">
      <Invite reportId={props.room.reportId} />
      <h3 class="panel-subtitle">People</h3>
      <Async what="the people on this report">
        <Members reportId={props.room.reportId} />
      </Async>
      <h3 class="panel-subtitle">Share links</h3>
      <Async what="the share links">
        <Links reportId={props.room.reportId} />
      </Async>
    </div>
  );
}

function Invite(props: { reportId: string }) {
  const invite = useAction(inviteMemberAction);
  const sub = useSubmission(inviteMemberAction);
  const [invited, setInvited] = createSignal<MemberDto>();
  return (
    <form
      class="form compact"
      aria-label="Invite someone"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        setInvited(undefined);
        const member = await invite(props.reportId, new FormData(form)).catch(() => undefined);
        if (!member) return;
        form.reset();
        setInvited(member);
      }}
    >
      <Field name="email" type="email" label="Invite by email" autocomplete="off" required maxLength={254} error={sub.error} />
      <Select name="role" label="Role" error={sub.error}>
        <option value="editor">Editor: can edit and generate</option>
        <option value="viewer">Viewer: can read and export</option>
      </Select>
      <FormError error={sub.error} fields={['email', 'role']} />
      <button type="submit" disabled={sub.pending}>
        {sub.pending ? 'Inviting…' : 'Send invitation'}
      </button>
      <Show when={invited()}>
        {(m) => (
          <Note>
            {m().email} is invited as {ROLE_NAMES[m().role]?.toLowerCase()}
            {m().pending ? '; they join when they sign up with that email.' : '.'}
          </Note>
        )}
      </Show>
    </form>
  );
}

function Members(props: { reportId: string }) {
  const members = createAsync(() => getMembers(props.reportId));
  return (
    <ul class="member-list" aria-label="People on this report">
      <For each={members()}>{(m) => <MemberRow reportId={props.reportId} member={m} />}</For>
    </ul>
  );
}

function MemberRow(props: { reportId: string; member: MemberDto }) {
  const change = useAction(changeMemberRoleAction);
  const changing = useSubmission(changeMemberRoleAction, ([, id]) => id === props.member.id);
  const remove = useAction(removeMemberAction);
  const removing = useSubmission(removeMemberAction, ([, id]) => id === props.member.id);
  const roleId = createUniqueId();
  const who = () => props.member.fullName ?? props.member.email ?? 'Someone';
  return (
    <li data-testid="member">
      <span class="member-who">
        <strong>{who()}</strong>
        <Show when={props.member.fullName && props.member.email}>
          <span class="meta"> {props.member.email}</span>
        </Show>
        <Show when={props.member.pending}>
          <span class="badge"> invited, no account yet</span>
        </Show>
      </span>
      <Show when={props.member.id} fallback={<span class="role">{ROLE_NAMES[props.member.role]}</span>}>
        {(memberId) => (
          <span class="member-actions">
            <label for={roleId} class="visually-hidden">
              Role of {who()}
            </label>
            <select
              id={roleId}
              disabled={changing.pending}
              onChange={(e) => void change(props.reportId, memberId(), e.currentTarget.value as MemberRole).catch(() => undefined)}
            >
              <option value="editor" selected={props.member.role === 'editor'}>
                Editor
              </option>
              <option value="viewer" selected={props.member.role === 'viewer'}>
                Viewer
              </option>
            </select>
            <button type="button" class="button-link danger" disabled={removing.pending} onClick={() => void remove(props.reportId, memberId()).catch(() => undefined)} aria-label={`Remove ${who()}`}>
              {removing.pending ? 'Removing…' : 'Remove'}
            </button>
          </span>
        )}
      </Show>
      <Show when={changing.error ?? removing.error}>
        {(e) => (
          <p class="notice notice-error" role="alert">
            {messageOf(e())}
          </p>
        )}
      </Show>
    </li>
  );
}

function Links(props: { reportId: string }) {
  const links = createAsync(() => getShareLinks(props.reportId));
  const create = useAction(createShareLinkAction);
  const sub = useSubmission(createShareLinkAction);
  const [fresh, setFresh] = createSignal<CreatedShareLinkDto>();
  return (
    <>
      <Show when={fresh()}>{(l) => <NewLink link={l()} onDone={() => setFresh(undefined)} />}</Show>
      <Show when={links()?.length} fallback={<p class="empty">No share links.</p>}>
        <ul class="link-list" aria-label="Share links">
          <For each={links()}>{(l) => <LinkRow reportId={props.reportId} link={l} />}</For>
        </ul>
      </Show>
      <form
        class="form compact"
        aria-label="Create a share link"
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await create(props.reportId, new FormData(e.currentTarget)).catch(() => undefined);
          if (made) setFresh(made);
        }}
      >
        <Select name="role" label="Link gives" error={sub.error}>
          <option value="viewer">Viewer access</option>
          <option value="editor">Editor access</option>
        </Select>
        <Select name="expires" label="Expires" error={sub.error}>
          <option value="never">Never (until revoked)</option>
          <option value="24">After 1 day</option>
          <option value="168">After 7 days</option>
          <option value={String(SHARE_LINK_MAX_HOURS)}>After 30 days</option>
        </Select>
        <FormError error={sub.error} fields={['role']} />
        <button type="submit" class="button-secondary" disabled={sub.pending}>
          {sub.pending ? 'Creating…' : 'Create link'}
        </button>
      </form>
    </>
  );
}

function NewLink(props: { link: CreatedShareLinkDto; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="notice notice-warn" role="status">
      <p>
        Your new {props.link.role} link. Copy it now: <strong>it will not be shown again.</strong>
      </p>
      <input class="secret" readOnly value={props.link.url} aria-label="New share link" data-testid="new-share-link" onFocus={(e) => e.currentTarget.select()} />
      <div class="actions">
        <button type="button" class="button-secondary" onClick={() => void navigator.clipboard?.writeText(props.link.url).then(() => setCopied(true), () => setCopied(false))}>
          {copied() ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" class="button-link" onClick={() => props.onDone()}>
          Done
        </button>
      </div>
    </div>
  );
}

function LinkRow(props: { reportId: string; link: ShareLinkDto }) {
  const revoke = useAction(revokeShareLinkAction);
  const revoking = useSubmission(revokeShareLinkAction, ([, id]) => id === props.link.id);
  const state = () => {
    if (props.link.revokedAt) return `revoked ${date(props.link.revokedAt)}`;
    if (!props.link.active) return 'expired';
    return props.link.expiresAt ? `works until ${dateTime(props.link.expiresAt)}` : 'works until revoked';
  };
  return (
    <li data-testid="share-link">
      <span>
        <strong>{ROLE_NAMES[props.link.role]}</strong> link · <span class="meta">created {date(props.link.createdAt)}, {state()}</span>
      </span>
      <Show when={props.link.active}>
        <button type="button" class="button-link danger" disabled={revoking.pending} onClick={() => void revoke(props.reportId, props.link.id).catch(() => undefined)}>
          {revoking.pending ? 'Revoking…' : 'Revoke'}
        </button>
      </Show>
      <Show when={revoking.error}>
        <p class="notice notice-error" role="alert">
          {messageOf(revoking.error)}
        </p>
      </Show>
    </li>
  );
}
