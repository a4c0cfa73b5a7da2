import { open } from 'node:fs/promises';
import { crc32, createInflateRaw } from 'node:zlib';

/**
 * Reads a gzip file (one member, as createGzip writes) as a stream of its decompressed bytes.
 * The header is parsed and the deflate data inflated here, and the trailer's CRC-32 and length
 * checked only after every byte has been handed on, rather than by Node's gunzip, which fails
 * the stream on a bad checksum and drops the bytes it had not yet handed on. So an archive with
 * one altered byte still yields all its members, and the member whose SHA-256 no longer matches
 * the manifest can be named, before the checksum failure is reported.
 */

const FLAG_HEADER_CRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const FLAG_RESERVED = 0xe0;
const TRAILER_BYTES = 8;

/** The file is not gzip, or its gzip framing (header, trailer) is damaged. */
export class GzipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GzipFormatError';
  }
}

/** The length of the gzip header at the start of `head` (RFC 1952), or a GzipFormatError. */
export function gzipHeaderLength(head: Buffer): number {
  if (head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b) {
    throw new GzipFormatError('it is not a gzip-compressed file');
  }
  const flags = head[3];
  if (head[2] !== 8 || (flags & FLAG_RESERVED) !== 0) {
    throw new GzipFormatError('its gzip header is damaged');
  }
  let offset = 10;
  if (flags & FLAG_EXTRA) {
    offset += 2 + (head.length >= offset + 2 ? head.readUInt16LE(offset) : 0);
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (flags & flag) {
      const end = head.indexOf(0, offset);
      if (end < 0) {
        throw new GzipFormatError('its gzip header is damaged');
      }
      offset = end + 1;
    }
  }
  if (flags & FLAG_HEADER_CRC) {
    offset += 2;
  }
  if (offset > head.length) {
    throw new GzipFormatError('its gzip header is damaged');
  }
  return offset;
}

/**
 * The decompressed bytes of a gzip file, chunk by chunk. Throws (after the last chunk) a
 * GzipFormatError when the trailer's CRC-32 or length does not match what was decompressed;
 * a zlib error when the deflate data itself is damaged.
 */
export async function* gunzipFile(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(head, 0, head.length, 0);
    const headerLength = gzipHeaderLength(head);
    if (size < headerLength + TRAILER_BYTES) {
      throw new GzipFormatError('it is cut short');
    }
    const trailer = Buffer.alloc(TRAILER_BYTES);
    await handle.read(trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES);
    const inflate = createInflateRaw();
    const input = handle.createReadStream({ start: headerLength, end: size - TRAILER_BYTES - 1, autoClose: false });
    input.once('error', (error) => inflate.destroy(error));
    input.pipe(inflate);
    let checksum = 0;
    let length = 0;
    try {
      for await (const chunk of inflate) {
        const buffer = chunk as Buffer;
        checksum = crc32(buffer, checksum);
        length = (length + buffer.length) % 0x100000000;
        yield buffer;
      }
    } finally {
      input.destroy();
      inflate.destroy();
    }
    if (inflate.bytesWritten !== size - TRAILER_BYTES - headerLength) {
      throw new GzipFormatError('there is data after its compressed content');
    }
    if (trailer.readUInt32LE(0) !== checksum >>> 0 || trailer.readUInt32LE(4) !== length) {
      throw new GzipFormatError('its gzip checksum (CRC-32) does not match its content');
    }
  } finally {
    await handle.close();
  }
}
