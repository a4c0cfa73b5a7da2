import { decodeCsv, detectSeparator, parseCsv, readCsv } from './tracker-csv';

describe('CSV files of a tracker', () => {
  it('reads UTF-8 with and without a byte-order mark, and Windows-1252', () => {
    expect(decodeCsv(Buffer.from('\ufeffRef,Owner\n', 'utf8'))).toEqual({ encoding: 'utf-8', text: 'Ref,Owner\n' });
    expect(decodeCsv(Buffer.from('Owner’s team\n', 'utf8')).text).toBe('Owner’s team\n');
    // "Owner’s £5" in Windows-1252: the curly apostrophe is 0x92, the pound sign 0xA3.
    const legacy = Buffer.from([0x4f, 0x77, 0x6e, 0x65, 0x72, 0x92, 0x73, 0x20, 0xa3, 0x35]);
    expect(decodeCsv(legacy)).toEqual({ encoding: 'windows-1252', text: 'Owner’s £5' });
  });

  it('takes the separator the header line holds most, past a title line', () => {
    expect(detectSeparator('Ref;Text;Owner;Status\n1;a;b;c\n')).toBe(';');
    expect(detectSeparator('Tracker, March\nRef\tText\tOwner\tStatus\n')).toBe('\t');
    expect(detectSeparator('"a;b",c,d\n')).toBe(',');
  });

  it('parses quoted cells, doubled quotes, line breaks inside quotes, and blank rows', () => {
    expect(parseCsv('Ref;Text\r\n1;"Say ""yes"";\nthen go"\r\n\r\n2;\n', ';')).toEqual([
      ['Ref', 'Text'],
      ['1', 'Say "yes";\nthen go'],
      [],
      ['2', null],
    ]);
    expect(readCsv(Buffer.from('a,b\n1,2')).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
