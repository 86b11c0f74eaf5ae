// A generated outline is written to Postgres by the outline route while the room may be saving the
// same report: both transactions touch the report row and its outline row. Taken in opposite orders
// they deadlock, and PostgreSQL cancels one (the route answered 500 once in a full run). Both now
// lock the report row first. (Only PostgreSQL runs them concurrently; PGlite takes one at a time.)
import { describe, expect, it } from 'vitest';
import { buildReportDoc, readReportJson } from '../../core/doc';
import generatedOutlineSaver from '../../worker/commands/generatedOutlineSaver';
import roomSnapshotSaver from '../../worker/commands/roomSnapshotSaver';
import { buildReport, buildUser } from '../factories';
import { testDb } from '../helpers/db';
import { sampleReport } from '../helpers/yclient';

describe('saving a generated outline while the room saves', () => {
  it('never deadlocks: every save of both kinds succeeds', { timeout: 60_000 }, async () => {
    const owner = await buildUser();
    const reports = await Promise.all(Array.from({ length: 6 }, (_, i) => buildReport(owner.id, { topic: `Race ${i}` })));
    const failures: string[] = [];
    for (let round = 0; round < 15; round++) {
      await Promise.all(
        reports.flatMap((report) => {
          // A different document each round, so the room's save always writes.
          const json = readReportJson(buildReportDoc({ ...sampleReport(`Round ${round}`) }));
          const reason = (err: Error) => (err.cause instanceof Error ? err.cause.message : err.message).slice(0, 200);
          return [
            roomSnapshotSaver(testDb(), { reportId: report.id, json }).catch((err: Error) => void failures.push(`room save: ${reason(err)}`)),
            generatedOutlineSaver(testDb(), { reportId: report.id, outline: json.outline, userId: owner.id }).catch(
              (err: Error) => void failures.push(`outline save: ${reason(err)}`),
            ),
          ];
        }),
      );
    }
    expect(failures).toEqual([]);
  });
});
