import { SaxesParser } from 'saxes';
import {
  barChartSvg,
  lineChartSvg,
  niceScale,
  packCharts,
  SERIES_COLOURS,
  stackedBarChartSvg,
  textColourOn,
  topWithOther,
} from './charts';
import { sampleBoardPack } from '../../../test/support/board-packs/sample-pack';

/** Throws unless `xml` is well-formed; returns its elements' names. */
function parseXml(xml: string): string[] {
  const names: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => names.push(tag.local));
  parser.write(xml).close();
  return names;
}

function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((at) => parseInt(hex.slice(at, at + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('barChartSvg', () => {
  const svg = barChartSvg({
    id: 'owners',
    title: 'Open findings by owner',
    valueLabel: 'Open findings',
    data: [
      { label: 'Head of Custody', value: 5 },
      { label: '<script>alert("x")</script> & co', value: 1234 },
      { label: 'No owner', value: 0 },
    ],
  });

  it('is a standalone, accessible, well-formed SVG that scales', () => {
    const names = parseXml(svg);
    expect(names[0]).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/viewBox="0 0 640 \d+(\.\d)?"/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="owners-title owners-desc"');
    expect(svg).toContain('<title id="owners-title">Open findings by owner</title>');
    expect(svg).toMatch(/<desc id="owners-desc">Open findings: Head of Custody, 5; .*No owner, 0\.<\/desc>/);
  });

  it('labels every bar with its number', () => {
    expect(svg).toContain('>5</text>');
    expect(svg).toContain('>1,234</text>');
    expect(svg).toContain('>0</text>');
  });

  it('escapes every label', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('makes ids safe and says when there is no data', () => {
    const empty = barChartSvg({ id: '1 "bad" id', title: 'Nothing', data: [] });
    parseXml(empty);
    expect(empty).toContain('id="chart-1--bad--id-title"');
    expect(empty).toContain('No data to show');
  });
});

describe('stackedBarChartSvg', () => {
  const svg = stackedBarChartSvg({
    id: 'years',
    title: 'Findings by year & status',
    categoryLabel: 'Report year',
    valueLabel: 'Findings',
    categories: ['2019', '2020'],
    series: [
      { key: 'not_started', label: 'Not started', values: [3, 0] },
      { key: 'in_progress', label: 'In progress', values: [10, 4] },
      { key: 'verified_closed', label: 'Verified closed', values: [1, Number.NaN] },
    ],
  });

  it('is well-formed, with a legend, column totals and the figures in its description', () => {
    parseXml(svg);
    expect(svg).toContain('<title id="years-title">Findings by year &amp; status</title>');
    expect(svg).toContain('>Not started</text>');
    expect(svg).toContain('>14</text>'); // 2019 total
    expect(svg).toContain('>4</text>'); // 2020 total
    expect(svg).toContain('2019: Not started 3, In progress 10, Verified closed 1; total 14');
    expect(svg).toContain('2020: Not started 0, In progress 4, Verified closed 0; total 4');
  });

  it('fills each status with its colour', () => {
    expect(svg).toContain(`fill="${SERIES_COLOURS.in_progress}"`);
    expect(svg).toContain(`fill="${SERIES_COLOURS.verified_closed}"`);
  });
});

describe('lineChartSvg', () => {
  it('draws a labelled point per period', () => {
    const svg = lineChartSvg({
      id: 'trend',
      title: 'Open findings over time',
      points: [
        { label: 'Q1 2026', value: 20 },
        { label: 'Q2 2026', value: 25 },
        { label: 'Today', value: 24 },
      ],
    });
    const names = parseXml(svg);
    expect(names.filter((name) => name === 'circle')).toHaveLength(3);
    expect(svg).toContain('<polyline');
    for (const label of ['20', '25', '24', 'Q1 2026', 'Today']) {
      expect(svg).toContain(`>${label}</text>`);
    }
  });
});

describe('colours', () => {
  it('stand out from a white page, and numbers inside bars are readable', () => {
    for (const colour of Object.values(SERIES_COLOURS)) {
      expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour, textColourOn(colour))).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColourOn('#ffdd00')).toBe('#0b0c0c');
  });
});

describe('niceScale', () => {
  it('rounds the axis up to 1, 2 or 5 steps', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(3)).toEqual({ max: 3, step: 1 });
    expect(niceScale(13)).toEqual({ max: 15, step: 5 });
    expect(niceScale(4321)).toEqual({ max: 5000, step: 1000 });
  });
});

describe('packCharts', () => {
  it('gives the four charts of the pack with captions and their figures', () => {
    const pack = sampleBoardPack();
    const charts = packCharts(pack);
    expect(charts.map((chart) => chart.id)).toEqual(['status-by-year', 'open-by-age', 'open-by-owner', 'open-trend']);
    for (const chart of charts) {
      parseXml(chart.svg);
      expect(chart.caption.length).toBeGreaterThan(10);
      expect(chart.svg).toContain(`id="chart-${chart.id}-title"`);
    }
    const byYear = charts[0].table;
    expect(byYear.headings).toEqual(['Report year', ...pack.charts.statusByYear.series.map((s) => s.label), 'Total']);
    const total = byYear.rows.reduce((sum, row) => sum + Number(row.at(-1)), 0);
    expect(total).toBe(pack.summary.total);
    const owners = charts[2].table.rows.reduce((sum, row) => sum + Number(row[1]), 0);
    expect(owners).toBe(pack.summary.open);
    expect(charts[3].table.rows.at(-1)).toEqual(['Today', String(pack.summary.open)]);
  });
});

describe('topWithOther', () => {
  it('keeps the largest bars and adds up the rest in one', () => {
    const data = Array.from({ length: 30 }, (_, index) => ({ label: `Owner ${index + 1}`, value: index + 1 }));
    const top = topWithOther(data, 20, (count) => `${count} other owners`);
    expect(top).toHaveLength(20);
    expect(top[0]).toEqual({ label: 'Owner 30', value: 30 });
    expect(top[19]).toEqual({ label: '11 other owners', value: (11 * 12) / 2 });
    expect(top.reduce((sum, d) => sum + d.value, 0)).toBe((30 * 31) / 2);
    expect(topWithOther(data.slice(0, 5), 20, () => 'x')).toEqual(data.slice(0, 5));
  });
});
