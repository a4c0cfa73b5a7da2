import { inflateSync } from 'node:zlib';

/**
 * A PDF with its Flate-compressed streams inflated in place (the rest of the file as it is), so a test can read the
 * text, the structure tree and the catalog of a PDF the app sent compressed. Not a valid PDF any more (the lengths
 * and offsets are stale): for reading only.
 */
export function inflatePdf(pdf: Buffer): Buffer {
  const source = pdf.toString('latin1');
  const parts: Buffer[] = [];
  let from = 0;
  const streams = /\/FlateDecode[^]*?>>\s*stream\r?\n/g;
  for (let match = streams.exec(source); match; match = streams.exec(source)) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) {
      break;
    }
    parts.push(pdf.subarray(from, start));
    try {
      parts.push(inflateSync(pdf.subarray(start, end)), Buffer.from('\n'));
    } catch {
      parts.push(pdf.subarray(start, end));
    }
    from = end;
    streams.lastIndex = end;
  }
  parts.push(pdf.subarray(from));
  return Buffer.concat(parts);
}
