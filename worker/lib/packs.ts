// The credit packs for sale. The defaults are the first version's 10 / 25 / 50 / 100 credits with a
// volume discount (50, 45, 40 and 35 cents a credit); CREDIT_PACKS (a JSON array of packs) replaces
// them without a deploy. A payment row copies the pack's credits and price at checkout, so changing
// the packs never changes what an earlier buyer gets.
import { z } from 'zod';
import { REPORT_CREDIT_COST } from './credits';

export interface CreditPack {
  /** Stable id the client sends to buy it. */
  id: string;
  name: string;
  credits: number;
  /** Price in the currency's smallest unit. */
  amountCents: number;
  /** ISO code, lower case, as Stripe takes it. */
  currency: string;
}

export const DEFAULT_PACKS: readonly CreditPack[] = [
  { id: 'credits_10', name: '10 credits', credits: 10, amountCents: 500, currency: 'usd' },
  { id: 'credits_25', name: '25 credits', credits: 25, amountCents: 1125, currency: 'usd' },
  { id: 'credits_50', name: '50 credits', credits: 50, amountCents: 2000, currency: 'usd' },
  { id: 'credits_100', name: '100 credits', credits: 100, amountCents: 3500, currency: 'usd' },
];

const packSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,50}$/, 'lower-case letters, digits, _ and - (1..50)'),
  name: z.string().trim().min(1).max(100).optional(),
  credits: z.number().int().positive().max(100_000),
  // Stripe refuses charges below about 50 cents in most currencies; it answers that itself.
  amountCents: z.number().int().positive().max(100_000_00),
  currency: z.string().regex(/^[a-z]{3}$/).default('usd'),
});
const packsSchema = z
  .array(packSchema)
  .min(1)
  .refine((packs) => new Set(packs.map((p) => p.id)).size === packs.length, 'pack ids must be unique');

const cache = new Map<string, readonly CreditPack[]>();

/**
 * The configured packs. A malformed CREDIT_PACKS throws (a 500 and an error in the logs) rather
 * than selling at a price nobody chose.
 */
export function creditPacks(env: { CREDIT_PACKS?: string | undefined }): readonly CreditPack[] {
  const raw = env.CREDIT_PACKS?.trim();
  if (!raw) return DEFAULT_PACKS;
  const cached = cache.get(raw);
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('CREDIT_PACKS is not valid JSON');
  }
  const parsed = packsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`CREDIT_PACKS is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const packs = parsed.data.map((p) => ({ ...p, name: p.name ?? `${p.credits} credits` }));
  cache.set(raw, packs);
  return packs;
}

/** The pack with this id, or undefined. */
export function findPack(env: { CREDIT_PACKS?: string | undefined }, id: string): CreditPack | undefined {
  return creditPacks(env).find((p) => p.id === id);
}

/** How many full reports `credits` pay for. */
export function reportsFor(credits: number): number {
  return Math.max(0, Math.floor(credits / REPORT_CREDIT_COST));
}
