// /api/billing and /api/usage: prices, buying credits, my payments and what I used.
import type { BalanceDto, CheckoutDto, Page, PaymentDto, PricingDto } from '../../../core/api/billing';
import type { CreditUsageDto, TokenUsageDto } from '../../../core/api/usage';
import { request, requestBody } from './client';

/** The packs for sale and what a report costs (public). */
export const getPricing = () => request<PricingDto>('/api/billing/packs');

/** Starts a Stripe Checkout for a pack; the answer says where to send the browser. */
export const startCheckout = (pack: string) => request<CheckoutDto>('/api/billing/checkout', { json: { pack } });

/** My payments, newest first (one page). */
export async function listPayments(before?: string): Promise<Page<PaymentDto>> {
  const body = await requestBody<Page<PaymentDto>>('/api/billing/payments', { query: { limit: 50, before } });
  return body ?? { data: [], nextCursor: null };
}

/** My credits now. */
export const getBalance = () => request<BalanceDto>('/api/billing/balance');

/** My AI token use, per report or per month. */
export const tokenUsage = (groupBy: 'report' | 'month') => request<TokenUsageDto[]>('/api/usage/tokens', { query: { groupBy } });

/** My credit use, per report or per month. */
export const creditUsage = (groupBy: 'report' | 'month') => request<CreditUsageDto[]>('/api/usage/credits', { query: { groupBy } });
