import {
  baseReportKey,
  findingForceId,
  formatReference,
  furtherSourceHistory,
  homeSource,
  newFindingHistory,
  referenceNumber,
  referencePrefix,
  reportYear,
  STATED_STATUS_MAX_LENGTH,
  statedStatusHistory,
  statedStatusHolder,
} from './report-record';

const report = { title: 'PEEL 2025', period: '2025/26', publishedOn: '2025-06-30', year: 2025 };
const imported = { importedFrom: 'peel.pdf', at: '2025-07-01T09:30:00.000Z' };
const shipped = { importedFrom: null, at: '2025-07-01T09:30:00.000Z' };

describe('reportYear', () => {
  it('is the year of publication, or the first year of the period when the date is unknown', () => {
    expect(reportYear({ publishedOn: '2019-09-27', period: '2018/19' })).toBe(2019);
    expect(reportYear({ publishedOn: null, period: '2018/19' })).toBe(2018);
  });
});

describe('baseReportKey', () => {
  it('is the force, period and type, as an address keeps them', () => {
    expect(baseReportKey({ forceCode: 'DER', period: '2018/19', type: 'web_summary' })).toBe('der-2018-19-web-summary');
    expect(baseReportKey({ forceCode: null, period: '2022', type: 'national_thematic' })).toBe(
      'nat-2022-national-thematic',
    );
  });
});

describe('references', () => {
  it('start with the force (NAT for national recommendations and national reports), the year and the kind', () => {
    expect(referencePrefix('area_for_improvement', 'DER', 2025)).toBe('DER-2025-AFI-');
    expect(referencePrefix('national_recommendation', 'DER', 2025)).toBe('NAT-2025-REC-');
    expect(referencePrefix('cause_of_concern', null, 2023)).toBe('NAT-2023-COC-');
    expect(referencePrefix('observation', 'CLE', 2024)).toBe('CLE-2024-OBS-');
  });

  it('are numbered in two digits at least, after the highest held', () => {
    expect(formatReference('DER-2025-AFI-', 3)).toBe('DER-2025-AFI-03');
    expect(formatReference('DER-2025-AFI-', 104)).toBe('DER-2025-AFI-104');
    expect(referenceNumber('DER-2025-AFI-', 'DER-2025-AFI-12')).toBe(12);
    expect(referenceNumber('DER-2025-AFI-', 'DER-2025-OBS-12')).toBe(0);
    expect(referenceNumber('DER-2025-AFI-', 'DER-2025-AFI-x')).toBe(0);
  });
});

describe('homeSource', () => {
  it('is the origin, wherever it is listed', () => {
    const origin = { report: 1, section: 'Vetting', role: 'origin' as const, position: 4 };
    expect(homeSource([{ report: 2, section: null, role: 'cited_by', position: 1 }, origin])).toBe(origin);
  });

  it('is the first source of a national recommendation known only from a report citing it', () => {
    const cited = { report: 0, section: null, role: 'cited_by' as const, position: 2 };
    expect(homeSource([cited])).toBe(cited);
  });

  it('refuses a finding without a source', () => {
    expect(() => homeSource([])).toThrow('at least one source');
  });
});

describe('findingForceId', () => {
  it('is the report’s force, and none for a national recommendation', () => {
    expect(findingForceId('area_for_improvement', { forceId: 7 })).toBe(7);
    expect(findingForceId('national_recommendation', { forceId: 7 })).toBeNull();
    expect(findingForceId('recommendation', { forceId: null })).toBeNull();
  });
});

describe('newFindingHistory', () => {
  it('says where an imported finding came from, dated when it was imported', () => {
    expect(newFindingHistory(report, { status: 'not_started', exampleData: false }, imported)).toEqual([
      {
        type: 'recorded',
        fromValue: null,
        toValue: null,
        commentary: 'Imported from peel.pdf: published in PEEL 2025 (2025/26).',
        createdAt: '2025-07-01T09:30:00.000Z',
      },
    ]);
  });

  it('dates a shipped finding by its publication (the start of its year when the date is unknown)', () => {
    const [published] = newFindingHistory(report, { status: 'not_started', exampleData: false }, shipped);
    expect(published).toMatchObject({
      commentary: 'Published in PEEL 2025 (2025/26).',
      createdAt: '2025-06-30T00:00:00.000Z',
    });
    const [undated] = newFindingHistory(
      { ...report, publishedOn: null },
      { status: 'not_started', exampleData: false },
      shipped,
    );
    expect(undated.createdAt).toBe('2025-01-01T00:00:00.000Z');
  });

  it('records a status other than not started as a change from not started, saying when it is an example', () => {
    const history = newFindingHistory(report, { status: 'in_progress', exampleData: true }, shipped);
    expect(history[1]).toEqual({
      type: 'status_change',
      fromValue: 'not_started',
      toValue: 'in_progress',
      commentary: 'Example status for the default data.',
      createdAt: '2025-07-01T09:30:00.000Z',
    });
    expect(newFindingHistory(report, { status: 'implemented', exampleData: false }, shipped)[1].commentary).toBeNull();
  });
});

describe('furtherSourceHistory', () => {
  it('says in which document a held finding was found again, and from which file', () => {
    expect(furtherSourceHistory(report, 'also_published_in', imported)).toEqual({
      type: 'recorded',
      fromValue: null,
      toValue: null,
      commentary: 'Also published in PEEL 2025 (imported from peel.pdf).',
      createdAt: '2025-07-01T09:30:00.000Z',
    });
    expect(furtherSourceHistory(report, 'cited_by', shipped).commentary).toBe('Cited in PEEL 2025.');
  });
});

describe('statedStatusHolder', () => {
  it('is the finding a paper quotes, whatever its force', () => {
    expect(statedStatusHolder({ kind: 'area_for_improvement', forceId: 7 }, { forceId: 7 })).toBe('finding');
    expect(statedStatusHolder({ kind: 'national_recommendation', forceId: 7 }, { forceId: 7 })).toBe('finding');
  });

  it('is never a national recommendation’s statement: the record of the paper’s force takes it, and a national paper states no force’s status', () => {
    expect(statedStatusHolder({ kind: 'national_recommendation', forceId: null }, { forceId: 7 })).toBe('force_record');
    expect(statedStatusHolder({ kind: 'national_recommendation', forceId: null }, { forceId: null })).toBeNull();
  });
});

describe('statedStatusHistory', () => {
  it('records the status as written, naming the paper and its file, and changes no status', () => {
    expect(statedStatusHistory(report, ' On  track ', imported)).toEqual({
      type: 'stated_status',
      fromValue: null,
      toValue: 'On track',
      commentary:
        "Stated in PEEL 2025 (2025/26), imported from peel.pdf. The finding's own status is not changed by it.",
      createdAt: '2025-07-01T09:30:00.000Z',
    });
    expect(statedStatusHistory(report, 'Green', shipped).commentary).toBe(
      "Stated in PEEL 2025 (2025/26). The finding's own status is not changed by it.",
    );
  });

  it('cuts a status longer than its column holds', () => {
    const { toValue } = statedStatusHistory(report, 'Open '.repeat(100), imported);
    expect(toValue).toHaveLength(STATED_STATUS_MAX_LENGTH);
    expect(toValue?.endsWith('…')).toBe(true);
  });
});
