/**
 * How many bytes a zip file (an .xlsx workbook) says its members hold once expanded, read from its central directory
 * without expanding anything: a workbook of a few megabytes can hold gigabytes of XML (a "zip bomb"), and reading it
 * would take the server's memory before any row limit applies. Null when the bytes hold no central directory.
 */
export function expandedZipSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end of central directory record: its signature within the last 64 KB + 22 bytes (a comment may follow it).
  const earliest = Math.max(0, bytes.length - 0xffff - 22);
  let end = -1;
  for (let at = bytes.length - 22; at >= earliest; at -= 1) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) {
    return null;
  }
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  for (let entry = 0; entry < entries; entry += 1) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      return null;
    }
    const size = view.getUint32(at + 24, true);
    // 0xffffffff: the size is in a zip64 extra field, far beyond any workbook this reads.
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}
