// Charges one AI edit: its token_usage row and, when it succeeded, the `ai_edit` ledger debit, in one
// transaction. The key `ai_edit:<editId>` makes a repeated call charge nothing more.
import type { DbOrTx } from '../../db/client';
import type { LlmUsage } from '../lib/llm/errors';
import { entryByKey, appendEntry, lockUser } from '../lib/ledger';
import tokenUsageRecorder from './tokenUsageRecorder';

/** Tokens one credit buys when AI_EDIT_TOKENS_PER_CREDIT is unset. */
export const DEFAULT_TOKENS_PER_CREDIT = 10_000;

export interface AiEditChargerProps {
  /** Who asked for the edit (pays for it). */
  userId: string;
  reportId: string;
  /** The edit's id, sent to the client in `done`. */
  editId: string;
  /** The model asked for. */
  model: string;
  /** Tokens the call consumed; null when unknown. */
  usage: LlmUsage | null;
  /** False for a failed call: its tokens are recorded, no credits are taken. */
  ok: boolean;
  /** AI_EDIT_TOKENS_PER_CREDIT from the env. */
  tokensPerCredit?: string;
  /** LLM_PRICES from the env. */
  prices?: string;
}

/** Credits an edit of `totalTokens` costs: one per started block of tokensPerCredit (at least 1). */
export function editCredits(totalTokens: number, tokensPerCredit?: string): number {
  const per = Number(tokensPerCredit);
  const size = Number.isFinite(per) && per > 0 ? per : DEFAULT_TOKENS_PER_CREDIT;
  return Math.max(1, Math.ceil(totalTokens / size));
}

/** Records the usage and debits the credits; returns the credits taken (0 for a failed call). */
export default async function aiEditCharger(db: DbOrTx, props: AiEditChargerProps): Promise<number> {
  return db.transaction(async (tx) => {
    // The account first: the usage row's foreign key share-locks it, so locking it for update after
    // that insert lets two edits by one person at once wait on each other (a deadlock).
    if (props.ok) await lockUser(tx, props.userId);
    await tokenUsageRecorder(tx, {
      userId: props.userId,
      reportId: props.reportId,
      task: 'edit',
      model: props.model,
      usage: props.usage,
      outcome: props.ok ? 'ok' : 'failed',
      prices: props.prices,
    });
    if (!props.ok) return 0;
    const key = `ai_edit:${props.editId}`;
    const existing = await entryByKey(tx, key);
    if (existing) return -existing.delta;
    const credits = editCredits((props.usage?.promptTokens ?? 0) + (props.usage?.completionTokens ?? 0), props.tokensPerCredit);
    await appendEntry(tx, {
      userId: props.userId,
      delta: -credits,
      reason: 'ai_edit',
      idempotencyKey: key,
      reportId: props.reportId,
      note: 'AI edit of a section',
    });
    return credits;
  });
}
