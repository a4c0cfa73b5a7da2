/**
 * A realistic board pack for the renderers' tests: synthetic data for one force (findings with their
 * reports, history, actions, evidence, verifications, the force's reports and national
 * recommendations), assembled by the product's own `assembleBoardPack`, so every figure in the
 * sample pack adds up exactly as in a pack the service builds.
 */
import { createHash } from 'node:crypto';
import { addDays, daysBetween } from '../../../src/common/dates';
import type { FindingStatus } from '../../../src/findings/finding-status';
import {
  assembleBoardPack,
  type BoardPackData,
  type PackAction,
  type PackEvidence,
  type PackFinding,
  type PackReport,
  type PackUpdate,
  type PackVerification,
} from '../../../src/board-packs/assemble-board-pack';
import type { BoardPack } from '../../../src/board-packs/board-pack.types';

export const SAMPLE_TODAY = '2026-11-23';
const SAMPLE_SINCE = '2026-08-01';
const FORCE_ID = 1;

/** The force's reports, oldest first (their display order). */
const REPORTS = [
  {
    title: 'PEEL 2018/19: an inspection of Dyfed-Powys Police',
    period: '2018/19',
    year: 2019,
    published: '2019-09-27',
    response: '2019-11-20',
    code: 'AFI',
  },
  {
    title: 'PEEL 2021–22: police effectiveness, efficiency and legitimacy',
    period: '2021/22',
    year: 2022,
    published: '2022-07-15',
    response: '2022-09-02',
    code: 'AFI',
  },
  {
    title: 'Vetting, misconduct and misogyny in Dyfed-Powys Police',
    period: '2022',
    year: 2022,
    published: '2022-11-02',
    response: '2022-12-21',
    code: 'REC',
  },
  {
    title: 'An inspection of custody services in Dyfed-Powys, “Ŵyddgrug” annex',
    period: '2024',
    year: 2024,
    published: '2024-03-12',
    response: '2024-05-01',
    code: 'COC',
  },
  // No PCC response yet: overdue.
  {
    title: 'PEEL 2023–25: an inspection of Dyfed-Powys Police',
    period: '2023–25',
    year: 2025,
    published: '2025-06-20',
    response: null,
    code: 'AFI',
  },
  // Published eight weeks ago: the response is due.
  {
    title: 'Activism and impartiality in policing, follow-up',
    period: '2026',
    year: 2026,
    published: '2026-09-30',
    response: null,
    code: 'REC',
  },
] as const;

const OWNERS = [
  'ACC Local Policing',
  'Head of Professional Standards',
  'Ch Supt Siân Ŵatkins',
  'Head of Custody',
  'Director of People',
  null,
] as const;

const STATUSES: readonly FindingStatus[] = [
  'in_progress',
  'not_started',
  'implemented',
  'in_progress',
  'verified_closed',
  'in_progress',
  'not_started',
  'implemented',
  'superseded',
  'in_progress',
];

/** Titles that test every format's escaping: commas, quotes, newlines, formulas, markup, non-ASCII. */
export const AWKWARD_TITLES = [
  'The force should improve vetting, "aftercare" and re-vetting, with clear timescales',
  'Supervisors should review cases\nwithin 28 days\r\nand record the review',
  "=cmd|' /C calc'!A1",
  '<script>alert("pwned")</script> should be shown as text',
  'The force’s Welsh-language custody service at Ŵyddgrug – “Gwasanaeth Cymraeg” – should be offered to every detainee',
  '+44 number for the non-emergency line should be published',
  '-1 officers short in the control room',
  '@ProfessionalStandards inbox should be triaged daily',
  '\tTabbed title from a spreadsheet',
  'Targets moved → again; unit ≥ 5 officers; résumé ✓',
] as const;

const LONG_TITLE =
  'The force should make sure that it has an effective process to identify, assess and manage the risks posed by officers and staff who are subject to ' +
  'criminal investigation or misconduct proceedings, including those who have been suspended or placed on restricted duties, and that the process is ' +
  'reviewed regularly by a senior leader with the authority to act on its findings across every basic command unit.';

const NOTES = [
  'Draft policy agreed, "subject to" legal advice, training booked for 3, 4 and 5 March',
  'Owner changed – see the “Gold” minutes\nSecond line',
  'Awaiting data from the ICT project, £12,000 approved',
] as const;

/** Overdue actions' descriptions, with text every format must keep as written. */
const AWKWARD_ACTIONS = [
  'Publish the revised vetting policy, including "aftercare"',
  '=HYPERLINK("http://example.invalid","Click")',
  'Train custody staff in the Welsh-language offer – all three suites',
] as const;

/** A made-up but well-formed SHA-256 hex digest. */
export function fakeSha256(seed: string | number): string {
  return createHash('sha256').update(String(seed)).digest('hex');
}

/** A moment on a day, as the tracker stores it. */
function at(day: string, hour = 10): string {
  return `${day}T${String(hour).padStart(2, '0')}:30:00.000Z`;
}

/** The day a fraction of the way from one day to another. */
function dayBetween(from: string, to: string, fraction: number): string {
  return addDays(from, Math.floor(daysBetween(from, to) * fraction));
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** The sample's data: 30 findings for one force, with every section of the pack populated. */
export function sampleBoardPackData(): BoardPackData {
  const findings: PackFinding[] = [];
  const orderOf = new Map<number, number>();
  const updates: PackUpdate[] = [];
  const actions: PackAction[] = [];
  const evidence: PackEvidence[] = [];
  const verifications: PackVerification[] = [];
  let awkwardActions = 0;

  for (let index = 0; index < 30; index += 1) {
    const id = index + 1;
    const reportAt = index % REPORTS.length;
    const report = REPORTS[reportAt];
    const number = String(Math.floor(index / REPORTS.length) + 1).padStart(2, '0');
    const status = STATUSES[index % STATUSES.length];
    const owner = OWNERS[index % OWNERS.length];
    // Target dates either side of today, some missing.
    const targetDate = index % 7 === 3 ? null : addDays(SAMPLE_TODAY, ((index * 47) % 300) - 150);
    orderOf.set(id, reportAt * 100 + index);
    findings.push({
      id,
      reference: `DYP-${report.year}-${report.code}-${number}`,
      title:
        index < AWKWARD_TITLES.length
          ? AWKWARD_TITLES[index]
          : index === 12
            ? LONG_TITLE
            : `The force should improve how it records and reviews finding ${index + 1}, including its action plan`,
      kind:
        report.code === 'COC' ? 'cause_of_concern' : report.code === 'REC' ? 'recommendation' : 'area_for_improvement',
      year: report.year,
      owner,
      status,
      targetDate,
      report: { title: report.title, period: report.period, publishedOn: report.published },
    });

    // One finding has no history at all, so the renderers show "No updates" and "Never updated".
    if (index === 16) {
      continue;
    }
    const update = (createdAt: string, rest: Partial<PackUpdate>): void => {
      updates.push({
        findingId: id,
        type: 'progress_note',
        fromValue: null,
        toValue: null,
        commentary: null,
        author: owner ?? 'Performance team',
        createdAt,
        ...rest,
      });
    };
    update(`${report.published}T00:00:00.000Z`, {
      type: 'recorded',
      commentary: `Published in ${report.title} (${report.period}).`,
      author: 'Import',
    });
    // The latest progress note, from recent to long ago (none for a few), never before publication.
    const noteDay = later(addDays(SAMPLE_TODAY, -((index * 37) % 200)), addDays(report.published, 3));
    if (index % 11 !== 5) {
      update(at(noteDay, 8 + (index % 9)), { commentary: NOTES[index % NOTES.length] });
    }
    // The status changes that led to the finding's status, between publication and the latest note.
    const change = (createdAt: string, from: FindingStatus, to: FindingStatus) =>
      update(createdAt, { type: 'status_change', fromValue: from, toValue: to });
    const started = at(dayBetween(report.published, noteDay, 0.3), 9);
    const claimed = at(dayBetween(report.published, noteDay, 0.7), 9);
    if (status === 'superseded') {
      change(started, 'not_started', 'superseded');
    } else if (status !== 'not_started') {
      change(started, 'not_started', 'in_progress');
    }
    if (status === 'implemented' || status === 'verified_closed') {
      change(claimed, 'in_progress', 'implemented');
      evidence.push(
        {
          findingId: id,
          title: `Action plan, version ${(index % 4) + 1}`,
          kind: 'file',
          reviewState: 'accepted',
          fileName: `action-plan-v${(index % 4) + 1}.pdf`,
          sha256: fakeSha256(`evidence-${index}`),
          withdrawnAt: null,
        },
        {
          findingId: id,
          title: 'Draft action plan, sent in error',
          kind: 'file',
          reviewState: 'submitted',
          fileName: 'draft.pdf',
          sha256: fakeSha256(`withdrawn-${index}`),
          withdrawnAt: claimed.replace('T09:', 'T15:'),
        },
        {
          findingId: id,
          title: 'Minutes of the “Gold” group, 4 May',
          kind: 'note',
          reviewState: 'submitted',
          fileName: null,
          sha256: null,
          withdrawnAt: null,
        },
      );
    }
    if (status === 'verified_closed') {
      const verifiedAt = `${addDays(SAMPLE_TODAY, -((index * 13) % 90))}T14:05:00.000Z`;
      change(verifiedAt, 'implemented', 'verified_closed');
      verifications.push({
        findingId: id,
        decision: 'verified',
        decidedBy: 'HM Inspector R. O’Brien',
        decidedAt: verifiedAt,
      });
    }
    if (status === 'implemented' && index % 2 === 0) {
      if (index === 12) {
        update('2026-09-15T18:00:00.000Z', {
          type: 'board_decision',
          toValue: 'returned',
          commentary: 'More evidence of "aftercare" needed',
        });
      }
      update('2026-11-12T18:00:00.000Z', { type: 'board_decision', toValue: 'Agreed to close, subject to audit' });
    }
    // Target dates moved: most since the last pack (slippage), one before it.
    const movedOn = later(addDays(SAMPLE_SINCE, (index * 7) % 100), addDays(report.published, 1));
    if (targetDate !== null && targetDate > movedOn && index % 5 === 1) {
      update(at(movedOn, 11), {
        type: 'target_date_change',
        fromValue: index === 6 ? null : addDays(targetDate, -((index * 31) % 200) - 30),
        toValue: targetDate,
        commentary: index === 6 ? null : 'Dependent on the new records system, "Niche" upgrade delayed',
      });
    }
    if (index === 3) {
      update(at('2026-05-02'), {
        type: 'target_date_change',
        fromValue: '2026-03-31',
        toValue: null,
        commentary: 'Date withdrawn until the review reports',
      });
    }
    // The plan: an action for each open finding, some done, some overdue.
    if (status === 'not_started' || status === 'in_progress') {
      const dueDate = addDays(SAMPLE_TODAY, ((index * 29) % 240) - 120);
      const actionStatus = index % 4 === 0 ? 'done' : index % 4 === 1 ? 'not_started' : 'in_progress';
      const overdue = actionStatus !== 'done' && dueDate < SAMPLE_TODAY;
      actions.push({
        findingId: id,
        description:
          overdue && awkwardActions < AWKWARD_ACTIONS.length
            ? AWKWARD_ACTIONS[awkwardActions++]
            : `Deliver step ${(index % 3) + 1} of the plan for finding ${index + 1}`,
        owner: index % 5 === 2 ? null : owner,
        dueDate,
        status: actionStatus,
      });
    }
  }

  const byTime =
    <T>(key: (item: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  const forceReports: PackReport[] = REPORTS.map((report) => ({
    title: report.title,
    period: report.period,
    forceId: FORCE_ID,
    type: report.code === 'AFI' ? 'integrated_peel_assessment' : 'integrity_inspection',
    publishedOn: report.published,
    pccResponsePublishedOn: report.response,
    pccResponseUrl: report.response ? 'https://www.dyfedpowys-pcc.org.uk/section-55' : null,
  }));
  return {
    force: { code: 'DYP', name: 'Dyfed-Powys Police' },
    parameters: {
      force: 'DYP',
      theme: 'vetting & professional standards',
      since: SAMPLE_SINCE,
      until: SAMPLE_TODAY,
      staleDays: 90,
    },
    // As the service reads them: by report, then by position in it.
    findings: findings.sort((a, b) => orderOf.get(a.id)! - orderOf.get(b.id)!),
    updates: updates.sort(byTime((update) => update.createdAt)),
    actions: actions.sort(byTime((action) => action.dueDate ?? '')),
    evidence,
    verifications: verifications.sort(byTime((verification) => verification.decidedAt)),
    forceReports,
    nationalRecommendations: [
      {
        id: 1001,
        reference: 'NAT-2017-REC-01',
        title: 'Forces should adopt the national stop and search data standard',
        status: 'not_started',
      },
      {
        id: 1002,
        reference: 'NAT-2022-REC-01',
        title: 'Chief constables should review vetting decisions, including <appeals>',
        status: 'not_started',
      },
      {
        id: 1003,
        reference: 'NAT-2022-REC-02',
        title: 'Forces should record the outcome of every vetting appeal',
        status: 'not_started',
      },
    ],
    nationalAssessments: [
      {
        findingId: 1002,
        verdict: 'partially_implemented',
        quote: 'The force has reviewed 80% of decisions but “aftercare” is not yet in place.',
        assessedOn: '2025-06-20',
        createdAt: '2025-07-01T10:00:00.000Z',
        recordedBy: 'Import',
        report: { title: REPORTS[4].title, period: REPORTS[4].period },
      },
      {
        findingId: 1003,
        verdict: 'implemented',
        quote: 'Every appeal is now recorded.',
        assessedOn: '2025-06-20',
        createdAt: '2025-07-01T10:00:00.000Z',
        recordedBy: 'Import',
        report: { title: REPORTS[4].title, period: REPORTS[4].period },
      },
    ],
    auditHead: { id: 48213, hash: fakeSha256('audit-48213') },
    generatedAt: '2026-11-23T09:15:00.000Z',
    generatedBy: 'Carys O’Neill (Performance & Ŵelsh Language Unit)',
  };
}

/** A pack of 30 findings for one force, with every section populated and awkward text throughout. */
export function sampleBoardPack(overrides: Partial<BoardPackData> = {}): BoardPack {
  return assembleBoardPack({ ...sampleBoardPackData(), ...overrides });
}
