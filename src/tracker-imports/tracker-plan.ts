/**
 * What each row of a force's tracker spreadsheet will do, worked out before anything is written: match a finding
 * the organisation holds (by reference, or by the words of its text, a near match needing confirmation), change
 * its status, owner, target date, progress notes and actions, create a new finding, or be refused with the reason.
 * The preview shows this plan and the commit writes it, so what a person confirms is what is written.
 */
import type { ActionToRecord } from '../reports/report-record';
import type { FindingKind } from '../findings/finding-kind';
import { FINDING_STATUSES, type FindingStatus } from '../findings/finding-status';
import { findingTitle } from '../imports/extraction/finding-title';
import { blendedSimilarity, textSimilarity } from '../imports/extraction/text-similarity';
import { cellText, type Cell, type ColumnMapping, type Sheet, type TrackerField } from './tracker-columns';
import { trackerDate } from './tracker-dates';
import { kindOf, statusMove, statusOf, statusWord, type StatusWords, type TrackerStatusTarget } from './tracker-status';

/** A finding of the organisation, as the plan compares rows with it. */
export interface HeldFinding {
  id: number;
  reference: string;
  /** For a record of a national recommendation: the statement's reference (NAT-2022-REC-01). */
  statementReference: string | null;
  kind: FindingKind;
  text: string;
  status: FindingStatus;
  owner: string | null;
  targetDate: string | null;
  /** Evidence not withdrawn or rejected: a claim of implementation needs some. */
  activeEvidence: number;
  /** Its actions' descriptions. */
  actions: string[];
  /** Its progress notes. */
  notes: string[];
}

/** A report of the organisation a row may name. */
export interface HeldReport {
  key: string;
  title: string;
  period: string;
  year: number;
}

/** A reviewer's answer for a row whose text nearly matches a held finding. */
export type MatchDecision = 'same' | 'new';

export interface PlanInput {
  sheet: Sheet;
  headerRow: number;
  mapping: ColumnMapping;
  statusWords: StatusWords;
  findings: readonly HeldFinding[];
  reports: readonly HeldReport[];
  /** By spreadsheet row number. */
  decisions: Readonly<Record<number, MatchDecision>>;
}

export type RowOutcome = 'update' | 'unchanged' | 'create' | 'possible_match' | 'action_row' | 'refused';

export const ROW_OUTCOMES: Record<RowOutcome, string> = {
  update: 'Updates',
  unchanged: 'No change',
  create: 'Creates',
  possible_match: 'Confirm the match',
  action_row: 'Action',
  refused: 'Refused',
};

export interface PlannedChange {
  field: 'status' | 'owner' | 'targetDate' | 'update' | 'action';
  from: string | null;
  to: string;
  /** For a status change: the status itself. */
  status?: FindingStatus;
  /** For an action: the action to add. */
  action?: ActionToRecord;
}

/** What a new finding will be recorded with. */
export interface NewFinding {
  kind: FindingKind;
  title: string;
  text: string;
  owner: string | null;
  targetDate: string | null;
  status: FindingStatus;
  /** A report the organisation holds, named in the row; null: the spreadsheet's own tracker report. */
  reportKey: string | null;
  actions: ActionToRecord[];
  update: string | null;
}

export interface PlannedRow {
  /** The spreadsheet's row number. */
  row: number;
  reference: string;
  text: string;
  outcome: RowOutcome;
  /** The held finding it matches (or, for a possible match, the one it may be). */
  finding: string | null;
  /** How alike the texts are (0 to 1), when matched or nearly matched by text. */
  score: number | null;
  matchedBy: 'reference' | 'text' | 'confirmed' | null;
  changes: PlannedChange[];
  refusals: string[];
  notes: string[];
  /** For a row that creates a finding. */
  create: NewFinding | null;
  /** For an action row: the row of its finding. */
  actionOf: number | null;
}

export interface TrackerPlan {
  rows: PlannedRow[];
  blankRows: number;
  counts: Record<RowOutcome, number>;
}

/** Texts at least this alike are offered as a possible match. */
export const POSSIBLE_MATCH_SCORE = 0.5;
/**
 * How much a row's words all found in a longer finding count: a tracker often quotes only a finding's first
 * sentence, a weaker sign of the same finding than the same words throughout.
 */
const CONTAINMENT_WEIGHT = 0.8;
/** The longest owner a finding holds. */
const OWNER_MAX_LENGTH = 200;
const TITLE_MAX_LENGTH = 200;

/** A reference as compared: upper case, spaces and separators folded ("afi 3" = "AFI-3"). */
export function referenceKey(reference: string): string {
  return reference
    .toUpperCase()
    .replace(/[\s_./-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function sameWords(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The row's values, by field. */
interface RowValues {
  row: number;
  cells: Partial<Record<TrackerField, Cell>>;
  text: (field: TrackerField) => string;
}

function valuesOf(row: number, cells: readonly Cell[], mapping: ColumnMapping): RowValues {
  const picked: Partial<Record<TrackerField, Cell>> = {};
  for (const [field, column] of Object.entries(mapping) as Array<[TrackerField, number | undefined]>) {
    if (column !== undefined) {
      picked[field] = cells[column] ?? null;
    }
  }
  return { row, cells: picked, text: (field) => cellText(picked[field] ?? null) };
}

function emptyRow(values: RowValues, row: number): PlannedRow {
  return {
    row,
    reference: values.text('reference'),
    text: values.text('text'),
    outcome: 'refused',
    finding: null,
    score: null,
    matchedBy: null,
    changes: [],
    refusals: [],
    notes: [],
    create: null,
    actionOf: null,
  };
}

/** The report a row names: by key, by title, or by its year or period when only one report has it. */
export function reportNamed(named: string, reports: readonly HeldReport[]): HeldReport | null {
  const text = named.trim();
  if (text === '') {
    return null;
  }
  const lower = text.toLowerCase();
  const exact = reports.find((report) => report.key === lower || sameWords(report.title, text));
  if (exact) {
    return exact;
  }
  const years = text.match(/\b(19|20)\d{2}(\/\d{2})?\b/g) ?? [];
  const inYear = reports.filter((report) =>
    years.some((year) => report.period === year || String(report.year) === year),
  );
  if (inYear.length === 1) {
    return inYear[0];
  }
  const candidates = (inYear.length > 0 ? inYear : reports)
    .map((report) => ({ report, score: textSimilarity(report.title, text) }))
    .filter((candidate) => candidate.score >= 0.6)
    .sort((a, b) => b.score - a.score);
  return candidates[0]?.report ?? null;
}

/** Reads a date cell; the refusal names the column and what was written. */
function dateOf(
  values: RowValues,
  field: 'targetDate' | 'actionDue',
  label: string,
  refusals: string[],
): string | null {
  const read = trackerDate(values.cells[field] ?? null);
  if (!read.ok) {
    refusals.push(`${label} “${values.text(field)}” is not a date: write it as dd/mm/yyyy.`);
    return null;
  }
  return read.date;
}

function statusLabel(status: FindingStatus): string {
  return FINDING_STATUSES[status].label;
}

/** The action a row adds, if it has one. */
function actionOf(values: RowValues, refusals: string[]): ActionToRecord | null {
  const description = values.text('action');
  const dueDate = dateOf(values, 'actionDue', 'Action due date', refusals);
  if (description === '') {
    return null;
  }
  const owner = values.text('actionOwner') || null;
  if (owner && owner.length > OWNER_MAX_LENGTH) {
    refusals.push(`The action owner is longer than ${OWNER_MAX_LENGTH} characters.`);
  }
  return { description, owner, dueDate, status: 'not_started' };
}

/** Works out what every row will do. */
export function planTrackerImport(input: PlanInput): TrackerPlan {
  const { sheet, headerRow, mapping, statusWords, findings, reports, decisions } = input;
  const rows: PlannedRow[] = [];
  let blankRows = 0;
  /** The leading row of each reference, and the finding each held finding was matched by. */
  const leaders = new Map<string, PlannedRow>();
  const texts = new Map<string, PlannedRow>();
  const matched = new Map<string, PlannedRow>();
  let previousLeader: PlannedRow | null = null;
  const byReference = new Map<string, HeldFinding>();
  for (const finding of findings) {
    byReference.set(referenceKey(finding.reference), finding);
    if (finding.statementReference) {
      byReference.set(referenceKey(finding.statementReference), finding);
    }
  }
  const leaderFinding = new Map<PlannedRow, HeldFinding>();
  const leaderValues = new Map<PlannedRow, RowValues>();

  for (let index = headerRow; index < sheet.rows.length; index += 1) {
    const number = index + 1;
    const cells = sheet.rows[index] ?? [];
    const values = valuesOf(number, cells, mapping);
    if (cells.every((cell) => cellText(cell) === '')) {
      blankRows += 1;
      continue;
    }
    const planned = emptyRow(values, number);
    rows.push(planned);
    const reference = values.text('reference');
    const key = reference === '' ? '' : referenceKey(reference);
    const text = values.text('text');

    // A further row of a finding already seen: one of its actions, or a duplicate.
    const leader =
      key !== '' ? (leaders.get(key) ?? null) : text === '' && values.text('action') !== '' ? previousLeader : null;
    if (leader) {
      planActionRow(planned, leader, values, leaderValues.get(leader)!, leaderFinding.get(leader) ?? null);
      continue;
    }
    if (key === '' && text !== '' && texts.has(sameKey(text))) {
      planned.refusals.push(`Duplicate: the same text is on row ${texts.get(sameKey(text))!.row}.`);
      continue;
    }
    if (key !== '') {
      leaders.set(key, planned);
    }
    if (text !== '') {
      texts.set(sameKey(text), planned);
    }
    previousLeader = planned;
    leaderValues.set(planned, values);

    const refusals = planned.refusals;
    const targetDate = dateOf(values, 'targetDate', 'Target date', refusals);
    const statusWritten = values.text('status');
    const wanted = statusOf(statusWritten, statusWords);
    if (wanted === null) {
      refusals.push(`Status “${statusWritten}” is not in the status table: add it to the table below.`);
    }
    const owner = values.text('owner') || null;
    if (owner && owner.length > OWNER_MAX_LENGTH) {
      refusals.push(`The owner is longer than ${OWNER_MAX_LENGTH} characters.`);
    }
    const action = actionOf(values, refusals);
    const update = values.text('update') || null;

    // Which held finding it is.
    let held: HeldFinding | null = key !== '' ? (byReference.get(key) ?? null) : null;
    if (held) {
      planned.matchedBy = 'reference';
    } else if (text !== '') {
      const same = findings.find(
        (finding) => sameWords(finding.text, text) || textSimilarity(finding.text, text) >= 0.999,
      );
      const best = same
        ? { finding: same, score: 1 }
        : findings
            .map((finding) => ({ finding, score: blendedSimilarity(finding.text, text, CONTAINMENT_WEIGHT) }))
            .sort((a, b) => b.score - a.score)[0];
      if (same) {
        held = same;
        planned.matchedBy = 'text';
        planned.score = 1;
      } else if (best && best.score >= POSSIBLE_MATCH_SCORE) {
        planned.score = best.score;
        planned.finding = best.finding.reference;
        const decision = decisions[number];
        if (decision === 'same') {
          held = best.finding;
          planned.matchedBy = 'confirmed';
        } else if (decision !== 'new') {
          planned.outcome = 'possible_match';
          if (refusals.length > 0) {
            planned.outcome = 'refused';
          }
          continue;
        }
      }
    }
    if (held) {
      const earlier = matched.get(held.reference);
      if (earlier) {
        refusals.push(`Duplicate: row ${earlier.row} is also ${held.reference}.`);
      }
      planned.finding = held.reference;
    }
    if (refusals.length > 0) {
      planned.outcome = 'refused';
      continue;
    }

    if (held) {
      matched.set(held.reference, planned);
      leaderFinding.set(planned, held);
      planChanges(planned, held, { wanted, statusWritten, owner, targetDate, update, action });
      continue;
    }

    // A finding new to the tracker.
    if (text === '') {
      planned.refusals.push(
        reference === ''
          ? 'The row has no finding text and no reference.'
          : `No finding ${reference} is held, and the row has no finding text to create it from.`,
      );
      continue;
    }
    const kindWritten = values.text('kind');
    const kind = kindWritten !== '' ? kindOf(kindWritten) : (kindOf(reference) ?? 'area_for_improvement');
    if (kind === null) {
      planned.refusals.push(
        `Kind “${kindWritten}” is not known: write AFI, recommendation, cause of concern or observation.`,
      );
      continue;
    }
    if (kind === 'national_recommendation') {
      planned.refusals.push(
        `${reference || 'This national recommendation'} is not held: national recommendations come from the national report, recorded by an inspector.`,
      );
      continue;
    }
    const reportText = values.text('report');
    const report = reportNamed(reportText, reports);
    if (reportText !== '' && !report) {
      planned.notes.push(`No report “${reportText}” is held: filed under this spreadsheet.`);
    }
    const move = wanted ? statusMove('not_started', wanted, 0) : { to: 'not_started' as const, note: null };
    if (move.note) {
      planned.notes.push(move.note);
    }
    const title = (values.text('title') || findingTitle(text, [], kind)).slice(0, TITLE_MAX_LENGTH);
    planned.outcome = 'create';
    planned.create = {
      kind,
      title,
      text,
      owner,
      targetDate,
      status: move.to,
      reportKey: report?.key ?? null,
      actions: action ? [action] : [],
      update,
    };
    planned.changes.push({ field: 'status', from: null, to: statusLabel(move.to), status: move.to });
    if (owner) {
      planned.changes.push({ field: 'owner', from: null, to: owner });
    }
    if (targetDate) {
      planned.changes.push({ field: 'targetDate', from: null, to: targetDate });
    }
    if (update) {
      planned.changes.push({ field: 'update', from: null, to: update });
    }
    if (action) {
      planned.changes.push({ field: 'action', from: null, to: action.description, action });
    }
  }
  const counts = Object.fromEntries(Object.keys(ROW_OUTCOMES).map((outcome) => [outcome, 0])) as Record<
    RowOutcome,
    number
  >;
  for (const row of rows) {
    counts[row.outcome] += 1;
  }
  return { rows, blankRows, counts };
}

function sameKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The changes a row makes to the finding it matched; none when every value is what the finding holds. */
function planChanges(
  planned: PlannedRow,
  held: HeldFinding,
  row: {
    wanted: TrackerStatusTarget | null | undefined;
    statusWritten: string;
    owner: string | null;
    targetDate: string | null;
    update: string | null;
    action: ActionToRecord | null;
  },
): void {
  if (row.wanted) {
    const move = statusMove(held.status, row.wanted, held.activeEvidence);
    if (move.note) {
      planned.notes.push(move.note);
    }
    if (move.to !== held.status) {
      planned.changes.push({
        field: 'status',
        from: statusLabel(held.status),
        to: statusLabel(move.to),
        status: move.to,
      });
    }
  }
  if (row.owner && row.owner !== held.owner) {
    planned.changes.push({ field: 'owner', from: held.owner, to: row.owner });
  }
  if (row.targetDate && row.targetDate !== held.targetDate) {
    planned.changes.push({ field: 'targetDate', from: held.targetDate, to: row.targetDate });
  }
  if (row.update && !held.notes.some((note) => sameKey(noteText(note)) === sameKey(row.update!))) {
    planned.changes.push({ field: 'update', from: null, to: row.update });
  }
  if (row.action && !held.actions.some((description) => sameWords(description, row.action!.description))) {
    planned.changes.push({ field: 'action', from: null, to: row.action.description, action: row.action });
  }
  planned.outcome = planned.changes.length > 0 ? 'update' : 'unchanged';
}

/** A progress note's own words, without the line naming the spreadsheet it came from (added by a commit). */
export function noteText(note: string): string {
  return note.replace(/\n\nFrom the tracker spreadsheet [\s\S]*$/, '');
}

/** A further row of a finding: its action, or refused when it is a duplicate or says something else. */
function planActionRow(
  planned: PlannedRow,
  leader: PlannedRow,
  values: RowValues,
  leaderValues: RowValues,
  held: HeldFinding | null,
): void {
  planned.actionOf = leader.row;
  planned.finding = leader.finding;
  const refusals = planned.refusals;
  if (values.text('action') === '') {
    refusals.push(
      leader.reference
        ? `Duplicate: reference ${leader.reference} is already on row ${leader.row}.`
        : `Duplicate of row ${leader.row}.`,
    );
    return;
  }
  if (leader.outcome === 'refused' || leader.outcome === 'possible_match') {
    refusals.push(
      leader.outcome === 'refused'
        ? `Its finding (row ${leader.row}) is refused.`
        : `Its finding (row ${leader.row}) waits for the match to be confirmed.`,
    );
    return;
  }
  for (const [field, label] of [
    ['owner', 'owner'],
    ['status', 'status'],
    ['targetDate', 'target date'],
  ] as const) {
    const mine = values.text(field);
    const theirs = leaderValues.text(field);
    if (mine !== '' && theirs !== '' && !sameValue(field, values, leaderValues)) {
      refusals.push(`Its ${label} “${mine}” differs from row ${leader.row} for the same finding.`);
    }
  }
  const action = actionOf(values, refusals);
  if (refusals.length > 0 || !action) {
    return;
  }
  const known = [
    ...(held?.actions ?? []),
    ...(leader.create?.actions ?? []).map((existing) => existing.description),
    ...leader.changes.filter((change) => change.field === 'action').map((change) => change.to),
  ];
  if (known.some((description) => sameWords(description, action.description))) {
    planned.outcome = 'unchanged';
    return;
  }
  planned.outcome = 'action_row';
  planned.changes.push({ field: 'action', from: null, to: action.description, action });
  if (leader.create) {
    leader.create.actions.push(action);
  }
}

/** Whether a further row says the same as the leading row in a field. */
function sameValue(field: 'owner' | 'status' | 'targetDate', mine: RowValues, theirs: RowValues): boolean {
  if (field === 'targetDate') {
    const a = trackerDate(mine.cells.targetDate ?? null);
    const b = trackerDate(theirs.cells.targetDate ?? null);
    return a.ok && b.ok && a.date === b.date;
  }
  if (field === 'status') {
    return statusWord(mine.text(field)) === statusWord(theirs.text(field));
  }
  return sameWords(mine.text(field), theirs.text(field));
}
