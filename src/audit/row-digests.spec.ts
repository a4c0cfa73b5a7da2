import {
  changedColumns,
  columnHashes,
  digestRow,
  rowDigest,
  RowsCommitmentBuilder,
  type RecordedRowDigest,
} from './row-digests';

const finding = {
  id: 7,
  reference: 'DER-2025-AFI-01',
  status: 'in_progress',
  owner: 'Force vetting unit (FVU)',
  target_date: null,
  example_data: 1,
  version: 3,
};

describe('digestRow', () => {
  it('is the same for the same row whatever the order of its columns, and differs per table', () => {
    const reordered = Object.fromEntries(Object.entries(finding).reverse());
    expect(digestRow('findings', reordered)).toEqual(digestRow('findings', finding));
    expect(rowDigest('actions', finding)).not.toBe(rowDigest('findings', finding));
    expect(rowDigest('findings', finding)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any value, but not with a null column added later', () => {
    expect(rowDigest('findings', { ...finding, status: 'verified_closed' })).not.toBe(rowDigest('findings', finding));
    expect(rowDigest('findings', { ...finding, version: '3' })).not.toBe(rowDigest('findings', finding));
    expect(rowDigest('findings', { ...finding, owner: null })).not.toBe(rowDigest('findings', finding));
    expect(rowDigest('findings', { ...finding, closed_reason: null })).toBe(rowDigest('findings', finding));
  });

  it('keeps eight bytes of each column’s hash, base64, after a tag of the column names', () => {
    const { columns } = digestRow('findings', finding);
    expect(columns).toMatch(/^[0-9a-f]{8}:[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(columns.split(':')[1], 'base64')).toHaveLength(7 * 8);
  });
});

describe('changedColumns', () => {
  const names = Object.keys(finding);

  it('names the columns whose values changed, in sorted order', () => {
    const before = columnHashes(finding);
    const after = columnHashes({ ...finding, status: 'verified_closed', owner: null, version: 4 });
    expect(changedColumns(before, after, names)).toEqual(['owner', 'status', 'version']);
    expect(changedColumns(before, before, names)).toEqual([]);
  });

  it('cannot compare rows whose tables had different columns, nor an unreadable record', () => {
    const before = columnHashes(finding);
    const widened = { ...finding, closed_reason: null };
    expect(changedColumns(before, columnHashes(widened), Object.keys(widened))).toBeNull();
    expect(changedColumns('not a record', columnHashes(finding), names)).toBeNull();
  });
});

describe('RowsCommitmentBuilder', () => {
  const row = (tableName: string, rowId: number, digest = 'd'): RecordedRowDigest => ({
    tableName,
    rowId,
    digest,
    columns: 'c',
    changedOutside: null,
  });

  const commit = (rows: RecordedRowDigest[]) => {
    const builder = new RowsCommitmentBuilder();
    rows.forEach((item) => builder.add(item));
    return builder.finish();
  };

  it('commits to the rows whatever order the tables come in, not to the order of one table’s rows', () => {
    const a = commit([row('findings', 1), row('findings', 2), row('actions', 5)]);
    const b = commit([row('actions', 5), row('findings', 1), row('findings', 2)]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ rowCount: 3, rowsDigest: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(() => commit([row('findings', 2), row('findings', 1)])).toThrow('ascending row id');
  });

  it('changes when any digest, row or note changes, and is null for no rows', () => {
    const base = commit([row('findings', 1), row('actions', 5)]);
    expect(commit([row('findings', 1, 'e'), row('actions', 5)])).not.toEqual(base);
    expect(commit([row('findings', 1), row('actions', 6)])).not.toEqual(base);
    expect(commit([row('findings', 1), { ...row('actions', 5), changedOutside: 'status' }])).not.toEqual(base);
    expect(commit([row('findings', 1)])).not.toEqual(base);
    expect(commit([])).toBeNull();
  });
});
