import { ACTION_STATUS_VALUES } from '../findings/action-status';
import { ASSESSMENT_VERDICTS, FINDING_STATUS_VALUES, RAG_VALUES } from '../findings/finding-status';
import { IMPLEMENTATION_STATES } from '../findings/implementation-state';
import { EVIDENCE_REVIEW_STATES } from '../evidence/evidence.entity';
import { GRADES } from '../reports/report-types';
import { TAG_COLOURS, tagClass } from './tag-colours';

describe('tag colours', () => {
  it('has a colour for every code of every vocabulary the pages show as a tag', () => {
    const codes: Record<keyof typeof TAG_COLOURS, readonly string[]> = {
      finding_status: FINDING_STATUS_VALUES,
      implementation: Object.keys(IMPLEMENTATION_STATES),
      rag: RAG_VALUES,
      verdict: Object.keys(ASSESSMENT_VERDICTS),
      action_status: ACTION_STATUS_VALUES,
      evidence_review: Object.keys(EVIDENCE_REVIEW_STATES),
      grade: Object.keys(GRADES),
    };
    for (const [vocabulary, list] of Object.entries(codes)) {
      expect(Object.keys(TAG_COLOURS[vocabulary as keyof typeof TAG_COLOURS]).sort()).toEqual([...list].sort());
    }
  });

  it('gives the class for a code, and grey for an unknown or missing one', () => {
    expect(tagClass('finding_status', 'verified_closed')).toBe('govuk-tag--green');
    expect(tagClass('rag', 'amber')).toBe('govuk-tag--orange');
    expect(tagClass('verdict', 'not_a_verdict')).toBe('govuk-tag--grey');
    expect(tagClass('grade', null)).toBe('govuk-tag--grey');
  });
});
