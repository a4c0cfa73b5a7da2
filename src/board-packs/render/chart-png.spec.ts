import { inflateSync } from 'node:zlib';
import { BAR_COLOUR, packChartSpecs, seriesColour, type ChartSpec } from './charts';
import { chartPng, chartPngSize, crc32, encodePng, Raster } from './chart-png';
import { sampleBoardPack } from '../../../test/support/board-packs/sample-pack';

/** A PNG's chunks, each with its type, data and whether its CRC is right. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer; crcOk: boolean }> {
  const out: Array<{ type: string; data: Buffer; crcOk: boolean }> = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    const data = png.subarray(at + 8, at + 8 + length);
    const crcOk = png.readUInt32BE(at + 8 + length) === crc32(png.subarray(at + 4, at + 8 + length));
    out.push({ type, data, crcOk });
    at += 12 + length;
  }
  return out;
}

/** The pixels of a PNG written by encodePng (filter 0 on every row), as RGB rows. */
function decode(png: Buffer): { width: number; height: number; rgb: Buffer } {
  const parts = chunks(png);
  const header = parts.find((part) => part.type === 'IHDR')!.data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(parts.filter((part) => part.type === 'IDAT').map((part) => part.data)));
  expect(raw.length).toBe(height * (width * 3 + 1));
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    expect(raw[y * (width * 3 + 1)]).toBe(0);
    raw.copy(rgb, y * width * 3, y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1));
  }
  return { width, height, rgb };
}

const colourAt = (image: { width: number; rgb: Buffer }, x: number, y: number) => {
  const at = (y * image.width + x) * 3;
  return `#${[...image.rgb.subarray(at, at + 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
};

describe('crc32', () => {
  it('is the CRC-32 PNG uses', () => {
    expect(crc32(Buffer.from('IEND', 'ascii'))).toBe(0xae426082);
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
  });
});

describe('encodePng', () => {
  it('writes a valid PNG of the right size: signature, IHDR, IDAT and IEND with correct CRCs', () => {
    const rgb = new Uint8Array(7 * 3 * 3).fill(255);
    rgb.set([0x1d, 0x70, 0xb8], (2 * 7 + 4) * 3);
    const png = encodePng(7, 3, rgb);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const parts = chunks(png);
    expect(parts.map((part) => part.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(parts.every((part) => part.crcOk)).toBe(true);
    expect([...parts[0].data]).toEqual([0, 0, 0, 7, 0, 0, 0, 3, 8, 2, 0, 0, 0]);
    const image = decode(png);
    expect(colourAt(image, 4, 2)).toBe('#1d70b8');
    expect(colourAt(image, 3, 2)).toBe('#ffffff');
  });

  it('refuses pixels that do not match the size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(11))).toThrow('A 2×2 image needs 12 bytes, not 11');
  });
});

describe('chartPng', () => {
  const specs = packChartSpecs(sampleBoardPack());

  it('draws each of the pack’s charts as a PNG of its size', () => {
    for (const spec of specs) {
      const { png, width, height } = chartPng(spec);
      expect({ width, height }).toEqual(chartPngSize(spec));
      const image = decode(png);
      expect({ width: image.width, height: image.height }).toEqual({ width, height });
    }
  });

  it('draws a bar as long as its value, in the bar colour, longest for the largest value', () => {
    const spec: ChartSpec = {
      id: 'open-by-owner',
      kind: 'bar',
      title: 'Test',
      caption: '',
      valueLabel: 'Findings',
      categoryLabel: 'Owner',
      data: [
        { label: 'A', value: 10 },
        { label: 'B', value: 5 },
      ],
    };
    const image = decode(chartPng(spec).png);
    const barLength = (y: number) => {
      let x = 20;
      while (colourAt(image, x, y) === BAR_COLOUR) {
        x += 1;
      }
      return x - 20;
    };
    const first = barLength(20 + 14);
    const second = barLength(60 + 14);
    expect(first).toBeGreaterThan(100);
    expect(second / first).toBeCloseTo(0.5, 1);
  });

  it('stacks each series in its colour', () => {
    const stacked = specs.find((spec) => spec.kind === 'stacked')!;
    const image = decode(chartPng(stacked).png);
    const colours = new Set<string>();
    for (let y = 0; y < image.height; y += 2) {
      for (let x = 0; x < image.width; x += 2) {
        colours.add(colourAt(image, x, y));
      }
    }
    if (stacked.kind === 'stacked') {
      stacked.series.forEach((series, index) => {
        if (series.values.some((value) => value > 0)) {
          expect(colours).toContain(seriesColour(series, index));
        }
      });
    }
  });

  it('writes numbers in its digit font', () => {
    const raster = new Raster(40, 20);
    raster.number('10', 1, 1, '#0b0c0c');
    expect(raster.colourAt(1 + 3 * 1, 1)).toBe('#0b0c0c'); // the top of the 1
    expect(raster.colourAt(1 + 12 + 3, 1 + 3 * 2)).toBe('#ffffff'); // the hole in the 0
    expect(Raster.numberWidth('10')).toBe(21);
  });
});
