/**
 * Reading and writing the zip packages of Office documents (docx, xlsx), so a renderer can put a
 * large part it wrote itself into the package a library made: the library's package is read file
 * by file, one part is replaced, and the files are zipped again with Node's zlib.
 */
import { promisify } from 'node:util';
import { crc32, deflateRaw, inflateRawSync } from 'node:zlib';

const deflate = promisify(deflateRaw);

/**
 * The files in a zip made by the docx library or exceljs (plain DEFLATE or stored, no zip64), by name in the
 * zip's order. Read through the central directory; each file is checked against its size and CRC.
 */
export function unzipFiles(zip: Buffer): Array<[string, Buffer]> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) {
    throw new Error('The packed document is not a zip file');
  }
  const files: Array<[string, Buffer]> = [];
  let at = zip.readUInt32LE(end + 16);
  for (let count = zip.readUInt16LE(end + 10); count > 0; count -= 1) {
    if (at + 46 > end || zip.readUInt32LE(at) !== 0x02014b50) {
      throw new Error('The packed document has a broken zip directory');
    }
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name.endsWith('/')) {
      continue;
    }
    if (zip.readUInt32LE(local) !== 0x04034b50 || (method !== 0 && method !== 8)) {
      throw new Error(`The packed document's ${name} cannot be read`);
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? inflateRawSync(stored) : stored;
    if (data.length !== size || crc32(data) !== crc) {
      throw new Error(`The packed document's ${name} is corrupt`);
    }
    files.push([name, data]);
  }
  return files;
}

/**
 * Zips files (in the order given) with DEFLATE, as a plain zip: sizes and CRCs in the local
 * headers, no data descriptors, no zip64 (a pack is far below 4 GB). Node's zlib compresses the
 * large parts several times faster than the JavaScript deflate the libraries use.
 */
export async function zipFiles(files: ReadonlyArray<[string, Uint8Array]>): Promise<Buffer> {
  const now = new Date();
  const dosTime = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
  const dosDate = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  const entries = await Promise.all(
    files.map(async ([name, data]) => {
      const stored = data.length === 0;
      return {
        name: Buffer.from(name, 'utf8'),
        data,
        crc: crc32(data),
        method: stored ? 0 : 8,
        body: stored ? data : await deflate(data),
      };
    }),
  );
  const chunks: Uint8Array[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed to extract: 2.0 (deflate)
      header.writeUInt16LE(0x0800, at + 2); // general purpose flags: bit 11, the name is UTF-8
      header.writeUInt16LE(entry.method, at + 4);
      header.writeUInt16LE(dosTime, at + 6);
      header.writeUInt16LE(dosDate, at + 8);
      header.writeUInt32LE(entry.crc, at + 10);
      header.writeUInt32LE(entry.body.length, at + 14);
      header.writeUInt32LE(entry.data.length, at + 18);
      header.writeUInt16LE(entry.name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by: 2.0, MS-DOS attributes
    common(central, 6);
    central.writeUInt32LE(offset, 42);
    chunks.push(local, entry.name, entry.body);
    directory.push(central, entry.name);
    offset += local.length + entry.name.length + entry.body.length;
  }
  const directorySize = directory.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...directory, end]);
}
