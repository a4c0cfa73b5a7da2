import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * A small streaming tar writer and reader for the backup archive: POSIX ustar headers, with a pax
 * extended header where a path is longer than the header's 100 bytes (an evidence file's stored
 * path is 112) or a size does not fit its 11 octal digits. Only regular files are written or
 * accepted. Node has no tar of its own, and this much of the format is simpler than a dependency;
 * GNU tar and bsdtar read the archives (`tar -tzf backup.tar.gz`). Nothing is held in memory but
 * the chunk in hand, so a database of any size streams through.
 */

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777;
const MAX_PAX_HEADER_BYTES = 1024 * 1024;

/** A member's path, size and SHA-256 (hex), as the manifest lists them. */
export interface MemberDigest {
  path: string;
  size: number;
  sha256: string;
}

/** The archive is not a tar this module wrote (damaged, cut short, or something else). */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

/** A source that yielded more or fewer bytes than the size its header announced. */
export class MemberSizeError extends Error {
  constructor(path: string, expected: number, actual: string) {
    super(`${path} changed while it was being archived (expected ${expected} bytes, ${actual})`);
    this.name = 'MemberSizeError';
  }
}

function octalField(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** One 512-byte ustar header; the checksum is the sum of its bytes with the checksum field as spaces. */
function ustarHeader(name: string, size: number, type: '0' | 'x', mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octalField(0o600, 8), 100, 'ascii');
  block.write(octalField(0, 8), 108, 'ascii');
  block.write(octalField(0, 8), 116, 'ascii');
  block.write(octalField(size, 12), 124, 'ascii');
  block.write(octalField(mtime, 12), 136, 'ascii');
  block.write(' '.repeat(8), 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  block.write(`${checksumOf(block).toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function checksumOf(block: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) {
    sum += index >= 148 && index < 156 ? 0x20 : block[index];
  }
  return sum;
}

/** A pax record, "<length> <key>=<value>\n", where the length counts the whole record, itself included. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body);
  let length = bodyBytes + 1;
  while (String(length).length + bodyBytes !== length) {
    length = String(length).length + bodyBytes;
  }
  return `${length}${body}`;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Writes members to a stream (e.g. a gzip stream piped to a file), waiting whenever it is full. */
export class TarWriter {
  private readonly mtime: number;

  constructor(
    private readonly output: Writable,
    now: Date = new Date(),
  ) {
    this.mtime = Math.floor(now.getTime() / 1000);
  }

  /**
   * One regular file, whose source must yield exactly `size` bytes (else MemberSizeError: the file
   * changed while it was read). Returns its SHA-256, computed from the bytes as they were written.
   */
  async addFile(
    path: string,
    size: number,
    source: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>,
  ): Promise<MemberDigest> {
    const records = [
      ...(Buffer.byteLength(path) > 100 ? [paxRecord('path', path)] : []),
      ...(size > MAX_OCTAL_SIZE ? [paxRecord('size', String(size))] : []),
    ];
    if (records.length > 0) {
      const pax = Buffer.from(records.join(''), 'utf8');
      await this.write(ustarHeader(`PaxHeaders/${path.split('/').pop()!}`.slice(0, 100), pax.length, 'x', this.mtime));
      await this.write(pax);
      await this.write(padding(pax.length));
    }
    await this.write(ustarHeader(path, size > MAX_OCTAL_SIZE ? 0 : size, '0', this.mtime));
    const hash = createHash('sha256');
    let written = 0;
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      written += buffer.length;
      if (written > size) {
        throw new MemberSizeError(path, size, 'but it grew');
      }
      hash.update(buffer);
      await this.write(buffer);
    }
    if (written !== size) {
      throw new MemberSizeError(path, size, `but only ${written} could be read`);
    }
    await this.write(padding(size));
    return { path, size, sha256: hash.digest('hex') };
  }

  addBuffer(path: string, content: Buffer): Promise<MemberDigest> {
    return this.addFile(path, content.length, [content]);
  }

  /** The end-of-archive marker: two zero blocks. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
  }

  private async write(buffer: Buffer): Promise<void> {
    if (buffer.length > 0 && !this.output.write(buffer)) {
      await once(this.output, 'drain');
    }
  }
}

/** A member being read: its body must be read (or left) before the reader moves to the next. */
export interface TarMember {
  path: string;
  size: number;
  body: AsyncIterable<Buffer>;
}

/** Reads exact byte counts from an async stream of chunks. */
class ByteReader {
  private readonly iterator: AsyncIterator<Buffer | Uint8Array>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(source: AsyncIterable<Buffer | Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Up to `count` bytes; an empty buffer only at the end of the stream. */
  async read(count: number): Promise<Buffer> {
    while (this.pending.length === 0 && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
      } else {
        this.pending = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      }
    }
    const out = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  /** Exactly `count` bytes, or null when the stream ended before the first; throws when it ends part-way. */
  async exactly(count: number, cutShort: () => string): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let length = 0;
    while (length < count) {
      const part = await this.read(count - length);
      if (part.length === 0) {
        if (length === 0) {
          return null;
        }
        throw new TarFormatError(cutShort());
      }
      parts.push(part);
      length += part.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
  }
}

function isZeroBlock(block: Buffer): boolean {
  return block.every((byte) => byte === 0);
}

function textField(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** An octal number field; NaN when it is not one. */
function octalValue(block: Buffer, offset: number, length: number): number {
  const text = textField(block, offset, length).trim();
  return /^[0-7]*$/.test(text) ? (text === '' ? 0 : parseInt(text, 8)) : NaN;
}

/** The key=value pairs of a pax extended header. */
export function parsePaxRecords(content: Buffer): Record<string, string> {
  const values: Record<string, string> = {};
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    const length = space > offset ? Number(content.subarray(offset, space).toString('ascii')) : NaN;
    if (!Number.isInteger(length) || length <= 0 || offset + length > content.length) {
      throw new TarFormatError('a pax header is damaged');
    }
    const record = content.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals <= 0 || content[offset + length - 1] !== 0x0a) {
      throw new TarFormatError('a pax header is damaged');
    }
    values[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return values;
}

/**
 * The members of a tar stream, in order. Each member's body streams from the source; whatever of
 * it the caller does not read is skipped. Throws TarFormatError for a damaged header, an entry
 * that is not a regular file, data after the end marker, or a stream cut short.
 */
export async function* readTar(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<TarMember> {
  const reader = new ByteReader(source);
  let previous: string | null = null;
  let pax: Record<string, string> = {};
  const where = () => (previous ? ` after ${previous}` : ' at the start');
  const headerName = () => (previous ? `the header after ${previous}` : 'the first header');
  for (;;) {
    const header = await reader.exactly(BLOCK, () => `the archive is cut short in a header${where()}`);
    if (header === null) {
      throw new TarFormatError(`the archive is cut short: its end marker is missing${where()}`);
    }
    if (isZeroBlock(header)) {
      for (;;) {
        const rest = await reader.read(64 * 1024);
        if (rest.length === 0) {
          return;
        }
        if (!isZeroBlock(rest)) {
          throw new TarFormatError('there is data after the end of the archive');
        }
      }
    }
    if (octalValue(header, 148, 8) !== checksumOf(header)) {
      throw new TarFormatError(`${headerName()} is damaged (its checksum does not match)`);
    }
    if (!textField(header, 257, 6).startsWith('ustar')) {
      throw new TarFormatError(`${headerName()} is not a ustar header`);
    }
    const type = String.fromCharCode(header[156]);
    const headerSize = octalValue(header, 124, 12);
    if (Number.isNaN(headerSize)) {
      throw new TarFormatError(`${headerName()} has an unreadable size`);
    }
    const prefix = textField(header, 345, 155);
    const name = textField(header, 0, 100);
    if (type === 'x') {
      if (headerSize > MAX_PAX_HEADER_BYTES) {
        throw new TarFormatError(`a pax header is too large${where()}`);
      }
      const content = await reader.exactly(headerSize + padding(headerSize).length, () => {
        return `the archive is cut short in a pax header${where()}`;
      });
      pax = parsePaxRecords((content ?? Buffer.alloc(0)).subarray(0, headerSize));
      continue;
    }
    const path = pax.path ?? (prefix ? `${prefix}/${name}` : name);
    const size = pax.size !== undefined ? Number(pax.size) : headerSize;
    pax = {};
    if (type !== '0' && type !== '\0') {
      throw new TarFormatError(`${path} is not a regular file (tar entry type "${type}")`);
    }
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new TarFormatError(`${path} has an unreadable size`);
    }
    let remaining = size;
    const cutShort = () => `the archive is cut short in ${path}`;
    const body = (async function* () {
      while (remaining > 0) {
        const chunk = await reader.read(Math.min(remaining, 256 * 1024));
        if (chunk.length === 0) {
          throw new TarFormatError(cutShort());
        }
        remaining -= chunk.length;
        yield chunk;
      }
    })();
    yield { path, size, body };
    while (remaining > 0) {
      const chunk = await reader.read(Math.min(remaining, 256 * 1024));
      if (chunk.length === 0) {
        throw new TarFormatError(cutShort());
      }
      remaining -= chunk.length;
    }
    await reader.exactly(padding(size).length, cutShort);
    previous = path;
  }
}
