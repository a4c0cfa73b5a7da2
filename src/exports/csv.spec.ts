import { csvField, csvRecord, neutraliseFormula } from './csv';

describe('neutraliseFormula', () => {
  it('puts a single quote before what a spreadsheet would run as a formula', () => {
    expect(neutraliseFormula('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(neutraliseFormula('+44 123')).toBe("'+44 123");
    expect(neutraliseFormula('-1 officers')).toBe("'-1 officers");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('\tTabbed')).toBe("'\tTabbed");
    expect(neutraliseFormula('\rReturn')).toBe("'\rReturn");
  });

  it('leaves anything else as it is', () => {
    expect(neutraliseFormula('a = b')).toBe('a = b');
    expect(neutraliseFormula('')).toBe('');
    expect(neutraliseFormula("'quoted")).toBe("'quoted");
  });
});

describe('csvField and csvRecord', () => {
  it('quotes fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hello"')).toBe('"say ""hello"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('guards a formula before quoting it', () => {
    expect(csvField('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvField('\rReturn')).toBe('"\'\rReturn"');
  });

  it('joins fields with commas', () => {
    expect(csvRecord(['DER-2025-AFI-01', 'Vetting, and re-vetting', null, '@team'])).toBe(
      `DER-2025-AFI-01,"Vetting, and re-vetting",,'@team`,
    );
  });
});
