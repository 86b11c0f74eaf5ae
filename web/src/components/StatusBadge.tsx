// A report's status as a coloured badge with words (colour is never the only signal).
import type { ReportStatus } from '../../../core/api/reports';

const LABELS: Record<ReportStatus, string> = {
  draft: 'Draft',
  outlining: 'Outlining…',
  outlined: 'Outline ready',
  generating: 'Writing…',
  completed: 'Completed',
  partial: 'Partly written',
  failed: 'Failed',
};

/** Statuses that change on their own while a job runs. */
export const ACTIVE_STATUSES: readonly ReportStatus[] = ['outlining', 'generating'];

/** The badge. */
export function StatusBadge(props: { status: ReportStatus }) {
  return <span class={`badge badge-${props.status}`}>{LABELS[props.status]}</span>;
}
