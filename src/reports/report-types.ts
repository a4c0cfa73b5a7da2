export const INSPECTORATES = ['HMIC', 'HMICFRS'] as const;
export type Inspectorate = (typeof INSPECTORATES)[number];

export const REPORT_TYPES = {
  peel_legitimacy: 'PEEL legitimacy',
  integrated_peel_assessment: 'Integrated PEEL assessment',
  integrity_inspection: 'Integrity inspection',
  national_thematic: 'National thematic report',
  press_release: 'Press release',
  web_summary: 'Web summary',
  force_tracker: 'Force tracker',
} as const;
export type ReportType = keyof typeof REPORT_TYPES;

export const GRADES = {
  outstanding: 'Outstanding',
  good: 'Good',
  adequate: 'Adequate',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
  ungraded: 'Ungraded',
} as const;
export type Grade = keyof typeof GRADES;

export const PILLARS = ['effectiveness', 'efficiency', 'legitimacy'] as const;
export type Pillar = (typeof PILLARS)[number];
