/**
 * A large synthetic board pack for the benchmark: by default one big scope of 5,000 findings from
 * ten years of reports, with 50,000 history entries behind their latest-update lines and every section of
 * the pack populated in proportion (overdue, stale, claims with evidence, verified, slippage,
 * sign-off, PCC responses, national recommendations). Seeded, so every run makes the same pack.
 *
 * The data is made as the service would load it (BoardPackData) and assembled by the product's own
 * assembleBoardPack, so its figures add up exactly as a pack the service builds. Use from code
 * (generateBoardPackData, generateBoardPack) or the command line:
 *
 *   npx ts-node bench/generate-data.ts [--findings 5000] [--updates 50000] [--forces 43] [--years 10] [--seed 1]
 *     [--out pack.json]
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { addDays, daysBetween } from '../src/common/dates';
import type { FindingKind } from '../src/findings/finding-kind';
import type { FindingStatus } from '../src/findings/finding-status';
import {
  assembleBoardPack,
  type BoardPackData,
  type PackAction,
  type PackEvidence,
  type PackFinding,
  type PackNationalAssessment,
  type PackUpdate,
  type PackVerification,
} from '../src/board-packs/assemble-board-pack';
import type { BoardPack } from '../src/board-packs/board-pack.types';

export interface GenerateOptions {
  /** Forces in the dataset; the pack covers one big scope across them. */
  forces: number;
  /** Years of reports, ending today. */
  years: number;
  findings: number;
  /** Updates in all, spread over the findings (only each finding's latest is shown in the pack). */
  updates: number;
  seed: number;
  today: string;
}

export const DEFAULT_OPTIONS: GenerateOptions = {
  forces: 43,
  years: 10,
  findings: 5000,
  updates: 50000,
  seed: 1,
  today: '2026-11-23',
};

export interface GeneratedCounts {
  forces: number;
  reports: number;
  findings: number;
  updates: number;
  evidence: number;
  actions: number;
}

export interface GeneratedData {
  data: BoardPackData;
  counts: GeneratedCounts;
}

export interface GeneratedPack {
  pack: BoardPack;
  counts: GeneratedCounts;
}

/** A small, fast, seeded PRNG (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const THEMES = [
  'vetting',
  'custody',
  'call handling',
  'crime recording',
  'neighbourhood policing',
  'child protection',
  'domestic abuse',
  'stop and search',
  'professional standards',
  'wellbeing',
];
const VERBS = [
  'improve',
  'review',
  'make sure it understands',
  'publish',
  'train supervisors in',
  'audit',
  'strengthen',
  'evaluate',
];
const OBJECTS = [
  'how it records and reviews',
  'the quality of its',
  'the timeliness of its',
  'its governance of',
  'the way it learns from complaints about',
  'its use of data on',
];
const TAILS = [
  '',
  ', including its action plan and timescales',
  ', so that the public can see what has changed, and why',
  ' – with a named senior lead and a “Gold” group',
  ', and report progress to the force’s "Strategic Board" every quarter',
  '. It should also make sure that officers and staff understand the new process and that supervisors check it is followed in every basic command unit',
];
const NOTES = [
  'Draft policy agreed, subject to legal advice; training booked',
  'Awaiting data from the ICT project, £12,000 approved',
  'Owner changed – see the “Gold” minutes',
  'Audit of 50 cases complete: 43 compliant, 7 referred back',
  'Slipped: dependent on the new records system\nRevised plan to board in January',
  'Consultation with Ŵyddgrug and Caerfyrddin teams under way',
];
const FIRST = ['Siân', 'Gareth', 'Priya', 'Tom', 'Aisha', 'Rhys', 'Olu', 'Megan', 'Carys', 'Dafydd', 'Helen', 'Sam'];
const LAST = ['Jones', 'O’Brien', 'Patel', 'Williams', 'Ŵatkins', 'Evans', 'Smith', 'Davies', 'Khan', 'Roberts'];
const ROLES = ['ACC', 'Ch Supt', 'Supt', 'DCI', 'Head of', 'Director of'];
const AREAS = [
  'Local Policing',
  'Professional Standards',
  'Custody',
  'Contact Management',
  'People',
  'Public Protection',
  'Crime',
  'Digital',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The day a fraction of the way from one day to another. */
function dayBetween(from: string, to: string, fraction: number): string {
  return addDays(from, Math.floor(daysBetween(from, to) * fraction));
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** A moment on a day, as the tracker stores it. */
function moment(random: () => number, day: string): string {
  return `${day}T${String(8 + Math.floor(random() * 10)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00.000Z`;
}

/** The data of a large board pack (see the file's comment), as the service would load it. */
export function generateBoardPackData(options: Partial<GenerateOptions> = {}): GeneratedData {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const random = seededRandom(o.seed);
  const today = o.today;
  const since = addDays(today, -91);
  const firstYear = Number(today.slice(0, 4)) - o.years + 1;
  const forceCodes = Array.from({ length: o.forces }, (_, index) => `F${String(index + 1).padStart(2, '0')}`);

  // About a dozen reports a year, each with a publication date in its year, none after today.
  const reports = Array.from({ length: o.years * 12 }, (_, index) => {
    const year = firstYear + Math.floor(index / 12);
    const published = addDays(`${year}-01-01`, (index % 12) * 30 + Math.floor(random() * 25));
    const theme = pick(random, THEMES);
    return {
      title: `${theme[0].toUpperCase()}${theme.slice(1)}: an inspection of ${pick(random, forceCodes)}`,
      period: String(year),
      published: published > today ? today : published,
      year,
    };
  });

  const owners = Array.from({ length: 60 }, (_, index) =>
    index % 2 === 0 ? `${pick(random, ROLES)} ${pick(random, AREAS)}` : `${pick(random, FIRST)} ${pick(random, LAST)}`,
  );
  const uniqueOwners = [...new Set(owners)];
  const statuses: Array<[FindingStatus, number]> = [
    ['not_started', 0.12],
    ['in_progress', 0.38],
    ['implemented', 0.12],
    ['verified_closed', 0.3],
    ['superseded', 0.08],
  ];
  const pickStatus = (): FindingStatus => {
    let roll = random();
    for (const [status, share] of statuses) {
      roll -= share;
      if (roll < 0) {
        return status;
      }
    }
    return 'in_progress';
  };
  const kinds: FindingKind[] = ['area_for_improvement', 'area_for_improvement', 'recommendation', 'cause_of_concern'];
  const codes: Record<string, string> = { area_for_improvement: 'AFI', recommendation: 'REC', cause_of_concern: 'COC' };

  let updatesLeft = o.updates;
  const perReport = new Map<number, number>();
  const findings: Array<PackFinding & { reportIndex: number; position: number }> = [];
  const updates: PackUpdate[] = [];
  const actions: PackAction[] = [];
  const evidence: PackEvidence[] = [];
  const verifications: PackVerification[] = [];
  for (let index = 0; index < o.findings; index += 1) {
    const id = index + 1;
    const reportIndex = Math.floor(random() * reports.length);
    const report = reports[reportIndex];
    const number = (perReport.get(reportIndex) ?? 0) + 1;
    perReport.set(reportIndex, number);
    const kind = pick(random, kinds);
    const status = pickStatus();
    const open = status === 'not_started' || status === 'in_progress' || status === 'implemented';
    const owner = random() < 0.05 ? null : pick(random, uniqueOwners);
    const targetDate = open && random() < 0.1 ? null : addDays(today, Math.floor(random() * 720) - 360);
    findings.push({
      reportIndex,
      position: number,
      id,
      reference: `BIG-${report.year}-${codes[kind]}-${String(number).padStart(2, '0')}-${String(reportIndex + 1).padStart(3, '0')}`,
      title: `The force should ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, THEMES)}${pick(random, TAILS)}`,
      kind,
      year: report.year,
      owner,
      status,
      targetDate,
      report: { title: report.title, period: report.period, publishedOn: report.published },
    });

    // History: about updates/findings entries each: recorded on publication, the status changes that
    // led to the finding's status, and progress notes up to the latest, some days ago.
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
    const remaining = o.findings - index;
    const wanted = Math.max(1, Math.round((updatesLeft / remaining) * (0.5 + random())));
    const ageDays = Math.max(0, daysBetween(report.published, today));
    const lastUpdateDay = addDays(today, -Math.floor(random() * Math.min(ageDays + 1, 400)));
    const before = updates.length;
    update(`${report.published}T00:00:00.000Z`, {
      type: 'recorded',
      commentary: `Published in ${report.title} (${report.period}).`,
      author: 'Import',
    });
    const change = (createdAt: string, from: FindingStatus, to: FindingStatus) =>
      update(createdAt, { type: 'status_change', fromValue: from, toValue: to });
    const started = moment(random, dayBetween(report.published, lastUpdateDay, 0.2));
    const claimed = moment(random, dayBetween(report.published, lastUpdateDay, 0.6));
    if (status === 'superseded') {
      change(started, 'not_started', 'superseded');
    } else if (status !== 'not_started') {
      change(started, 'not_started', 'in_progress');
    }
    if (status === 'implemented' || status === 'verified_closed') {
      change(claimed, 'in_progress', 'implemented');
      const lines = 1 + Math.floor(random() * 3);
      for (let line = 0; line < lines; line += 1) {
        const file = random() < 0.7;
        evidence.push({
          findingId: id,
          title: file ? `Evidence pack ${line + 1}: ${pick(random, THEMES)} audit` : 'Minutes of the “Gold” group',
          kind: file ? 'file' : 'note',
          reviewState: random() < 0.5 ? 'accepted' : 'submitted',
          fileName: file ? `evidence-${index + 1}-${line + 1}.pdf` : null,
          sha256: file ? sha256(`${o.seed}-${index}-${line}`) : null,
          withdrawnAt: random() < 0.05 ? claimed : null,
        });
      }
    }
    if (status === 'verified_closed') {
      const decidedAt = `${later(addDays(today, -Math.floor(random() * 900)), addDays(claimed, 1))}T11:00:00.000Z`;
      change(decidedAt, 'implemented', 'verified_closed');
      verifications.push({
        findingId: id,
        decision: 'verified',
        decidedBy: `HM Inspector ${pick(random, LAST)}`,
        decidedAt,
      });
    }
    if (status === 'implemented' && random() < 0.4) {
      update(moment(random, later(addDays(today, -Math.floor(random() * 60)), addDays(claimed, 1))), {
        type: 'board_decision',
        toValue: random() < 0.8 ? 'approved to close' : 'returned',
        commentary: random() < 0.5 ? 'subject to audit' : null,
      });
    }
    if (targetDate !== null && random() < 0.15) {
      const movedOn = later(addDays(today, -Math.floor(random() * 200)), addDays(report.published, 1));
      update(moment(random, movedOn > today ? today : movedOn), {
        type: 'target_date_change',
        fromValue: random() < 0.1 ? null : addDays(movedOn, -Math.floor(random() * 200)),
        toValue: targetDate,
        commentary:
          random() < 0.2
            ? null
            : pick(random, [
                'Dependent on the new records system',
                'Resourcing, "uplift" officers not yet in post',
                'Awaiting national guidance',
              ]),
      });
    }
    const notes = wanted - (updates.length - before);
    for (let note = 0; note < notes; note += 1) {
      const day = note === notes - 1 ? lastUpdateDay : dayBetween(report.published, lastUpdateDay, random());
      update(moment(random, day), { commentary: pick(random, NOTES) });
    }
    updatesLeft -= Math.min(updates.length - before, updatesLeft);

    // The plan: actions for most open findings, some done, many past their due date.
    if ((status === 'not_started' || status === 'in_progress') && random() < 0.6) {
      for (let step = 0, steps = 1 + Math.floor(random() * 2); step < steps; step += 1) {
        actions.push({
          findingId: id,
          description: `${pick(random, ['Publish', 'Deliver', 'Audit', 'Review', 'Train staff in'])} the ${pick(random, THEMES)} ${pick(random, ['policy', 'process', 'training', 'dashboard'])}, "phase ${step + 1}"`,
          owner,
          dueDate: addDays(today, Math.floor(random() * 600) - 360),
          status: pick(random, ['not_started', 'in_progress', 'in_progress', 'done'] as const),
        });
      }
    }
  }

  const byText =
    <T>(key: (item: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  const nationalRecommendations = Array.from({ length: 50 }, (_, index) => ({
    id: o.findings + index + 1,
    reference: `NAT-${firstYear + (index % o.years)}-REC-${String(index + 1).padStart(2, '0')}`,
    title: `Chief constables should ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, THEMES)}`,
    status: 'not_started' as const,
  }));
  const nationalAssessments: PackNationalAssessment[] = nationalRecommendations
    .filter((_, index) => index % 3 !== 0)
    .map((national, index) => {
      const report = pick(random, reports);
      return {
        findingId: national.id,
        verdict: index % 4 === 0 ? 'implemented' : pick(random, ['partially_implemented', 'not_implemented'] as const),
        quote: `The force has made progress on ${pick(random, THEMES)}, but “more work is needed”.`,
        assessedOn: report.published,
        createdAt: `${report.published}T12:00:00.000Z`,
        recordedBy: 'Import',
        report: { title: report.title, period: report.period },
      };
    });
  const data: BoardPackData = {
    force: { code: 'BIG', name: 'Benchmark Constabulary' },
    parameters: { force: 'BIG', since, until: today, staleDays: 90 },
    // As the service reads them: by report, then by position in it.
    findings: findings
      .sort((a, b) => a.reportIndex - b.reportIndex || a.position - b.position)
      .map(({ reportIndex: _report, position: _position, ...finding }) => finding),
    updates: updates.sort(byText((update) => update.createdAt)),
    actions: actions.sort(byText((action) => action.dueDate ?? '')),
    evidence,
    verifications: verifications.sort(byText((verification) => verification.decidedAt)),
    forceReports: reports.map((report) => ({
      title: report.title,
      period: report.period,
      forceId: 1,
      type: 'integrated_peel_assessment',
      publishedOn: report.published,
      pccResponsePublishedOn: report.published < addDays(today, -120) ? addDays(report.published, 50) : null,
      pccResponseUrl: null,
    })),
    nationalRecommendations: nationalRecommendations.sort(byText((national) => national.reference)),
    nationalAssessments,
    auditHead: { id: updates.length + o.findings, hash: sha256(`audit-${o.seed}`) },
    generatedAt: `${today}T09:00:00.000Z`,
    generatedBy: 'Benchmark',
  };
  return {
    data,
    counts: {
      forces: o.forces,
      reports: reports.length,
      findings: findings.length,
      updates: updates.length,
      evidence: evidence.length,
      actions: actions.length,
    },
  };
}

/** A large, consistent board pack (see the file's comment), assembled by the product's `assembleBoardPack`. */
export function generateBoardPack(options: Partial<GenerateOptions> = {}): GeneratedPack {
  const { data, counts } = generateBoardPackData(options);
  return { pack: assembleBoardPack(data), counts };
}

function parseArgs(argv: readonly string[]): { options: Partial<GenerateOptions>; out: string | null } {
  const options: Partial<GenerateOptions> = {};
  let out: string | null = null;
  for (let at = 0; at < argv.length; at += 2) {
    const [name, value] = [argv[at], argv[at + 1]];
    if (name === '--out') {
      out = value;
    } else if (name === '--today') {
      options.today = value;
    } else if (
      ['--forces', '--years', '--findings', '--updates', '--seed'].includes(name) &&
      /^\d+$/.test(value ?? '')
    ) {
      options[name.slice(2) as 'forces' | 'years' | 'findings' | 'updates' | 'seed'] = Number(value);
    } else {
      throw new Error(`Unknown or bad option ${name} ${value ?? ''}`);
    }
  }
  return { options, out };
}

if (require.main === module) {
  const { options, out } = parseArgs(process.argv.slice(2));
  const { pack, counts } = generateBoardPack(options);
  const json = JSON.stringify(pack);
  if (out) {
    writeFileSync(out, json);
  }
  process.stdout.write(
    `${JSON.stringify({ ...counts, appendix: pack.appendix.length, bytes: Buffer.byteLength(json), out })}\n`,
  );
}
