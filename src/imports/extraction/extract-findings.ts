/**
 * Walks a report's blocks and collects its findings and assessments:
 * - areas for improvement in both shapes: "Areas for improvement" + bullets (one finding a bullet), and
 *   "Area for improvement" + heading sentence + lead-in ("should make sure that:" + sub-points);
 * - causes of concern with the recommendations under them, and other recommendations;
 * - citations of national (and earlier) recommendations;
 * - observations: narrative requests outside any box (never mixed with areas for improvement);
 * - assessments: what the report says became of an earlier recommendation or cause of concern;
 * - findings listed after a lead-in sentence in letters and minutes (list-lead-ins.ts), and findings
 *   quoted under their label in board papers and trackers, with the status they give (labelled-findings.ts);
 * - the reasons a force or service is in the Engage phase of enhanced monitoring: its causes of concern.
 * Each finding gets its section: the area heading, or "Area — subheading".
 */
import type { FindingKind } from '../../findings/finding-kind';
import type { ProposedAssessment, ProposedFinding } from './import-types';
import type { Block } from './normalise-text';
import { continuesVerdict, findCitation, findVerdict, namedConcern, namedEarlierFinding } from './citations';
import { findDirective, isDirective, observationSpans } from './directives';
import { readLabelledFinding, STATUS_HEADER } from './labelled-findings';
import type { ListLeadIn } from './list-lead-ins';
import { announcesRecommendations, findListLeadIn, listItemsAfter } from './list-lead-ins';
import { isFinished } from './normalise-text';
import type { Sentence } from './text-utils';
import { normaliseForMatch, parseGrade, sentenceSpan, splitSentences, stems } from './text-utils';

/** What the walker found. */
export interface ExtractedFindings {
  findings: ProposedFinding[];
  assessments: ProposedAssessment[];
}

type BoxKind = 'area_for_improvement' | 'cause_of_concern' | 'recommendation';

const BOX_HEADINGS: ReadonlyArray<[RegExp, BoxKind]> = [
  [/^areas? for improvement(?:\s+\d+)?:?$/i, 'area_for_improvement'],
  [/^causes? of concern(?:\s+\d+)?:?$/i, 'cause_of_concern'],
  [/^recommendations?(?:\s+\d+)?:?$/i, 'recommendation'],
];

/** A heading over the reasons a force or service is in Engage: those reasons are its causes of concern. */
const REASONS_HEADING = /^reasons?\b/iu;

/** The document speaks of the Engage phase of the inspectorate's enhanced monitoring. */
const ENGAGE = /\b(?:entered|into|in|to|the|of) Engage\b|\benhanced monitoring\b/u;

/** A paragraph saying a judgment was carried over: the area it closes has no detailed findings. */
const CARRIED_OVER = /\bnot subject to detailed inspection\b|\bhas been carried over\b/i;

/** The walker's state: where in the report it is and what it has found so far. */
interface Walk {
  blocks: readonly Block[];
  judgmentAreas: ReadonlySet<string>;
  findings: ProposedFinding[];
  assessments: ProposedAssessment[];
  area: string | null;
  sub: string | null;
  /** Index of the block that set `sub`. */
  subIndex: number;
  /** True after an area whose judgment was carried over: the next heading starts a new area. */
  areaClosed: boolean;
  /** Index in `findings` of the latest cited recommendation. */
  lastCitation: number | null;
  /** Sentences of a block already quoted by an assessment that ran on into it. */
  carried: { block: number; sentences: number } | null;
  /** Indexes in `findings` of the causes of concern found so far, in order. */
  concerns: number[];
  /** Causes of concern that recommendations have already been given to. */
  concernsWithRecommendations: Set<number>;
  /** The cause of concern the text is discussing ("this cause of concern"), if known. */
  currentConcern: number | null;
  /** True once the document said it "made the following recommendations": a lead-in's items are each one. */
  recommendationsAnnounced: boolean;
  /** True when the document speaks of the Engage phase of enhanced monitoring. */
  engage: boolean;
  /** The block index at which a flattened status table's next row would be, or -1 outside such a table. */
  tableRowAt: number;
}

/** Options for reading a paragraph or list. */
interface ReadOptions {
  section: string | null;
  /** Inside an area-for-improvement, cause-of-concern or recommendations box: no observations. */
  inBox: boolean;
  /** The paragraph's last sentence introduces a list of findings read separately: skip it and the bullets. */
  leadIn?: boolean;
}

/** The box a heading opens, if any. */
function boxKind(text: string): BoxKind | null {
  return BOX_HEADINGS.find(([pattern]) => pattern.test(text.trim()))?.[1] ?? null;
}

/** The current section: "Area — subheading", the area, or the latest heading. */
function currentSection(walk: Walk): string | null {
  if (walk.area && walk.sub) {
    return `${walk.area} — ${walk.sub}`;
  }
  return walk.area ?? walk.sub;
}

/** A box's section: the area, plus the subheading when the box sits directly under it. */
function boxSection(walk: Walk, boxIndex: number): string | null {
  if (walk.area && walk.sub && walk.subIndex === boxIndex - 1) {
    return `${walk.area} — ${walk.sub}`;
  }
  return walk.area ?? walk.sub;
}

/** Adds a finding and returns its index. */
function addFinding(
  walk: Walk,
  kind: FindingKind,
  text: string,
  subPoints: string[],
  section: string | null,
  parentIndex: number | null = null,
  statedStatus: string | null = null,
): number {
  const finding: ProposedFinding = { kind, text, subPoints, section, parentIndex };
  if (statedStatus !== null) {
    finding.statedStatus = statedStatus;
  }
  walk.findings.push(finding);
  const index = walk.findings.length - 1;
  if (kind === 'cause_of_concern') {
    walk.concerns.push(index);
    walk.currentConcern = index;
  }
  return index;
}

/**
 * True when a heading starts a new area rather than a subsection: it is followed by a grade line, it
 * names a graded area (from the judgment table, or a question graded in the text), or the area before
 * it was only a carried-over judgment.
 */
function isAreaHeading(walk: Walk, index: number): boolean {
  const text = walk.blocks[index].text;
  const next = walk.blocks[index + 1];
  if (next?.kind === 'heading' && parseGrade(next.text) !== null) {
    return true;
  }
  if (walk.areaClosed) {
    return true;
  }
  const key = normaliseForMatch(text);
  return walk.judgmentAreas.has(key) && key !== normaliseForMatch(walk.area ?? '');
}

/** Moves the walker into a new area or subsection. */
function enterHeading(walk: Walk, index: number): void {
  if (isAreaHeading(walk, index)) {
    walk.area = walk.blocks[index].text;
    walk.sub = null;
    walk.subIndex = -1;
    walk.areaClosed = false;
  } else {
    walk.sub = walk.blocks[index].text;
    walk.subIndex = index;
  }
}

/** Indexes of the bullet blocks that directly follow block `index`. */
function bulletsAfter(blocks: readonly Block[], index: number): number[] {
  const indexes: number[] = [];
  for (let j = index + 1; j < blocks.length && blocks[j].kind === 'bullet'; j++) {
    indexes.push(j);
  }
  return indexes;
}

/** Records an assessment for the verdict in sentence `k` of a paragraph, quoting it verbatim. */
function addAssessment(
  walk: Walk,
  index: number,
  text: string,
  sentences: readonly Sentence[],
  k: number,
  citationAt: ReadonlyMap<number, number>,
): Set<number> {
  const match = findVerdict(sentences[k].text);
  const used = new Set<number>();
  if (!match) {
    return used;
  }
  let from = k;
  let refersTo: string | null;
  const own = citationAt.get(k);
  const previous = citationAt.get(k - 1);
  const concern = concernJudged(walk, sentences[k].text, match.pointsBack);
  if (own !== undefined) {
    refersTo = walk.findings[own].text;
  } else if (concern !== null) {
    refersTo = concern;
  } else if (match.pointsBack && previous !== undefined) {
    from = k - 1;
    refersTo = walk.findings[previous].text;
  } else if (match.pointsBack && walk.lastCitation !== null) {
    refersTo = walk.findings[walk.lastCitation].text;
  } else {
    refersTo = namedEarlierFinding(sentences[k].text);
  }
  let to = k;
  while (to + 1 < sentences.length && continuesVerdict(sentences[to + 1].text)) {
    to++;
  }
  let quote = sentenceSpan(text, sentences, from, to);
  if (to === sentences.length - 1) {
    quote += carryIntoNextParagraph(walk, index);
  }
  walk.assessments.push({ verdict: match.verdict, quote, refersTo });
  for (let s = from; s <= to; s++) {
    used.add(s);
  }
  return used;
}

/**
 * The cause of concern a verdict judges: "this cause of concern" is the one under discussion; "the force's
 * cause of concern regarding …" is the listed one whose words it shares, else the words that name it.
 */
function concernJudged(walk: Walk, sentence: string, pointsBack: boolean): string | null {
  if (pointsBack && /\bthis cause of concern\b/iu.test(sentence) && walk.currentConcern !== null) {
    return walk.findings[walk.currentConcern].text;
  }
  const named = namedConcern(sentence);
  if (named === null) {
    return null;
  }
  const best = closestConcern(walk, named);
  return best === null ? named : walk.findings[best].text;
}

/** The listed cause of concern sharing most content words with `text` (at least two), else null. */
function closestConcern(walk: Walk, text: string): number | null {
  const words = stems(text);
  let best: number | null = null;
  let bestShared = 1;
  for (const index of walk.concerns) {
    const shared = [...stems(walk.findings[index].text)].filter((stem) => words.has(stem)).length;
    if (shared > bestShared) {
      best = index;
      bestShared = shared;
    }
  }
  return best;
}

/** A verdict's explanation that runs on into the next paragraph ("Furthermore, …"): its text, with a leading space. */
function carryIntoNextParagraph(walk: Walk, index: number): string {
  const next = walk.blocks[index + 1];
  if (!next || next.kind !== 'paragraph') {
    return '';
  }
  const sentences = splitSentences(next.text);
  let count = 0;
  while (count < sentences.length && continuesVerdict(sentences[count].text)) {
    count++;
  }
  if (count === 0) {
    return '';
  }
  walk.carried = { block: index + 1, sentences: count };
  return ` ${sentenceSpan(next.text, sentences, 0, count - 1)}`;
}

/**
 * Reads one paragraph: citations, verdicts and (outside boxes) observations. A citation or observation
 * ending "…should:" takes the bullets after it as sub-points. Returns the index of the next block.
 */
function readParagraph(walk: Walk, index: number, options: ReadOptions): number {
  const text = walk.blocks[index].text;
  const sentences = splitSentences(text);
  const bullets = options.leadIn ? [] : bulletsAfter(walk.blocks, index);
  const bulletTexts = bullets.map((b) => walk.blocks[b].text);
  const used = new Set<number>(options.leadIn ? [sentences.length - 1] : []);
  walk.recommendationsAnnounced ||= announcesRecommendations(text);
  if (walk.carried?.block === index) {
    for (let s = 0; s < walk.carried.sentences; s++) {
      used.add(s);
    }
    walk.carried = null;
  }
  const citationAt = new Map<number, number>();
  let bulletsTaken = false;
  for (let k = 0; k < sentences.length; k++) {
    if (used.has(k)) {
      continue;
    }
    const citation = findCitation(text, sentences, k);
    if (citation) {
      const takes = citation.takesBullets && k === sentences.length - 1 && bullets.length > 0;
      bulletsTaken ||= takes;
      const found = addFinding(walk, citation.kind, citation.text, takes ? bulletTexts : [], options.section);
      citationAt.set(k, found);
      walk.lastCitation = found;
      used.add(k);
    }
    addAssessment(walk, index, text, sentences, k, citationAt).forEach((s) => used.add(s));
  }
  if (!options.inBox) {
    for (const span of observationSpans(sentences, used)) {
      const takes =
        span.to === sentences.length - 1 &&
        sentences[span.to].text.endsWith(':') &&
        !bulletsTaken &&
        bullets.length > 0;
      bulletsTaken ||= takes;
      addFinding(
        walk,
        'observation',
        sentenceSpan(text, sentences, span.from, span.to),
        takes ? bulletTexts : [],
        options.section,
      );
    }
  }
  return bulletsTaken ? bullets[bullets.length - 1] + 1 : index + 1;
}

/**
 * Reads a list of bullets that no paragraph claimed: verdicts and citations in the items, and (outside
 * boxes) a request in an item makes the list an observation: its lead-in with the items as sub-points.
 */
function readList(walk: Walk, index: number, options: ReadOptions): number {
  const items = [index, ...bulletsAfter(walk.blocks, index)];
  let request = false;
  for (const item of items) {
    const text = walk.blocks[item].text;
    const sentences = splitSentences(text);
    const citationAt = new Map<number, number>();
    sentences.forEach((_, k) => {
      const citation = findCitation(text, sentences, k);
      if (citation) {
        const found = addFinding(walk, citation.kind, citation.text, [], options.section);
        citationAt.set(k, found);
        walk.lastCitation = found;
      }
      addAssessment(walk, item, text, sentences, k, citationAt);
      request ||= !citationAt.has(k) && isDirective(sentences[k].text);
    });
  }
  if (request && !options.inBox) {
    const before = walk.blocks[index - 1];
    const leadSentences = before?.kind === 'paragraph' ? splitSentences(before.text) : [];
    const lead = leadSentences[leadSentences.length - 1]?.text ?? '';
    const texts = items.map((item) => walk.blocks[item].text);
    if (lead.endsWith(':')) {
      addFinding(walk, 'observation', lead, texts, options.section);
    } else {
      texts
        .filter((text) => splitSentences(text).some((s) => isDirective(s.text)))
        .forEach((text) => addFinding(walk, 'observation', text, [], options.section));
    }
  }
  return items[items.length - 1] + 1;
}

/** The index after a box: the next heading (or end), reading the box's paragraphs for citations and verdicts. */
function readBoxBody(walk: Walk, start: number, section: string | null): number {
  let j = start;
  while (j < walk.blocks.length && walk.blocks[j].kind !== 'heading' && walk.blocks[j].kind !== 'table') {
    j =
      walk.blocks[j].kind === 'bullet'
        ? readList(walk, j, { section, inBox: true })
        : readParagraph(walk, j, { section, inBox: true });
  }
  return j;
}

/** The first paragraph in [start, end) that asks something of the force, else the first paragraph. */
function leadInParagraph(blocks: readonly Block[], start: number, end: number): number | null {
  let first: number | null = null;
  for (let j = start; j < end; j++) {
    if (blocks[j].kind !== 'paragraph') {
      continue;
    }
    first ??= j;
    if (splitSentences(blocks[j].text).some((sentence) => findDirective(sentence.text) !== null)) {
      return j;
    }
  }
  return first;
}

/** Where a structured box's body ends: the next heading or table. */
function boxEnd(blocks: readonly Block[], start: number): number {
  let j = start;
  while (j < blocks.length && blocks[j].kind !== 'heading' && blocks[j].kind !== 'table') {
    j++;
  }
  return j;
}

/**
 * Reads a structured box (an area for improvement or cause of concern not made of bullets): its
 * heading sentence, "\n", and its lead-in, with the bullets after a lead-in ending ":" as sub-points.
 * Returns the finding's index and where its body starts and ends.
 */
function readStructured(
  walk: Walk,
  index: number,
  kind: FindingKind,
  section: string | null,
): { found: number | null; end: number } {
  const blocks = walk.blocks;
  const first = blocks[index + 1];
  if (!first || boxKind(first.text) !== null) {
    return { found: null, end: index + 1 };
  }
  const firstIsLead = first.kind === 'paragraph' && isFinished(first.text) && isDirective(first.text);
  const bodyStart = firstIsLead ? index + 1 : index + 2;
  const end = boxEnd(blocks, bodyStart);
  const lead = leadInParagraph(blocks, bodyStart, end);
  const heading = firstIsLead ? null : first.text;
  const leadText = lead === null ? null : blocks[lead].text;
  const subPoints =
    lead !== null && leadText?.endsWith(':') ? bulletsAfter(blocks, lead).map((b) => blocks[b].text) : [];
  const text = [heading, leadText].filter((part): part is string => part !== null).join('\n');
  return { found: addFinding(walk, kind, text, subPoints, section), end: bodyStart };
}

/**
 * The paragraphs directly after a plural "Areas for improvement" heading that each open with a request
 * ("The service should ensure …" on one line, the next "The service should make sure …"): web pages
 * give each area for improvement as its own paragraph without bullets. Empty unless there are two.
 */
function requestParagraphsAfter(walk: Walk, index: number): number[] {
  if (!/^areas\b/iu.test(walk.blocks[index].text)) {
    return [];
  }
  const found: number[] = [];
  for (let j = index + 1; j < walk.blocks.length && walk.blocks[j].kind === 'paragraph'; j++) {
    if (findDirective(walk.blocks[j].text)?.index !== 0 || walk.blocks[j].text.endsWith(':')) {
      break;
    }
    found.push(j);
  }
  return found.length >= 2 ? found : [];
}

/**
 * Reads an "Areas for improvement" box: bullets (one finding each), request paragraphs (one each) or a
 * structured box.
 */
function readImprovementBox(walk: Walk, index: number): number {
  const section = boxSection(walk, index);
  const bullets = bulletsAfter(walk.blocks, index);
  const items = bullets.length > 0 ? bullets : requestParagraphsAfter(walk, index);
  if (items.length > 0) {
    items.forEach((item) => addFinding(walk, 'area_for_improvement', walk.blocks[item].text, [], section));
    return items[items.length - 1] + 1;
  }
  const { end } = readStructured(walk, index, 'area_for_improvement', section);
  return readBoxBody(walk, end, section);
}

/** Reads a "Cause of concern" box and the recommendations under it. */
function readConcernBox(walk: Walk, index: number): number {
  const section = boxSection(walk, index);
  const items = bulletsAfter(walk.blocks, index);
  if (items.length > 0) {
    items.forEach((item) => addFinding(walk, 'cause_of_concern', walk.blocks[item].text, [], section));
    return items[items.length - 1] + 1;
  }
  const { found, end } = readStructured(walk, index, 'cause_of_concern', section);
  let j = readBoxBody(walk, end, section);
  while (j < walk.blocks.length && boxKind(walk.blocks[j].text) === 'recommendation') {
    j = readRecommendations(walk, j, found, section);
  }
  return j;
}

/** The kind of a recommendation made in this report: national when addressed to all forces. */
function recommendationKind(text: string): FindingKind {
  return /\ball forces\b|\bevery force\b|\bforces should\b|\bchief constables\b/i.test(text)
    ? 'national_recommendation'
    : 'recommendation';
}

/**
 * Reads a "Recommendations" box: a lead-in ending ":" with its bullets is one recommendation; bullets
 * with no lead-in are one each; other paragraphs that ask for action are one each.
 */
function readRecommendations(
  walk: Walk,
  index: number,
  parent: number | null,
  parentSection: string | null = null,
): number {
  const blocks = walk.blocks;
  const section = parentSection ?? boxSection(walk, index);
  let j = index + 1;
  while (j < blocks.length && blocks[j].kind !== 'heading' && blocks[j].kind !== 'table') {
    const block = blocks[j];
    const items = bulletsAfter(blocks, j);
    if (block.kind === 'bullet') {
      const list = [j, ...items];
      list.forEach((item) =>
        addFinding(walk, recommendationKind(blocks[item].text), blocks[item].text, [], section, parent),
      );
      j = list[list.length - 1] + 1;
      continue;
    }
    if (block.text.endsWith(':') && items.length > 0 && walk.recommendationsAnnounced) {
      items.forEach((item) =>
        addFinding(walk, recommendationKind(blocks[item].text), blocks[item].text, [], section, parent),
      );
      j = items[items.length - 1] + 1;
      continue;
    }
    if (block.text.endsWith(':') && items.length > 0) {
      addFinding(
        walk,
        recommendationKind(block.text),
        block.text,
        items.map((item) => blocks[item].text),
        section,
        parent,
      );
      j = items[items.length - 1] + 1;
      continue;
    }
    if (isDirective(block.text) || /\brecommend\b/i.test(block.text)) {
      addFinding(walk, recommendationKind(block.text), block.text, [], section, parent);
    }
    j++;
  }
  return j;
}

/** Drops observations that repeat another observation or restate a formal finding, keeping indexes right. */
export function dropRepeatedObservations(findings: readonly ProposedFinding[]): ProposedFinding[] {
  const keys = findings.map((finding) => normaliseForMatch([finding.text, ...finding.subPoints].join(' ')));
  const formal = findings.map((finding, i) => (finding.kind === 'observation' ? '' : keys[i]));
  const drop = findings.map((finding, i) => {
    if (finding.kind !== 'observation') {
      return false;
    }
    const inFormal = formal.some((text) => text !== '' && text.includes(normaliseForMatch(finding.text)));
    const repeated = keys.some(
      (other, j) =>
        j !== i && findings[j].kind === 'observation' && other.includes(keys[i]) && (other !== keys[i] || j < i),
    );
    return inFormal || repeated;
  });
  const newIndex: number[] = [];
  let next = 0;
  drop.forEach((dropped, i) => {
    newIndex[i] = dropped ? -1 : next++;
  });
  return findings
    .filter((_, i) => !drop[i])
    .map((finding) => ({
      ...finding,
      parentIndex:
        finding.parentIndex === null ? null : newIndex[finding.parentIndex] >= 0 ? newIndex[finding.parentIndex] : null,
    }));
}

/**
 * Collects findings and assessments from a report's blocks.
 * `judgmentAreas` are the graded areas, to recognise area headings.
 */
export function extractFindings(blocks: readonly Block[], judgmentAreas: readonly string[] = []): ExtractedFindings {
  const walk: Walk = {
    blocks,
    judgmentAreas: new Set(judgmentAreas.map(normaliseForMatch)),
    findings: [],
    assessments: [],
    area: null,
    sub: null,
    subIndex: -1,
    areaClosed: false,
    lastCitation: null,
    carried: null,
    concerns: [],
    concernsWithRecommendations: new Set(),
    currentConcern: null,
    recommendationsAnnounced: false,
    engage: blocks.some((block) => ENGAGE.test(block.text)),
    tableRowAt: -1,
  };
  let i = 0;
  while (i < blocks.length) {
    const block = blocks[i];
    const list = findListLeadIn(blocks, i);
    if (block.kind === 'table') {
      i++;
    } else if (readLabelled(walk, i)) {
      i++;
    } else if (block.kind === 'heading') {
      i = readHeading(walk, i);
    } else if (list) {
      i = readLeadInList(walk, i, list);
    } else if (block.kind === 'paragraph') {
      walk.areaClosed ||= CARRIED_OVER.test(block.text);
      i = readParagraph(walk, i, { section: currentSection(walk), inBox: false });
    } else {
      i = readList(walk, i, { section: currentSection(walk), inBox: false });
    }
  }
  return { findings: dropRepeatedObservations(walk.findings), assessments: walk.assessments };
}

/**
 * Reads a finding quoted under its label ("AFI 1 - …") and notes a status table's header row, so that the
 * rows after it have their status split off. True when block `index` was such a finding.
 */
function readLabelled(walk: Walk, index: number): boolean {
  const block = walk.blocks[index];
  const inTable = walk.tableRowAt === index;
  const found = readLabelledFinding(block.text, inTable);
  if (!found) {
    const header = block.kind !== 'bullet' && !isFinished(block.text) && block.text.split(/\s+/u).length <= 12;
    walk.tableRowAt = header && STATUS_HEADER.test(block.text) ? index + 1 : -1;
    return false;
  }
  walk.tableRowAt = inTable ? index + 1 : -1;
  const parent = found.kind === 'recommendation' ? walk.currentConcern : null;
  addFinding(walk, found.kind, found.text, [], currentSection(walk), parent, found.statedStatus);
  return true;
}

/**
 * Reads a list of findings introduced by a lead-in sentence (list-lead-ins.ts): the lead-in paragraph's
 * other sentences as usual, then one finding an item. Recommendations go to the cause of concern they
 * follow. Returns the index after the list.
 */
function readLeadInList(walk: Walk, index: number, list: ListLeadIn): number {
  const section = currentSection(walk);
  readParagraph(walk, index, { section, inBox: false, leadIn: true });
  const parent = list.kind === 'recommendation' ? concernOfRecommendations(walk, index) : null;
  for (const item of list.items) {
    const text = walk.blocks[item].text;
    const sentences = splitSentences(text);
    const own = list.firstSentenceOnly && sentences.length > 0 ? sentences[0].text : text;
    addFinding(walk, list.kind, own, [], section, parent, list.statedStatus);
  }
  if (parent !== null) {
    walk.concernsWithRecommendations.add(parent);
    walk.currentConcern = parent;
  }
  return list.items[list.items.length - 1] + 1;
}

/**
 * The cause of concern that recommendations introduced at block `index` answer: the listed one sharing
 * most words with the passage since the last heading (the heading often restates it), else the first
 * that has no recommendations yet.
 */
function concernOfRecommendations(walk: Walk, index: number): number | null {
  if (walk.concerns.length === 0) {
    return null;
  }
  let start = index;
  while (start > 0 && walk.blocks[start].kind !== 'heading') {
    start--;
  }
  const passage = walk.blocks
    .slice(start, index + 1)
    .map((block) => block.text)
    .join(' ');
  return (
    closestConcern(walk, passage) ??
    walk.concerns.find((concern) => !walk.concernsWithRecommendations.has(concern)) ??
    walk.concerns[walk.concerns.length - 1]
  );
}

/** Reads the reasons a force or service is in Engage: each item one cause of concern. */
function readEngageReasons(walk: Walk, index: number): number {
  const items = listItemsAfter(walk.blocks, index);
  const section = walk.sub ?? walk.area;
  items.forEach((item) => addFinding(walk, 'cause_of_concern', walk.blocks[item].text, [], section));
  return items[items.length - 1] + 1;
}

/** Handles a heading: a grade line, a box, or a new area or subsection. Returns the next index. */
function readHeading(walk: Walk, index: number): number {
  const text = walk.blocks[index].text;
  if (parseGrade(text) !== null) {
    return index + 1;
  }
  if (walk.engage && REASONS_HEADING.test(text) && listItemsAfter(walk.blocks, index).length > 0) {
    return readEngageReasons(walk, index);
  }
  switch (boxKind(text)) {
    case 'area_for_improvement':
      return readImprovementBox(walk, index);
    case 'cause_of_concern':
      return readConcernBox(walk, index);
    case 'recommendation':
      return readRecommendations(walk, index, null);
    default:
      enterHeading(walk, index);
      return index + 1;
  }
}
