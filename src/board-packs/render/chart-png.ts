/**
 * The pack's charts as PNG images, for Word (which does not take inline SVG reliably), drawn without a browser or a
 * native rasteriser: the same chart data (packChartSpecs) and colours as the SVG and PDF charts, drawn into a pixel
 * buffer and written as a PNG with Node's zlib. The bars and points carry their numbers (a small bitmap font of
 * digits); the labels and every figure are in the image's alternative text and in the table that follows it.
 */
import { deflateSync } from 'node:zlib';
import {
  BAR_COLOUR,
  chartValue,
  GRID_COLOUR,
  niceScale,
  seriesColour,
  TEXT_COLOUR,
  type ChartDatum,
  type ChartSpec,
} from './charts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of PNG chunks (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB image (3 bytes a pixel, rows top to bottom) as a PNG: 8-bit truecolour, no interlace, filter 0 a row. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) {
    throw new Error(`A ${width}×${height} image needs ${width * height * 3} bytes, not ${rgb.length}`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const rows = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y += 1) {
    rows[y * (width * 3 + 1)] = 0;
    rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Digits 3 wide and 5 high, a row of bits each (most significant bit on the left).
const DIGITS: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
  ',': [0, 0, 0, 2, 4],
  '.': [0, 0, 0, 0, 2],
};
const DIGIT_SCALE = 3;

/** A white canvas of pixels to draw rectangles, lines and numbers on. */
export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }

  private set(x: number, y: number, [r, g, b]: readonly number[]): void {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) {
      const at = (y * this.width + x) * 3;
      this.pixels[at] = r;
      this.pixels[at + 1] = g;
      this.pixels[at + 2] = b;
    }
  }

  /** The colour of a pixel, as #rrggbb. */
  colourAt(x: number, y: number): string {
    const at = (y * this.width + x) * 3;
    return `#${[...this.pixels.subarray(at, at + 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }

  fillRect(x: number, y: number, width: number, height: number, colour: string): void {
    const rgb = rgbOf(colour);
    for (let row = Math.round(y); row < Math.round(y + height); row += 1) {
      for (let column = Math.round(x); column < Math.round(x + width); column += 1) {
        this.set(column, row, rgb);
      }
    }
  }

  /** A line `thickness` pixels wide, as squares along it. */
  line(x1: number, y1: number, x2: number, y2: number, thickness: number, colour: string): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1)));
    for (let step = 0; step <= steps; step += 1) {
      const x = x1 + ((x2 - x1) * step) / steps;
      const y = y1 + ((y2 - y1) * step) / steps;
      this.fillRect(x - thickness / 2, y - thickness / 2, thickness, thickness, colour);
    }
  }

  /** The width a number takes in the digit font. */
  static numberWidth(text: string): number {
    return text.length * 4 * DIGIT_SCALE - DIGIT_SCALE;
  }

  static readonly NUMBER_HEIGHT = 5 * DIGIT_SCALE;

  /** A number (digits, commas and points) with its top-left corner at x, y. */
  number(text: string, x: number, y: number, colour: string): void {
    [...text].forEach((char, index) => {
      (DIGITS[char] ?? []).forEach((bits, row) => {
        for (let column = 0; column < 3; column += 1) {
          if (bits & (4 >> column)) {
            this.fillRect(
              x + (index * 4 + column) * DIGIT_SCALE,
              y + row * DIGIT_SCALE,
              DIGIT_SCALE,
              DIGIT_SCALE,
              colour,
            );
          }
        }
      });
    });
  }

  png(): Buffer {
    return encodePng(this.width, this.height, this.pixels);
  }
}

function rgbOf(colour: string): number[] {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour)?.[1] ?? '0b0c0c';
  return [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

const count = (value: number) => Math.round(value).toLocaleString('en-GB');

/** Horizontal bars, one a datum, each with its number at its end, over value grid lines. */
function drawBars(raster: Raster, data: readonly ChartDatum[]): void {
  const left = 20;
  const right = raster.width - 90;
  const scale = niceScale(Math.max(0, ...data.map((d) => chartValue(d.value))));
  drawGridVertical(raster, left, right, 10, raster.height - 10, scale);
  data.forEach((datum, index) => {
    const y = 20 + index * 40;
    const length = ((right - left) * chartValue(datum.value)) / scale.max;
    raster.fillRect(left, y, length, 28, BAR_COLOUR);
    raster.number(count(chartValue(datum.value)), left + length + 8, y + 7, TEXT_COLOUR);
  });
}

function drawGridVertical(
  raster: Raster,
  left: number,
  right: number,
  top: number,
  bottom: number,
  scale: { max: number; step: number },
): void {
  for (let value = 0; value <= scale.max; value += scale.step) {
    raster.fillRect(left + ((right - left) * value) / scale.max, top, 1, bottom - top, GRID_COLOUR);
  }
}

function drawGridHorizontal(
  raster: Raster,
  left: number,
  right: number,
  bottom: number,
  top: number,
  scale: { max: number; step: number },
): void {
  for (let value = 0; value <= scale.max; value += scale.step) {
    raster.fillRect(left, bottom - ((bottom - top) * value) / scale.max, right - left, 1, GRID_COLOUR);
  }
}

/** Columns stacked by series, one a category, each with its total above it. */
function drawStacked(raster: Raster, spec: Extract<ChartSpec, { kind: 'stacked' }>): void {
  const left = 20;
  const right = raster.width - 20;
  const top = 40;
  const bottom = raster.height - 20;
  const totals = spec.categories.map((_, at) => spec.series.reduce((sum, s) => sum + chartValue(s.values[at] ?? 0), 0));
  const scale = niceScale(Math.max(0, ...totals));
  drawGridHorizontal(raster, left, right, bottom, top, scale);
  const slot = (right - left) / Math.max(1, spec.categories.length);
  spec.categories.forEach((_, at) => {
    const x = left + slot * at + slot * 0.2;
    let y = bottom;
    spec.series.forEach((series, index) => {
      const height = ((bottom - top) * chartValue(series.values[at] ?? 0)) / scale.max;
      raster.fillRect(x, y - height, slot * 0.6, height, seriesColour(series, index));
      y -= height;
    });
    const label = count(totals[at]);
    raster.number(label, x + (slot * 0.6 - Raster.numberWidth(label)) / 2, y - Raster.NUMBER_HEIGHT - 6, TEXT_COLOUR);
  });
}

/** Points joined by a line, each with its number above it. */
function drawLine(raster: Raster, points: readonly ChartDatum[]): void {
  const left = 30;
  const right = raster.width - 30;
  const top = 40;
  const bottom = raster.height - 20;
  const scale = niceScale(Math.max(0, ...points.map((p) => chartValue(p.value))));
  drawGridHorizontal(raster, left, right, bottom, top, scale);
  const step = points.length > 1 ? (right - left) / (points.length - 1) : 0;
  const at = (index: number) => ({
    x: points.length > 1 ? left + step * index : (left + right) / 2,
    y: bottom - ((bottom - top) * chartValue(points[index].value)) / scale.max,
  });
  points.forEach((point, index) => {
    const here = at(index);
    if (index > 0) {
      const before = at(index - 1);
      raster.line(before.x, before.y, here.x, here.y, 4, BAR_COLOUR);
    }
    raster.fillRect(here.x - 6, here.y - 6, 12, 12, BAR_COLOUR);
    const label = count(chartValue(point.value));
    raster.number(label, here.x - Raster.numberWidth(label) / 2, here.y - Raster.NUMBER_HEIGHT - 12, TEXT_COLOUR);
  });
}

/** A chart's size in pixels: bar charts grow with their bars. */
export function chartPngSize(spec: ChartSpec): { width: number; height: number } {
  return { width: 1200, height: spec.kind === 'bar' ? Math.max(120, spec.data.length * 40 + 30) : 500 };
}

/** A chart spec as a PNG image and its size in pixels. */
export function chartPng(spec: ChartSpec): { png: Buffer; width: number; height: number } {
  const { width, height } = chartPngSize(spec);
  const raster = new Raster(width, height);
  if (spec.kind === 'bar') {
    drawBars(raster, spec.data);
  } else if (spec.kind === 'stacked') {
    drawStacked(raster, spec);
  } else {
    drawLine(raster, spec.points);
  }
  return { png: raster.png(), width, height };
}
