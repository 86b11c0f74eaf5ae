// Usage sums as the API answers them.
import type { CreditUsageDto, TokenUsageDto } from '../../core/api/usage';

type Key = { reportId?: string | null; topic?: string | null; month?: string };

function keyOf(row: Key): Key {
  return row.month !== undefined ? { month: row.month } : { reportId: row.reportId ?? null, topic: row.topic ?? null };
}

/** Lists the fields a token usage group sends. */
export function presentTokenUsage(row: Key & { promptTokens: number; completionTokens: number; costMicroUsd: number; calls: number }): TokenUsageDto {
  return { ...keyOf(row), promptTokens: row.promptTokens, completionTokens: row.completionTokens, costMicroUsd: row.costMicroUsd, calls: row.calls };
}

/** Lists the fields a credit usage group sends. */
export function presentCreditUsage(row: Key & { credits: number; entries: number }): CreditUsageDto {
  return { ...keyOf(row), credits: row.credits, entries: row.entries };
}
