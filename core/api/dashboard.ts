// The dashboard summary the worker answers, shared with the web client.

/** GET /api/dashboard. */
export interface DashboardDto {
  fullName: string;
  /** Reports the user owns (shared ones are not counted). */
  reportsCreated: number;
  credits: {
    /** Spendable now. */
    balance: number;
    /** Ever granted or bought, less refunds and revocations. */
    total: number;
    /** Spent on reports and AI edits. */
    used: number;
  };
}
