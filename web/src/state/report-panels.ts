// The report page's side panels: reads (jobs, members, links, snapshots) as queries, writes as
// actions. Each action ends by revalidating the queries, so the lists follow what was just done.
import { action, query } from '@solidjs/router';
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

/** Starts writing the whole report. */
export const startGenerationAction = action((reportId: string) => generation.startGeneration(reportId), 'startGeneration');

/** Asks a job to stop. */
export const cancelJobAction = action((reportId: string, jobId: string) => generation.cancelJob(reportId, jobId), 'cancelJob');

/** Writes a failed section again. */
export const retrySectionAction = action((reportId: string, jobId: string, sectionId: string) => generation.retrySection(reportId, jobId, sectionId), 'retrySection');

/** Rewrites one section (the old text goes to history first). */
export const regenerateSectionAction = action((reportId: string, sectionId: string) => generation.regenerateSection(reportId, sectionId), 'regenerateSection');

/** Finds sources for the report. */
export const gatherReferencesAction = action((reportId: string) => references.gatherReferences(reportId), 'gatherReferences');

/** Invites an email from the share panel's form. */
export const inviteMemberAction = action(async (reportId: string, form: FormData) => {
  const input = parseForm(inviteMemberSchema, formText(form, ['email', 'role']));
  return sharing.inviteMember(reportId, input);
}, 'inviteMember');

/** Changes a member's role. */
export const changeMemberRoleAction = action((reportId: string, memberId: string, role: MemberRole) => sharing.changeMemberRole(reportId, memberId, role), 'changeMemberRole');

/** Takes a member off the report. */
export const removeMemberAction = action(async (reportId: string, memberId: string) => {
  await sharing.removeMember(reportId, memberId);
}, 'removeMember');

/** Creates a share link from its form ("never" leaves the expiry out). */
export const createShareLinkAction = action(async (reportId: string, form: FormData) => {
  const { role, expires } = formText(form, ['role', 'expires']);
  const input = parseForm(createShareLinkSchema, { role, ...(expires && expires !== 'never' ? { expiresInHours: Number(expires) } : {}) });
  return sharing.createShareLink(reportId, input);
}, 'createShareLink');

/** Revokes a share link. */
export const revokeShareLinkAction = action(async (reportId: string, linkId: string) => {
  await sharing.revokeShareLink(reportId, linkId);
}, 'revokeShareLink');

/** Takes a named snapshot from its form. */
export const createSnapshotAction = action(async (reportId: string, form: FormData) => {
  const { name } = parseForm(createSnapshotSchema, formText(form, ['name']));
  return history.createSnapshot(reportId, name);
}, 'createSnapshot');

/** Restores a snapshot into the live document. */
export const restoreSnapshotAction = action((reportId: string, snapshotId: string) => history.restoreSnapshot(reportId, snapshotId), 'restoreSnapshot');

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
  return submitSurvey(input);
}, 'submitSurvey');
