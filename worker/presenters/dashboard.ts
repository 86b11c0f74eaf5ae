// What the API sends for the dashboard summary.
import type { DashboardDto } from '../../core/api/dashboard';
import type { CreditSummary } from '../lib/credits';

/** The signed-in user's name, report count and credits. */
export function presentDashboard(fullName: string, reportsCreated: number, credits: CreditSummary): DashboardDto {
  return {
    fullName,
    reportsCreated,
    credits: { balance: credits.balance, total: credits.total, used: credits.used },
  };
}
