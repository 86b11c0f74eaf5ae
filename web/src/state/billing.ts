// Billing data: prices, balance, payments, usage; and starting a checkout.
import { action, query } from '@solidjs/router';
import * as api from '../api/billing';

/** Packs and the report cost (public). */
export const getPricing = query(api.getPricing, 'pricing');

/** My balance. */
export const getBalance = query(api.getBalance, 'balance');

/** My newest payments. */
export const getPayments = query(() => api.listPayments(), 'payments');

/** Token usage grouped by report or month. */
export const getTokenUsage = query((groupBy: 'report' | 'month') => api.tokenUsage(groupBy), 'tokenUsage');

/** Credit use grouped by report or month. */
export const getCreditUsage = query((groupBy: 'report' | 'month') => api.creditUsage(groupBy), 'creditUsage');

// The return URL names Stripe's session, not our payment: remember which payment this browser
// started so the return page can follow exactly that one.
const PENDING_KEY = 'seydam.checkout.paymentId';

/** The payment this browser last sent to checkout, if any. */
export const pendingPaymentId = (): string | null => sessionStorage.getItem(PENDING_KEY);

/** Starts a checkout for a pack and sends the browser to Stripe. */
export const checkoutAction = action(async (pack: string) => {
  const { url, paymentId } = await api.startCheckout(pack);
  sessionStorage.setItem(PENDING_KEY, paymentId);
  window.location.assign(url);
  return { redirecting: true as const };
}, 'checkout');
