import type { INestApplication } from '@nestjs/common';
import { WriteTransactions } from '../../src/database/write-transactions';
import { ReportRecorder } from '../../src/reports/report-recorder';

/** What `recordSecondForceReport` records for Cheshire (CHE), beside the default data's force. */
export const SECOND_FORCE = {
  code: 'CHE',
  name: 'Cheshire Constabulary',
  reportKey: 'che-2025-peel',
  reference: 'CHE-2025-AFI-01',
  title: 'Cheshire’s backlog of vetting renewals',
  /** The same team name as an owner of the default data: a team is one force’s team. */
  team: 'Force vetting unit (FVU)',
  action: 'Cheshire clears its renewal backlog',
  /** The national recommendation Cheshire's report says Cheshire has implemented. */
  national: 'NAT-2022-REC-02',
  quote: 'Cheshire Constabulary has implemented this recommendation in full.',
};

/**
 * Records a second force's inspection report through the tracker's one writer of findings: an area for improvement
 * owned by a team, in progress and past its target date, with an overdue action; and the report's verdict that
 * the force has implemented a national recommendation.
 */
export async function recordSecondForceReport(app: INestApplication): Promise<void> {
  const recorder = app.get(ReportRecorder);
  await app.get(WriteTransactions).run((manager) =>
    recorder.record(manager, {
      author: 'test',
      at: '2025-09-01T09:00:00.000Z',
      importedFrom: 'cheshire-peel-2025.txt',
      reports: [
        {
          key: SECOND_FORCE.reportKey,
          title: 'PEEL 2025: Police effectiveness, efficiency and legitimacy',
          inspectorate: 'HMICFRS',
          type: 'integrated_peel_assessment',
          forceCode: SECOND_FORCE.code,
          period: '2025',
          publishedOn: '2025-08-01',
          sourceFile: null,
          sourceUrl: null,
        },
      ],
      judgments: [],
      items: [
        {
          finding: {
            reference: SECOND_FORCE.reference,
            kind: 'area_for_improvement',
            title: SECOND_FORCE.title,
            text: 'The force should reduce its backlog of vetting renewals.',
            subPoints: [],
            parent: null,
            theme: 'Vetting',
            sources: [{ report: 0, section: 'Vetting', role: 'origin', position: 1 }],
            owner: SECOND_FORCE.team,
            status: 'in_progress',
            targetDate: '2025-10-01',
            actions: [
              {
                description: SECOND_FORCE.action,
                owner: SECOND_FORCE.team,
                dueDate: '2025-11-01',
                status: 'in_progress',
              },
            ],
          },
        },
      ],
      assessments: [
        {
          finding: { reference: SECOND_FORCE.national },
          report: 0,
          verdict: 'implemented',
          quote: SECOND_FORCE.quote,
          assessedOn: null,
        },
      ],
      links: [],
    }),
  );
}
