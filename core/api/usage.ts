// My token usage and credit use, per report or per month. Shared with the web client.
import { z } from 'zod';

/** GET /api/usage/tokens and /api/usage/credits. */
export const usageQuerySchema = z.object({ groupBy: z.enum(['report', 'month']).default('report') });
export type UsageQuery = z.input<typeof usageQuerySchema>;

/** One group: a report (reportId, topic; both null for calls tied to no report) or a month (YYYY-MM, UTC). */
export interface UsageGroupKey {
  reportId?: string | null;
  topic?: string | null;
  month?: string;
}

export interface TokenUsageDto extends UsageGroupKey {
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
  calls: number;
}

export interface CreditUsageDto extends UsageGroupKey {
  /** Credits spent, net of reservations released back (negative when a release refunded more than was held). */
  credits: number;
  entries: number;
}
