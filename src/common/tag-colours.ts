/**
 * The colour of each GOV.UK tag, by vocabulary and code: presentation, decided for the pages only. The services
 * and the JSON API give codes and labels; a template asks `{{tagClass 'finding_status' status}}`.
 */
export const TAG_COLOURS = {
  finding_status: {
    not_started: 'govuk-tag--grey',
    in_progress: 'govuk-tag--blue',
    implemented: 'govuk-tag--yellow',
    verified_closed: 'govuk-tag--green',
    superseded: 'govuk-tag--purple',
  },
  implementation: {
    open: 'govuk-tag--red',
    awaiting_verification: 'govuk-tag--yellow',
    implemented: 'govuk-tag--green',
    superseded: 'govuk-tag--purple',
  },
  rag: { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' },
  verdict: {
    implemented: 'govuk-tag--green',
    partially_implemented: 'govuk-tag--orange',
    not_implemented: 'govuk-tag--red',
    superseded: 'govuk-tag--purple',
  },
  action_status: { not_started: 'govuk-tag--grey', in_progress: 'govuk-tag--blue', done: 'govuk-tag--green' },
  evidence_review: { submitted: 'govuk-tag--blue', accepted: 'govuk-tag--green', rejected: 'govuk-tag--red' },
  grade: {
    outstanding: 'govuk-tag--green',
    good: 'govuk-tag--turquoise',
    adequate: 'govuk-tag--yellow',
    requires_improvement: 'govuk-tag--orange',
    inadequate: 'govuk-tag--red',
    ungraded: 'govuk-tag--grey',
  },
} as const satisfies Record<string, Record<string, string>>;

export type TagVocabulary = keyof typeof TAG_COLOURS;

/** The tag class for a code (grey for a code the vocabulary does not know, so a page never breaks). */
export function tagClass(vocabulary: TagVocabulary, code: string | null | undefined): string {
  const colours: Record<string, string> = TAG_COLOURS[vocabulary];
  return (code && colours[code]) || 'govuk-tag--grey';
}
