// Writes the token_usage row of one LLM call, failed calls included, with its cost from LLM_PRICES.
import type { DbOrTx } from '../../db/client';
import { tokenUsage } from '../../db/schema';
import type { LlmTask } from '../lib/llm/config';
import type { LlmUsage } from '../lib/llm/errors';
import { log } from '../lib/log';

export interface TokenUsageRecorderProps {
  /** Who the call was made for (pays for it). */
  userId: string;
  /** The report it served, if any. */
  reportId: string | null;
  /** The generation job it belonged to, if any. */
  jobId?: string | null;
  task: LlmTask | 'references';
  /** The model asked for. */
  model: string;
  /** Null when the call spent tokens but the provider never said how many (stream cut before the usage chunk). */
  usage: LlmUsage | null;
  outcome: 'ok' | 'failed';
  /** LLM_PRICES from the env. */
  prices?: string;
}

/** Records one call's tokens; unknown usage is stored as 0 tokens and logged, never guessed. */
export default async function tokenUsageRecorder(db: DbOrTx, props: TokenUsageRecorderProps): Promise<void> {
  const promptTokens = props.usage?.promptTokens ?? 0;
  const completionTokens = props.usage?.completionTokens ?? 0;
  if (!props.usage) log('warn', 'llm usage unknown', { task: props.task, model: props.model, reportId: props.reportId });
  await db.insert(tokenUsage).values({
    userId: props.userId,
    reportId: props.reportId,
    jobId: props.jobId ?? null,
    task: props.task,
    model: props.model,
    promptTokens,
    completionTokens,
    costMicroUsd: costMicroUsd(props.prices, props.model, promptTokens, completionTokens),
    outcome: props.outcome,
  });
}

/** Cost in millionths of a dollar: a price in USD per million tokens is micro-USD per token. */
export function costMicroUsd(prices: string | undefined, model: string, promptTokens: number, completionTokens: number): number {
  if (!prices) return 0;
  try {
    const table = JSON.parse(prices) as Record<string, { prompt?: number; completion?: number }>;
    const price = table[model];
    if (!price) return 0;
    return Math.round(promptTokens * (Number(price.prompt) || 0) + completionTokens * (Number(price.completion) || 0));
  } catch {
    log('warn', 'LLM_PRICES is not valid JSON');
    return 0;
  }
}
