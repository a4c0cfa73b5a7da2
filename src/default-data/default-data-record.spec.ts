import type { NewFindingToRecord, SourceOfHeldFinding } from '../reports/report-record';
import { exampleStatusSince, recordOfDefaultData } from './default-data-record';
import { readDefaultData } from './default-data.service';
import type { DefaultData } from './default-data.types';

const AT = '2025-07-01T09:30:00.000Z';
const AUTHOR = 'Default data (test)';

const newFinding = (item: NewFindingToRecord | SourceOfHeldFinding): NewFindingToRecord['finding'] => {
  if (!('finding' in item)) {
    throw new Error('The default data records only new findings');
  }
  return item.finding;
};

describe('recordOfDefaultData', () => {
  const data = readDefaultData();
  const record = recordOfDefaultData(data, AUTHOR, AT);

  it('is a record of what was published (not imported), by the default data’s author', () => {
    expect(record).toMatchObject({ author: AUTHOR, at: AT, importedFrom: null });
  });

  it('records every report in its order, with its key, inspection and place', () => {
    expect(record.reports.map((report) => report.displayOrder)).toEqual(data.reports.map((_, index) => index + 1));
    expect(record.reports[6]).toEqual({
      key: 'der-2018-19-integrated-peel-assessment',
      inspectionKey: 'der-2018-19-peel',
      title: 'PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Derbyshire Constabulary',
      inspectorate: 'HMICFRS',
      type: 'integrated_peel_assessment',
      forceCode: 'DER',
      period: '2018/19',
      publishedOn: null,
      sourceFile: '2018-19-integrated-peel-assessment-derbyshire.txt',
      sourceUrl: null,
      displayOrder: 7,
    });
  });

  it('points judgments, sources and assessments at the reports by their place in the record', () => {
    const keyOf = (index: number) => record.reports[index].key;
    expect(record.judgments.map((judgment) => keyOf(judgment.report))).toEqual(
      data.judgments.map((judgment) => judgment.reportKey),
    );
    expect(record.assessments.map((assessment) => keyOf(assessment.report))).toEqual(
      data.assessments.map((assessment) => assessment.reportKey),
    );
    const finding = newFinding(record.items.find((item) => newFinding(item).reference === 'NAT-2016-REC-01')!);
    expect(finding.sources.map((source) => [keyOf(source.report), source.role])).toEqual([
      ['nat-2016-peel-legitimacy', 'origin'],
      ['der-2016-peel-legitimacy', 'cited_by'],
      ['der-2018-19-integrated-peel-assessment', 'cited_by'],
    ]);
  });

  it('keeps each finding’s reference, work and example status, in the file’s order', () => {
    expect(record.items.map((item) => newFinding(item).reference)).toEqual(
      data.findings.map((finding) => finding.reference),
    );
    const finding = newFinding(record.items[18]);
    const row = data.findings[18];
    expect(finding).toMatchObject({
      reference: row.reference,
      owner: row.owner,
      actionOwners: row.actionOwners,
      status: row.status,
      targetDate: row.targetDate,
      exampleData: true,
      actions: row.actions,
      theme: row.theme,
    });
  });

  it('gives a source of unknown position the file’s order, after every known one', () => {
    const finding = newFinding(record.items[18]);
    expect(finding.sources.map((source) => source.position)).toEqual([data.findings.length + 18, 2, 56]);
  });

  it('records causes of concern before their recommendations, which name them by reference', () => {
    const small: DefaultData = {
      ...data,
      findings: [
        {
          ...data.findings[0],
          reference: 'DER-2018-REC-01',
          kind: 'recommendation',
          parentReference: 'DER-2018-COC-01',
        },
        { ...data.findings[1], reference: 'DER-2018-COC-01', kind: 'cause_of_concern' },
      ],
    };
    const items = recordOfDefaultData(small, AUTHOR, AT).items.map(newFinding);
    expect(items.map((item) => [item.reference, item.parent])).toEqual([
      ['DER-2018-COC-01', null],
      ['DER-2018-REC-01', { reference: 'DER-2018-COC-01' }],
    ]);
  });

  it('names the findings of assessments and links by reference', () => {
    expect(record.assessments[0]).toEqual({
      finding: { reference: data.assessments[0].findingReference },
      report: expect.any(Number) as unknown,
      verdict: data.assessments[0].verdict,
      quote: data.assessments[0].quote,
      assessedOn: data.assessments[0].assessedOn,
    });
    expect(record.links).toEqual(
      data.links.map((link) => ({
        from: { reference: link.fromReference },
        to: { reference: link.toReference },
        type: link.type,
        reason: link.reason,
      })),
    );
  });
});

describe('the default data’s example statuses carry the data’s own dates', () => {
  const data = readDefaultData();
  const record = recordOfDefaultData(data, AUTHOR, AT);
  const findings = record.items.map(newFinding);

  it('dates each example status change by its sources and completed actions, never by the load time', () => {
    const started = findings.filter((finding) => (finding.status ?? 'not_started') !== 'not_started');
    expect(started.length).toBeGreaterThan(0);
    for (const finding of started) {
      expect(finding.statusSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(finding.statusSince! < AT.slice(0, 10)).toBe(true);
    }
    expect(findings.filter((finding) => (finding.status ?? 'not_started') === 'not_started')).not.toContainEqual(
      expect.objectContaining({ statusSince: expect.any(String) as unknown }),
    );
  });

  it('takes the latest of the source reports’ publication and the completed actions’ due dates', () => {
    const row = data.findings.find((finding) => finding.status === 'implemented')!;
    const published: Record<string, string | null> = { early: '2019-01-10', late: '2021-05-04' };
    const at = (key: string) => published[key] ?? null;
    const sources = [
      { reportKey: 'early', section: null, role: 'origin' as const, position: null },
      { reportKey: 'late', section: null, role: 'cited_by' as const, position: null },
    ];
    const done = (dueDate: string | null) => ({ description: 'x', owner: null, dueDate, status: 'done' as const });
    expect(exampleStatusSince({ ...row, sources, actions: [done('2020-06-30')] }, at)).toBe('2021-05-04');
    expect(exampleStatusSince({ ...row, sources, actions: [done('2022-03-31'), done(null)] }, at)).toBe('2022-03-31');
    expect(
      exampleStatusSince(
        { ...row, sources, actions: [{ description: 'x', owner: null, dueDate: '2030-01-01', status: 'in_progress' }] },
        at,
      ),
    ).toBe('2021-05-04');
    expect(exampleStatusSince({ ...row, sources: [sources[0]], actions: [] }, () => null)).toBeNull();
    expect(exampleStatusSince({ ...row, status: 'not_started', sources, actions: [] }, at)).toBeNull();
  });
});
