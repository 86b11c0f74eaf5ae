// The report page's side panels: reads (jobs, members, links, snapshots) as queries, writes as
// actions. Each action ends by refetching only the lists it changed: by default the router refetches
// every query on the page and the action waits for all of them, so one slow, unrelated list (or a
// poll) would hold a finished "Saving…" and every other panel's update.
import { action, json, query } from '@solidjs/router';
import { createShareLinkSchema, inviteMemberSchema, type MemberRole } from '../../../core/api/sharing';
import { createSnapshotSchema } from '../../../core/api/history';
import { surveySchema } from '../../../core/api/public';
import * as generation from '../api/generation';
import * as history from '../api/history';
import * as references from '../api/references';
import * as sharing from '../api/sharing';
import { submitSurvey } from '../api/surveys';
import { formText, parseForm } from '../lib/forms';

/** The report's recent generation jobs, newest first. */
export const getJobs = query((reportId: string) => generation.listJobs(reportId), 'reportJobs');

/** Who is on the report. */
export const getMembers = query((reportId: string) => sharing.listMembers(reportId), 'reportMembers');

/** The report's share links (owner only). */
export const getShareLinks = query((reportId: string) => sharing.listShareLinks(reportId), 'reportShareLinks');

/** The report's snapshots. */
export const getSnapshots = query((reportId: string) => history.listSnapshots(reportId), 'reportSnapshots');

/** One snapshot with its HTML. */
export const getSnapshot = query((reportId: string, snapshotId: string) => history.getSnapshot(reportId, snapshotId), 'reportSnapshot');

/** An action's result that refetches only `keys` (none when empty) once it is done. */
const refreshing = <T>(data: T, keys: string[]) => json(data, { revalidate: keys });

/** Starts writing the whole report. */
export const startGenerationAction = action(
  async (reportId: string) => refreshing(await generation.startGeneration(reportId), [getJobs.keyFor(reportId)]),
  'startGeneration',
);

/** Asks a job to stop. */
export const cancelJobAction = action(
  async (reportId: string, jobId: string) => refreshing(await generation.cancelJob(reportId, jobId), [getJobs.keyFor(reportId)]),
  'cancelJob',
);

/** Writes a failed section again. */
export const retrySectionAction = action(
  async (reportId: string, jobId: string, sectionId: string) => refreshing(await generation.retrySection(reportId, jobId, sectionId), [getJobs.keyFor(reportId)]),
  'retrySection',
);

/** Rewrites one section (the old text goes to history first, so the history list changes too). */
export const regenerateSectionAction = action(
  async (reportId: string, sectionId: string) =>
    refreshing(await generation.regenerateSection(reportId, sectionId), [getJobs.keyFor(reportId), getSnapshots.keyFor(reportId)]),
  'regenerateSection',
);

/** Finds sources for the report (they arrive through the live document, not a query). */
export const gatherReferencesAction = action(async (reportId: string) => refreshing(await references.gatherReferences(reportId), []), 'gatherReferences');

/** Invites an email from the share panel's form. */
export const inviteMemberAction = action(async (reportId: string, form: FormData) => {
  const input = parseForm(inviteMemberSchema, formText(form, ['email', 'role']));
  return refreshing(await sharing.inviteMember(reportId, input), [getMembers.keyFor(reportId)]);
}, 'inviteMember');

/** Changes a member's role. */
export const changeMemberRoleAction = action(
  async (reportId: string, memberId: string, role: MemberRole) => refreshing(await sharing.changeMemberRole(reportId, memberId, role), [getMembers.keyFor(reportId)]),
  'changeMemberRole',
);

/** Takes a member off the report. */
export const removeMemberAction = action(async (reportId: string, memberId: string) => {
  await sharing.removeMember(reportId, memberId);
  return refreshing(undefined, [getMembers.keyFor(reportId)]);
}, 'removeMember');

/** Creates a share link from its form ("never" leaves the expiry out). */
export const createShareLinkAction = action(async (reportId: string, form: FormData) => {
  const { role, expires } = formText(form, ['role', 'expires']);
  const input = parseForm(createShareLinkSchema, { role, ...(expires && expires !== 'never' ? { expiresInHours: Number(expires) } : {}) });
  return refreshing(await sharing.createShareLink(reportId, input), [getShareLinks.keyFor(reportId)]);
}, 'createShareLink');

/** Revokes a share link. */
export const revokeShareLinkAction = action(async (reportId: string, linkId: string) => {
  await sharing.revokeShareLink(reportId, linkId);
  return refreshing(undefined, [getShareLinks.keyFor(reportId)]);
}, 'revokeShareLink');

/** Takes a named snapshot from its form. */
export const createSnapshotAction = action(async (reportId: string, form: FormData) => {
  const { name } = parseForm(createSnapshotSchema, formText(form, ['name']));
  return refreshing(await history.createSnapshot(reportId, name), [getSnapshots.keyFor(reportId)]);
}, 'createSnapshot');

/** Restores a snapshot into the live document (what it replaced becomes a snapshot). */
export const restoreSnapshotAction = action(
  async (reportId: string, snapshotId: string) => refreshing(await history.restoreSnapshot(reportId, snapshotId), [getSnapshots.keyFor(reportId)]),
  'restoreSnapshot',
);

/** Sends the post-export survey from its form. */
export const submitSurveyAction = action(async (reportId: string, form: FormData) => {
  const text = formText(form, ['satisfaction', 'wouldRecommend', 'processEasy', 'metExpectations', 'mostValuableFeature', 'feedback']);
  const yes = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  const input = parseForm(surveySchema, {
    reportId,
    satisfaction: text.satisfaction ? Number(text.satisfaction) : undefined,
    wouldRecommend: yes(text.wouldRecommend ?? ''),
    processEasy: yes(text.processEasy ?? ''),
    metExpectations: yes(text.metExpectations ?? ''),
    mostValuableFeature: text.mostValuableFeature,
    feedback: text.feedback,
  });
  return refreshing(await submitSurvey(input), []);
}, 'submitSurvey');
