import JSZip from 'jszip';
import { expandedZipSize } from './zip-size';

describe('expandedZipSize', () => {
  it('adds up what the members of a zip hold once expanded, without expanding them', async () => {
    const zip = new JSZip();
    zip.file('a.xml', 'x'.repeat(5_000_000));
    zip.file('b/c.xml', '<row/>'.repeat(1000));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(bytes.length).toBeLessThan(100_000);
    expect(expandedZipSize(bytes)).toBe(5_000_000 + 6000);
  });

  it('is null for bytes that hold no zip directory', () => {
    expect(expandedZipSize(new TextEncoder().encode('Ref,Owner\nA,B\n'))).toBeNull();
    expect(expandedZipSize(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBeNull();
  });
});
