// Whether this person was already asked the post-export survey, remembered in the browser per user,
// so it is offered once (after their first export), answered or not.

const key = (userId: string) => `seydam.survey.asked:${userId}`;

/** True when the survey was offered to this user in this browser. */
export function surveyAsked(userId: string, storage: Pick<Storage, 'getItem'> = localStorage): boolean {
  try {
    return storage.getItem(key(userId)) !== null;
  } catch {
    // Storage off (private mode, policies): never nag.
    return true;
  }
}

/** Remembers that the survey was offered. */
export function markSurveyAsked(userId: string, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(key(userId), new Date().toISOString());
  } catch {
    // Nothing to remember it in.
  }
}
