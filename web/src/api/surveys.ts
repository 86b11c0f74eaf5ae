// /api/surveys: the short satisfaction survey.
import type { SubmissionDto, SurveyInput } from '../../../core/api/public';
import { request } from './client';

/** Sends the survey's answers. */
export const submitSurvey = (input: SurveyInput) => request<SubmissionDto>('/api/surveys', { json: input });
