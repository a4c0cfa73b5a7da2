import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALLOWED_EXTENSIONS,
  attachmentDisposition,
  checkEvidenceFile,
  DEFAULT_MAX_UPLOAD_BYTES,
  type EvidenceFileCheck,
  REFUSAL_EMPTY,
  REFUSAL_WEB_PAGE,
  REFUSAL_WRONG_TYPE,
  UPLOAD_ACCEPT,
} from './file-type';

// Office Open XML fixtures are real ZIPs written by Python's zipfile (test/fixtures/uploads/make-fixtures.py).
const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../test/fixtures/uploads', name));
const DOCX = fixture('minimal.docx');
const XLSX = fixture('minimal.xlsx');
const PPTX = fixture('minimal.pptx');
const PLAIN_ZIP = fixture('plain.zip');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const OLE2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR')]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const EMAIL = Buffer.from(
  'Received: from mail.example.police.uk\r\n  by mx.example.gov.uk\r\nFrom: Chief Inspector <ci@example.police.uk>\r\n' +
    'To: hmicfrs@example.gov.uk\r\nSubject: Evidence for AFI 3\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\n\r\nSee attached.\r\n',
);

const check = (originalName: string, content: Buffer, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): EvidenceFileCheck =>
  checkEvidenceFile({ originalName, content, maxBytes });

const reasonFor = (originalName: string, content: Buffer, maxBytes?: number): string => {
  const result = check(originalName, content, maxBytes);
  if (result.ok) {
    throw new Error(`${originalName} was accepted`);
  }
  return result.reason;
};

const safeNameFor = (originalName: string, content: Buffer = PDF): string => {
  const result = check(originalName, content);
  if (!result.ok) {
    throw new Error(`${originalName} was refused: ${result.reason}`);
  }
  return result.safeName;
};

describe('checkEvidenceFile accepts', () => {
  it.each([
    ['report.pdf', PDF, 'application/pdf', 'PDF'],
    ['minutes.doc', OLE2, 'application/msword', 'Word document'],
    ['minutes.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word document'],
    ['figures.xls', OLE2, 'application/vnd.ms-excel', 'Excel spreadsheet'],
    ['figures.xlsx', XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel spreadsheet'],
    ['briefing.ppt', OLE2, 'application/vnd.ms-powerpoint', 'PowerPoint presentation'],
    [
      'briefing.pptx',
      PPTX,
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'PowerPoint presentation',
    ],
    ['poster.png', PNG, 'image/png', 'PNG image'],
    ['photo.jpg', JPEG, 'image/jpeg', 'JPEG image'],
    ['photo.jpeg', JPEG, 'image/jpeg', 'JPEG image'],
    ['chart.gif', GIF, 'image/gif', 'GIF image'],
    [
      'notes.txt',
      Buffer.from('Training delivered to 240 officers – 98% attendance.\n'),
      'text/plain; charset=utf-8',
      'Text file',
    ],
    ['data.csv', Buffer.from('\uFEFFmonth,count\nJanuary,12\n'), 'text/csv; charset=utf-8', 'CSV file'],
    ['message.eml', EMAIL, 'message/rfc822', 'Email'],
    ['message.msg', OLE2, 'application/vnd.ms-outlook', 'Outlook email'],
  ])('%s', (name, content, mimeType, label) => {
    expect(check(name, content)).toEqual({ ok: true, mimeType, label, extension: name.split('.')[1], safeName: name });
  });

  it('an extension in any case, giving it in lower case', () => {
    expect(check('SCAN.PDF', PDF)).toMatchObject({ ok: true, extension: 'pdf', safeName: 'SCAN.pdf' });
  });

  it('a file of exactly the largest size', () => {
    expect(check('report.pdf', PDF, PDF.length).ok).toBe(true);
  });

  it('an email with an mbox separator line and blank lines before the headers', () => {
    const mbox = Buffer.concat([Buffer.from('\r\nFrom ci@example.police.uk Mon Jan  5 10:00:00 2026\r\n'), EMAIL]);
    expect(check('saved.eml', mbox).ok).toBe(true);
  });

  it('an email whose body is not UTF-8 (only the headers must be)', () => {
    const latin1Body = Buffer.concat([EMAIL, Buffer.from('Caf\xe9\r\n', 'latin1')]);
    expect(check('message.eml', latin1Body).ok).toBe(true);
  });

  it('text that mentions HTML after the start', () => {
    expect(check('notes.txt', Buffer.from('The page used <html> and <script> tags.\n')).ok).toBe(true);
  });

  it('lists every allowed extension', () => {
    expect([...ALLOWED_EXTENSIONS].sort()).toEqual(
      [
        'csv',
        'doc',
        'docx',
        'eml',
        'gif',
        'jpeg',
        'jpg',
        'msg',
        'pdf',
        'png',
        'ppt',
        'pptx',
        'txt',
        'xls',
        'xlsx',
      ].sort(),
    );
    expect(UPLOAD_ACCEPT).toContain('.pdf,');
  });
});

describe('checkEvidenceFile refuses', () => {
  it('an empty file', () => {
    expect(reasonFor('report.pdf', Buffer.alloc(0))).toBe(REFUSAL_EMPTY);
  });

  it('a file over the limit, naming the limit', () => {
    expect(reasonFor('report.pdf', PDF, PDF.length - 1)).toMatch(/^The selected file must be smaller than \d+ bytes$/);
    const tooBig = Buffer.concat([PDF, Buffer.alloc(DEFAULT_MAX_UPLOAD_BYTES)]);
    expect(reasonFor('report.pdf', tooBig)).toBe('The selected file must be smaller than 20 MB');
    expect(reasonFor('report.pdf', tooBig, 5 * 1024 * 1024)).toBe('The selected file must be smaller than 5 MB');
    expect(reasonFor('report.pdf', tooBig, 1.5 * 1024 * 1024)).toBe('The selected file must be smaller than 1.5 MB');
  });

  it.each([
    'setup.exe',
    'page.html',
    'script.js',
    'logo.svg',
    'README',
    'archive.zip',
    'report.pdf.exe',
    'report.',
    '.pdf/evil',
  ])('a disallowed name: %s', (name) => {
    expect(reasonFor(name, PDF)).toBe(REFUSAL_WRONG_TYPE);
  });

  it('a PDF name on content that is not a PDF', () => {
    expect(reasonFor('report.pdf', Buffer.from('MZ\x90\x00 this is a program', 'latin1'))).toBe(
      'The selected file’s content does not match its name: it is not a real PDF',
    );
    expect(reasonFor('report.pdf', Buffer.from('<html><body>%PDF-1.4</body></html>'))).toMatch(/not a real PDF$/);
  });

  it('an Office name on content that is not its container', () => {
    expect(reasonFor('minutes.doc', PDF)).toMatch(/not a real Word document$/);
    expect(reasonFor('message.msg', DOCX)).toMatch(/not a real Outlook email$/);
    expect(reasonFor('minutes.docx', OLE2)).toMatch(/not a real Word document$/);
  });

  it('a docx name on a plain zip with no word/ folder', () => {
    expect(reasonFor('minutes.docx', PLAIN_ZIP)).toMatch(/not a real Word document$/);
  });

  it('an Office name on the wrong Office family', () => {
    expect(reasonFor('figures.xlsx', DOCX)).toMatch(/not a real Excel spreadsheet$/);
    expect(reasonFor('briefing.pptx', XLSX)).toMatch(/not a real PowerPoint presentation$/);
    expect(reasonFor('minutes.docx', PPTX)).toMatch(/not a real Word document$/);
  });

  it('a zip whose directory cannot be read', () => {
    expect(reasonFor('minutes.docx', DOCX.subarray(0, DOCX.length - 40))).toMatch(/not a real Word document$/);
    expect(reasonFor('minutes.docx', Buffer.from('PK\x03\x04word/[Content_Types].xml', 'latin1'))).toMatch(
      /not a real Word document$/,
    );
  });

  it('a PNG name on JPEG bytes, and other image mix-ups', () => {
    expect(reasonFor('poster.png', JPEG)).toBe(
      'The selected file’s content does not match its name: it is not a real PNG image',
    );
    expect(reasonFor('photo.jpg', PNG)).toMatch(/not a real JPEG image$/);
    expect(reasonFor('chart.gif', Buffer.from('GIF88a', 'latin1'))).toMatch(/not a real GIF image$/);
  });

  it('text with NUL bytes (a binary or UTF-16 file)', () => {
    expect(reasonFor('notes.txt', Buffer.from('hello\0world'))).toMatch(/not a real text file \(UTF-8\)$/);
    expect(reasonFor('data.csv', Buffer.from('\uFEFFa,b\n', 'utf16le'))).toMatch(/not a real CSV file \(UTF-8\)$/);
  });

  it('text that is not valid UTF-8', () => {
    expect(reasonFor('notes.txt', Buffer.from([0x48, 0x69, 0xc3, 0x28, 0x0a]))).toMatch(/not a real text file/);
    expect(reasonFor('data.csv', Buffer.from('Caf\xe9,1\n', 'latin1'))).toMatch(/not a real CSV file/);
  });

  it.each([
    '<!DOCTYPE html><html><body>hi</body></html>',
    '  \n<html><script>alert(1)</script></html>',
    '\uFEFF<HTML>',
    '<?xml version="1.0"?>\n<!-- drawn -->\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<script>alert(document.cookie)</script>',
  ])('text that is a web page: %j', (page) => {
    expect(reasonFor('notes.txt', Buffer.from(page))).toBe(REFUSAL_WEB_PAGE);
    expect(reasonFor('data.csv', Buffer.from(page))).toBe(REFUSAL_WEB_PAGE);
    expect(reasonFor('message.eml', Buffer.from(page))).toBe(REFUSAL_WEB_PAGE);
  });

  it('an email without headers', () => {
    expect(reasonFor('message.eml', Buffer.from('Hello,\n\nPlease find the evidence.\n'))).toBe(
      'The selected file’s content does not match its name: it is not a real email',
    );
    expect(reasonFor('message.eml', Buffer.from('X-Mailer: something\nX-Other: thing\n\nbody'))).toMatch(
      /not a real email$/,
    );
    expect(reasonFor('message.eml', Buffer.from('Subject: notes\nThese are not headers\n\nbody'))).toMatch(
      /not a real email$/,
    );
    expect(reasonFor('message.eml', Buffer.from('\n\n\n'))).toMatch(/not a real email$/);
  });

  it('an email with NUL bytes or headers that are not UTF-8', () => {
    expect(reasonFor('message.eml', Buffer.concat([EMAIL, Buffer.from([0])]))).toMatch(/not a real email$/);
    expect(reasonFor('message.eml', Buffer.from('Subject: Caf\xe9\n\nbody', 'latin1'))).toMatch(/not a real email$/);
  });
});

describe('safeName', () => {
  it('drops folders from a path traversal attempt', () => {
    expect(safeNameFor('../../etc/passwd.pdf')).toBe('passwd.pdf');
  });

  it('drops folders from a Windows path', () => {
    expect(safeNameFor('C:\\Users\\pc1234\\Documents\\Action plan (v2).pdf')).toBe('Action plan (v2).pdf');
  });

  it('replaces control and unsafe characters, and leading dots', () => {
    expect(safeNameFor('rep\u0000ort\r\n"<b>"\u202Efdp.pdf')).toBe('rep_ort____b___fdp.pdf');
    expect(safeNameFor('..hidden;name%20.pdf')).toBe('hidden_name_20.pdf');
  });

  it('keeps letters and digits of any script', () => {
    expect(safeNameFor('Cynllun gweithredu Heddlu Dyfed-Powys [Ŵyl] 2026.pdf')).toBe(
      'Cynllun gweithredu Heddlu Dyfed-Powys [Ŵyl] 2026.pdf',
    );
  });

  it('trims a very long name to 150 characters, keeping the extension', () => {
    const safeName = safeNameFor(`${'a'.repeat(300)}.DOCX`, DOCX);
    expect(safeName).toHaveLength(150);
    expect(safeName).toBe(`${'a'.repeat(145)}.docx`);
  });

  it('is never empty', () => {
    expect(safeNameFor('.pdf')).toBe('evidence.pdf');
    expect(safeNameFor('folder/ .pdf')).toBe('evidence.pdf');
    expect(safeNameFor('///.pdf')).toBe('evidence.pdf');
  });
});

describe('attachmentDisposition', () => {
  it('forces a download under the name, with an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('Action plan (v2).pdf')).toBe(
      `attachment; filename="Action plan (v2).pdf"; filename*=UTF-8''Action%20plan%20%28v2%29.pdf`,
    );
    expect(attachmentDisposition('Ŵyl café.pdf')).toBe(
      `attachment; filename="Wyl cafe.pdf"; filename*=UTF-8''%C5%B4yl%20caf%C3%A9.pdf`,
    );
    expect(attachmentDisposition('日本.pdf')).toMatch(/^attachment; filename="__\.pdf"; /);
  });
});
