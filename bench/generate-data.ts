/**
 * A large synthetic board pack for the benchmark: by default one big scope of 5,000 findings from
 * ten years of reports, with 50,000 updates behind their latest-update lines and every section of
 * the pack populated in proportion (overdue, stale, claims with evidence, verified, slippage,
 * sign-off, PCC responses, national recommendations). Seeded, so every run makes the same pack.
 *
 * The pack is assembled by the same code as the renderers' test sample (assemblePack), so its
 * figures add up the way the service's do. Use from code (generateBoardPack) or the command line:
 *
 *   npx ts-node bench/generate-data.ts [--findings 5000] [--updates 50000] [--forces 43] [--years 10] [--seed 1]
 *     [--out pack.json]
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { addDays, formatUkDate } from '../src/common/dates';
import { EVIDENCE_KINDS, EVIDENCE_REVIEW_STATES } from '../src/evidence/evidence.entity';
import type { FindingKind } from '../src/findings/finding-kind';
import { FINDING_STATUSES, type FindingStatus } from '../src/findings/finding-status';
import type { BoardPack, BoardPackEvidenceLine } from '../src/board-packs/board-pack.types';
import { assemblePack, type SyntheticFinding } from '../test/support/board-packs/sample-pack';

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

export interface GeneratedPack {
  pack: BoardPack;
  counts: { forces: number; reports: number; findings: number; updates: number; evidence: number; actions: number };
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

/** A large, consistent board pack (see the file's comment). */
export function generateBoardPack(options: Partial<GenerateOptions> = {}): GeneratedPack {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const random = seededRandom(o.seed);
  const today = o.today;
  const firstYear = Number(today.slice(0, 4)) - o.years + 1;
  const forceCodes = Array.from({ length: o.forces }, (_, index) => `F${String(index + 1).padStart(2, '0')}`);

  // About a dozen reports a year, each with a publication date in its year, none after today.
  const reports = Array.from({ length: o.years * 12 }, (_, index) => {
    const year = firstYear + Math.floor(index / 12);
    const published = addDays(`${year}-01-01`, (index % 12) * 30 + Math.floor(random() * 25));
    const theme = pick(random, THEMES);
    return {
      title: `${theme[0].toUpperCase()}${theme.slice(1)}: an inspection of ${pick(random, forceCodes)} (${year})`,
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
  let evidenceCount = 0;
  const perReport = new Map<number, number>();
  const findings: SyntheticFinding[] = [];
  for (let index = 0; index < o.findings; index += 1) {
    const reportIndex = Math.floor(random() * reports.length);
    const report = reports[reportIndex];
    const number = (perReport.get(reportIndex) ?? 0) + 1;
    perReport.set(reportIndex, number);
    const kind = pick(random, kinds);
    const status = pickStatus();
    const open = status === 'not_started' || status === 'in_progress' || status === 'implemented';
    // Updates: about updates/findings each, the last one some days ago.
    const remaining = o.findings - index;
    const updates = Math.max(0, Math.round((updatesLeft / remaining) * (0.5 + random())));
    updatesLeft -= Math.min(updates, updatesLeft);
    const ageDays = Math.max(0, -Math.floor((Date.parse(report.published) - Date.parse(today)) / 86_400_000));
    const lastUpdateDay = updates > 0 ? addDays(today, -Math.floor(random() * Math.min(ageDays + 1, 400))) : null;
    const lastUpdateAt = lastUpdateDay
      ? `${lastUpdateDay}T${String(8 + Math.floor(random() * 10)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00.000Z`
      : null;
    const evidence: BoardPackEvidenceLine[] = [];
    if (status === 'implemented' || status === 'verified_closed') {
      const lines = 1 + Math.floor(random() * 3);
      for (let line = 0; line < lines; line += 1) {
        const file = random() < 0.7;
        evidence.push({
          title: file ? `Evidence pack ${line + 1}: ${pick(random, THEMES)} audit` : 'Minutes of the “Gold” group',
          kindLabel: file ? EVIDENCE_KINDS.file : EVIDENCE_KINDS.note,
          reviewLabel: pick(random, [EVIDENCE_REVIEW_STATES.accepted.label, EVIDENCE_REVIEW_STATES.submitted.label]),
          fileName: file ? `evidence-${index + 1}-${line + 1}.pdf` : null,
          sha256: file ? sha256(`${o.seed}-${index}-${line}`) : null,
        });
      }
      evidenceCount += lines;
    }
    findings.push({
      reference: `BIG-${report.year}-${codes[kind]}-${String(number).padStart(2, '0')}-${String(reportIndex + 1).padStart(3, '0')}`,
      title: `The force should ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, THEMES)}${pick(random, TAILS)}`,
      kind,
      report: report.title,
      reportPublishedOn: report.published,
      owner: random() < 0.05 ? null : pick(random, uniqueOwners),
      status,
      targetDate: open && random() < 0.1 ? null : addDays(today, Math.floor(random() * 720) - 360),
      lastUpdateAt,
      latestUpdate: lastUpdateAt ? `${formatUkDate(lastUpdateAt)}: Progress note: ${pick(random, NOTES)}` : null,
      evidence,
      verifiedAt:
        status === 'verified_closed' ? `${addDays(today, -Math.floor(random() * 900))}T11:00:00.000Z` : undefined,
      verifiedBy: status === 'verified_closed' ? `HM Inspector ${pick(random, LAST)}` : undefined,
      boardDecision:
        status === 'implemented'
          ? random() < 0.4
            ? `Agreed to close, subject to audit (${formatUkDate(addDays(today, -Math.floor(random() * 60)))})`
            : null
          : undefined,
    });
  }

  const since = addDays(today, -91);
  const recent = findings.filter((f) => f.lastUpdateAt && f.lastUpdateAt.slice(0, 10) >= since);
  const label = (status: FindingStatus) => FINDING_STATUSES[status].label;
  const actions = findings
    .filter((f) => f.status === 'not_started' || f.status === 'in_progress')
    .filter(() => random() < 0.35)
    .map((f) => ({
      reference: f.reference,
      description: `${pick(random, ['Publish', 'Deliver', 'Audit', 'Review', 'Train staff in'])} the ${pick(random, THEMES)} ${pick(random, ['policy', 'process', 'training', 'dashboard'])}, "phase ${1 + Math.floor(random() * 3)}"`,
      owner: f.owner,
      dueDate: addDays(today, -1 - Math.floor(random() * 300)),
      statusLabel: pick(random, ['Not started', 'In progress']),
    }));
  const pack = assemblePack(findings, {
    today,
    meta: {
      title: 'Progress on inspection findings: benchmark scope',
      classification: 'OFFICIAL',
      force: { code: 'BIG', name: 'Benchmark Constabulary' },
      scope: ['Kind: formal findings (observations excluded)'],
      since,
      staleDays: 90,
      generatedAt: `${today}T09:00:00.000Z`,
      generatedBy: 'Benchmark',
      auditHead: { id: o.updates + o.findings, hash: sha256(`audit-${o.seed}`) },
    },
    changes: recent
      .slice(0, 600)
      .map((f) => `${formatUkDate(f.lastUpdateAt)}: ${f.reference} ${label('not_started')} → ${label(f.status)}`),
    overdueActions: actions,
    nationalUnimplemented: Array.from({ length: 40 }, (_, index) => ({
      reference: `NAT-${firstYear + (index % o.years)}-REC-${String(index + 1).padStart(2, '0')}`,
      title: `Chief constables should ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, THEMES)}`,
      verdictLabel: index % 3 === 0 ? 'Not yet assessed' : pick(random, ['Partially implemented', 'Not implemented']),
      quote:
        index % 3 === 0 ? null : `The force has made progress on ${pick(random, THEMES)}, but “more work is needed”.`,
      assessedBy: index % 3 === 0 ? null : pick(random, reports).title,
    })),
    slippage: recent
      .filter(() => random() < 0.15)
      .map((f) => ({
        reference: f.reference,
        title: f.title,
        from: addDays(today, -Math.floor(random() * 200)),
        to: f.targetDate,
        reason:
          random() < 0.2
            ? null
            : pick(random, [
                'Dependent on the new records system',
                'Resourcing, "uplift" officers not yet in post',
                'Awaiting national guidance',
              ]),
        changedAt: f.lastUpdateAt!,
        changedBy: f.owner ?? 'Performance team',
      })),
    pccResponses: reports
      .filter((r) => r.published >= addDays(today, -120))
      .map((r) => {
        const dueOn = addDays(r.published, 56);
        return { report: r.title, publishedOn: r.published, dueOn, stateLabel: dueOn < today ? 'Overdue' : 'Due' };
      }),
  });
  return {
    pack,
    counts: {
      forces: o.forces,
      reports: reports.length,
      findings: findings.length,
      updates: o.updates - updatesLeft,
      evidence: evidenceCount,
      actions: actions.length,
    },
  };
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
