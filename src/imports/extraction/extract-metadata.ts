/**
 * What a report says about itself: title, force, inspectorate, report type, period and publication
 * date. Each is read from the text where it is stated; a few are inferred by explicit rules (a title
 * built from "<force> PEEL 2016" + "Legitimacy"; the inspectorate's name from the year; a period from
 * the publication date's financial year). Nothing is guessed beyond those rules.
 */
import type { Inspectorate, ReportType } from '../../reports/report-types';
import type { ProposedReport } from './import-types';
import type { Block } from './normalise-text';
import { MONTH_NAMES } from '../../common/dates';

/** Headings that open a document but are never its title. */
const NOT_A_TITLE =
  /^(?:what this report contains|contents|about (?:this report|us)|introduction|summary|foreword|overview)$/i;

const PILLARS = /^(Effectiveness|Efficiency|Legitimacy|Leadership)$/i;

/** "22 January 2025" or "2025-01-22" → "2025-01-22"; null when not a valid date. */
export function parseDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (iso) {
    return text.trim();
  }
  const spoken = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(text.trim());
  if (!spoken) {
    return null;
  }
  const month = MONTH_NAMES.indexOf(spoken[2].toLowerCase());
  const day = Number(spoken[1]);
  if (month < 0 || day < 1 || day > 31) {
    return null;
  }
  return `${spoken[3]}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The publication date where the text states one ("Published on: 22 January 2025"). "Last updated" is not one. */
export function findPublished(raw: string): string | null {
  const match =
    /^\s*(?:published on|published|date of publication)\s*:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4}|\d{4}-\d{2}-\d{2})\s*$/im.exec(
      raw,
    );
  return match ? parseDate(match[1]) : null;
}

/** The force named most often ("… Constabulary" or "… Police"): named at least twice, or the only force named. */
export function findForce(text: string): string | null {
  const pattern =
    /\b((?:[A-Z][a-z]+|of|and|&)(?:[ -](?:[A-Z][a-z]+|of|and|&))*) (Constabulary|Police)\b(?!’s? (?:Chiefs|Federation)| (?:Chiefs|Federation|Act|National|Computer|Reform|and Crime|Conduct|Now|Service|Regulations|Staff|Scotland|Council))/g;
  const counts = new Map<string, number>();
  for (const match of text.matchAll(pattern)) {
    const name = `${match[1].replace(/^(?:The|And|Of|In|For|By|With|From)\s+/, '')} ${match[2]}`;
    if (/^(?:of|and|&)\b|Inspectorate|National|Transport|College|Her Majesty|His Majesty|Office/.test(name)) {
      continue;
    }
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) {
      best = name;
    }
  }
  return best !== null && ((counts.get(best) ?? 0) >= 2 || counts.size === 1) ? best : null;
}

/**
 * The report's period: a stated "2018/19", a PEEL range ("2023–25") or year, the year of the inspection named,
 * or the financial year of publication.
 */
export function findPeriod(text: string, published: string | null): string | null {
  const stated = /\b(?:In|PEEL:?|our|the)\s+(\d{4}\/\d{2})\b|\b(\d{4}\/\d{2}) (?:performance|inspection|PEEL)\b/.exec(
    text,
  );
  if (stated) {
    return stated[1] ?? stated[2];
  }
  const range = /\bPEEL:?\s+(\d{4}\s?[–-]\s?\d{2,4})\b/.exec(text);
  if (range) {
    return range[1].replace(/\s/g, '');
  }
  const peel = /\bPEEL (\d{4})\b/.exec(text);
  if (peel) {
    const year = Number(peel[1]);
    return year >= 2018 ? `${year}/${String((year + 1) % 100).padStart(2, '0')}` : peel[1];
  }
  const inspection =
    /\bour\s+(\d{4})\s+(?:Legitimacy|Effectiveness|Efficiency|PEEL|integrity|vetting)\s+inspection\b/i.exec(text);
  if (inspection) {
    return inspection[1];
  }
  if (published) {
    const [year, month] = published.split('-').map(Number);
    const start = month >= 4 ? year : year - 1;
    return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
  }
  return null;
}

/** HMICFRS or HMIC, by name (URLs count), else by the period: HMIC became HMICFRS in July 2017. */
export function findInspectorate(raw: string, period: string | null): Inspectorate | null {
  if (/\bHMICFRS\b|\bhmicfrs\b|Fire (?:&|and) Rescue Services\b/.test(raw)) {
    return 'HMICFRS';
  }
  if (/\bHMIC\b|Her Majesty[’']s Inspectorate of Constabulary\b/.test(raw)) {
    return 'HMIC';
  }
  const year = period ? Number(period.slice(0, 4)) : NaN;
  if (Number.isNaN(year)) {
    return null;
  }
  return year >= 2017 ? 'HMICFRS' : 'HMIC';
}

/** The kind of document, from the words that mark each kind. */
export function findType(raw: string, force: string | null): ReportType | null {
  if (
    /\bpublished today\b|\bpress release\b/i.test(raw) ||
    /\bHM Inspector of Constabulary [^\n]{0,40}\bsaid:/i.test(raw)
  ) {
    return 'press_release';
  }
  if (/\bintegrity (?:inspection|arrangements)\b/i.test(raw)) {
    return 'integrity_inspection';
  }
  if (/\bintegrated PEEL assessment\b/i.test(raw)) {
    return 'integrated_peel_assessment';
  }
  if (
    /\bDetailed findings for question\b|\bQuestions for (?:Effectiveness|Efficiency|Legitimacy)\b|^\s*Last updated\b/im.test(
      raw,
    )
  ) {
    return 'web_summary';
  }
  if (force === null && /\ball forces\b|\bnational (?:report|overview)\b/i.test(raw)) {
    return 'national_thematic';
  }
  if (/\bPEEL\b/.test(raw) && /\bLegitimacy\b/.test(raw)) {
    return 'peel_legitimacy';
  }
  return null;
}

/** The title: the opening heading (combined with a pillar or question after "X PEEL 2016"), or one built for an IPA. */
export function findTitle(
  blocks: readonly Block[],
  type: ReportType | null,
  period: string | null,
  force: string | null,
): string | null {
  const opening = blocks.filter((block) => block.kind !== 'table').slice(0, 6);
  const start = opening.findIndex((block) => !NOT_A_TITLE.test(block.text));
  const first = opening[start];
  const next = opening[start + 1];
  if (first) {
    const peel = /^(.+?) PEEL (\d{4}(?:\/\d{2})?)$/.exec(first.text);
    if (peel && next && PILLARS.test(next.text)) {
      return `PEEL ${peel[2]}: ${next.text} – ${force ?? peel[1]}`;
    }
    if (peel && next?.kind === 'heading') {
      return `${first.text}: ${next.text}`;
    }
    const titleShaped = first.text.length <= 200 && !/[.:;]$/.test(first.text);
    if (titleShaped && (first.kind === 'heading' || start === 0)) {
      return first.text;
    }
  }
  if (type === 'integrated_peel_assessment' && period && force) {
    return `PEEL: Police effectiveness, efficiency and legitimacy ${period} – ${force}`;
  }
  return null;
}

/** Everything the report says about itself. */
export function extractMetadata(raw: string, blocks: readonly Block[]): ProposedReport {
  const published = findPublished(raw);
  const force = findForce(raw);
  const period = findPeriod(raw, published);
  const type = findType(raw, force);
  return {
    title: findTitle(blocks, type, period, force),
    force,
    inspectorate: findInspectorate(raw, period),
    type,
    period,
    published,
  };
}
