/**
 * SQL: the organisation (alias `force`) has findings of its own, not only its records of national recommendations
 * (which every police force holds): the forces a page offers first when none is chosen.
 */
export const HAS_OWN_FINDINGS =
  'EXISTS (SELECT 1 FROM findings f WHERE f.force_id = force.id AND f.national_finding_id IS NULL)';
