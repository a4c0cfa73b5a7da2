import { checkDefaultData } from './check-default-data';
import { readDefaultData } from './default-data.service';
import type { DefaultData } from './default-data.types';

describe('the shipped default data (Derbyshire 2016–2025)', () => {
  const data = readDefaultData();

  it('passes every check', () => {
    expect(checkDefaultData(data)).toEqual([]);
  });

  it('carries the Open Government Licence attribution', () => {
    expect(data.attribution).toContain('Open Government Licence v3.0');
  });

  it('holds all five documents, with the two 2018/19 documents as one inspection', () => {
    const files = data.reports.map((report) => report.sourceFile).filter(Boolean);
    expect(files).toHaveLength(5);
    const inspection = (file: string) => data.reports.find((report) => report.sourceFile === file)!.inspectionKey;
    expect(inspection('2018-19-peel-legitimacy-web-summary-derbyshire.txt')).toBe(
      inspection('2018-19-integrated-peel-assessment-derbyshire.txt'),
    );
    expect(inspection('2016-peel-legitimacy-press-release-derbyshire.txt')).toBe(
      inspection('2016-peel-legitimacy-derbyshire.txt'),
    );
  });

  it('keeps observations apart from areas for improvement', () => {
    for (const finding of data.findings.filter((item) => item.kind === 'area_for_improvement')) {
      expect(finding.reference).toMatch(/-AFI-\d\d$/);
    }
    for (const finding of data.findings.filter((item) => item.kind === 'observation')) {
      expect(finding.reference).toMatch(/-OBS-\d\d$/);
    }
  });

  it('marks every derived owner and status as example data', () => {
    expect(data.findings.every((finding) => finding.exampleData)).toBe(true);
  });
});

describe('checkDefaultData', () => {
  const minimal = (): DefaultData => ({
    attribution: 'OGL',
    forces: [{ code: 'DER', name: 'Derbyshire Constabulary', monitoringStage: 'scan', monitoringStageSince: null }],
    reports: [
      {
        key: 'r1',
        inspectionKey: 'i1',
        title: 'R',
        inspectorate: 'HMICFRS',
        type: 'integrity_inspection',
        forceCode: 'DER',
        period: '2024/25',
        publishedOn: '2025-01-22',
        sourceFile: null,
        sourceUrl: null,
        order: 1,
      },
    ],
    judgments: [
      { reportKey: 'r1', pillar: null, area: 'Vetting', grade: 'adequate', lastInspected: null, position: 1 },
    ],
    findings: [
      {
        reference: 'DER-2025-AFI-01',
        kind: 'area_for_improvement',
        title: 'T',
        text: 'Text',
        subPoints: [],
        parentReference: null,
        forceCode: 'DER',
        theme: 'vetting',
        sources: [{ reportKey: 'r1', section: null, role: 'origin', position: 1 }],
        owner: null,
        actionOwners: [],
        status: 'in_progress',
        targetDate: null,
        rag: null,
        exampleData: true,
        actions: [],
      },
    ],
    assessments: [],
    links: [],
  });

  it('accepts a sound file', () => {
    expect(checkDefaultData(minimal())).toEqual([]);
  });

  it('names unknown values, dangling references and duplicates', () => {
    const data = minimal();
    data.judgments[0].grade = 'brilliant' as never;
    data.findings.push({ ...data.findings[0], status: 'done' as never });
    data.links.push({ fromReference: 'DER-2025-AFI-01', toReference: 'NAT-2022-REC-09', type: 'cites', reason: null });
    data.assessments.push({
      findingReference: 'DER-2025-AFI-01',
      reportKey: 'r9',
      verdict: 'implemented',
      quote: 'q',
      assessedOn: '22/01/2025',
    });
    const problems = checkDefaultData(data);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"brilliant" is not one of'),
        'finding DER-2025-AFI-01: duplicate reference',
        expect.stringContaining('"done" is not one of'),
        'link DER-2025-AFI-01 → NAT-2022-REC-09: unknown finding NAT-2022-REC-09',
        'assessment of DER-2025-AFI-01: unknown report r9',
        'assessment of DER-2025-AFI-01 assessedOn: "22/01/2025" is not a YYYY-MM-DD date',
      ]),
    );
  });

  it('requires exactly one origin per finding', () => {
    const data = minimal();
    data.findings[0].sources[0].role = 'cited_by';
    expect(checkDefaultData(data)).toContain('finding DER-2025-AFI-01: needs exactly one origin source');
  });

  it('requires the force the tracker files each finding under: its origin report’s, none for a national recommendation', () => {
    const data = minimal();
    data.findings[0].forceCode = null;
    data.findings.push({
      ...data.findings[0],
      reference: 'NAT-2022-REC-01',
      kind: 'national_recommendation',
      forceCode: 'DER',
    });
    expect(checkDefaultData(data)).toEqual([
      'finding DER-2025-AFI-01: force none should be DER (its origin report’s)',
      'finding NAT-2022-REC-01: force DER should be none (a national recommendation has none)',
    ]);
  });
});
