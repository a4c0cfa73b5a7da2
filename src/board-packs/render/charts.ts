/**
 * The board pack's charts as standalone, accessible SVG (role="img", <title>, <desc> with every
 * figure, aria-labelledby), drawn in a viewBox so they scale and print crisply, with every bar and
 * point labelled with its number. The same chart data (packChartSpecs) feeds the PDF, which draws
 * the charts with vector primitives, and Word, which shows them as tables of their figures.
 */
import type { BoardPack } from '../board-pack.types';
import { escapeXml, formatCount } from './format';

export interface ChartDatum {
  label: string;
  value: number;
}

export interface ChartSeries {
  key: string;
  label: string;
  values: number[];
  /** A fill colour (#rrggbb); by default one of SERIES_COLOURS by key, or the fallback palette. */
  colour?: string;
}

interface ChartCommon {
  /** Prefix for element ids (made safe), unique on the page that embeds the chart. */
  id: string;
  /** The accessible name; shown above the chart only when `showTitle` is set. */
  title: string;
  /** A longer description; by default every figure in words. */
  description?: string;
  showTitle?: boolean;
  /** Width of the viewBox in user units (pixels when shown at natural size). */
  width?: number;
}

export interface BarChartOptions extends ChartCommon {
  data: ChartDatum[];
  /** What a bar counts, e.g. "Open findings": the value axis's label. */
  valueLabel?: string;
  colour?: string;
}

export interface StackedBarChartOptions extends ChartCommon {
  categories: string[];
  series: ChartSeries[];
  valueLabel?: string;
  /** What a category is, e.g. "Report year". */
  categoryLabel?: string;
}

export interface LineChartOptions extends ChartCommon {
  points: ChartDatum[];
  valueLabel?: string;
  /** What a point is, e.g. "Period". */
  categoryLabel?: string;
  colour?: string;
}

/** Dark text colour, near black (GOV.UK's). */
export const TEXT_COLOUR = '#0b0c0c';
export const MUTED_TEXT_COLOUR = '#505a5f';
export const GRID_COLOUR = '#b1b4b6';
export const BAR_COLOUR = '#1d70b8';

/**
 * Fills for the finding statuses. Each has a contrast of at least 4.5:1 with white, so the bars
 * stand out on a white page and white numbers inside them are readable.
 */
export const SERIES_COLOURS: Readonly<Record<string, string>> = {
  not_started: '#505a5f',
  in_progress: '#1d70b8',
  implemented: '#8a5a00',
  verified_closed: '#00703c',
  superseded: '#4c2c92',
};
const FALLBACK_COLOURS = ['#1d70b8', '#00703c', '#8a5a00', '#4c2c92', '#912b88', '#505a5f', '#d4351c', '#0b0c0c'];

export function seriesColour(series: Pick<ChartSeries, 'key' | 'colour'>, index: number): string {
  return series.colour ?? SERIES_COLOURS[series.key] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}

/** Relative luminance (WCAG) of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or near-black, whichever reads better on `fill`. */
export function textColourOn(fill: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(fill)) {
    return TEXT_COLOUR;
  }
  const l = luminance(fill);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / (luminance(TEXT_COLOUR) + 0.05);
  return onWhite >= onBlack ? '#ffffff' : TEXT_COLOUR;
}

/** A colour attribute value: a #rgb/#rrggbb colour as given, anything else falls back. */
function safeColour(colour: string | undefined, fallback: string): string {
  return colour && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour) ? colour : fallback;
}

/** A count for charting: finite and not negative. */
export function chartValue(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** A round axis maximum and tick step (1, 2 or 5 × 10ⁿ) for values up to `max`, with at most `maxTicks` steps. */
export function niceScale(max: number, maxTicks = 5): { max: number; step: number } {
  if (!(max > 0)) {
    return { max: 1, step: 1 };
  }
  const rough = max / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const wholeStep = Math.max(1, step);
  return { max: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
}

const FONT = 'Arial, Helvetica, sans-serif';
const FONT_SIZE = 12;
/** Rough width of a character of the chart font at 12px: enough to lay out labels. */
const CHAR_WIDTH = 6.6;

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `chart-${cleaned}`;
}

function truncate(label: string, maxChars: number): string {
  return label.length <= maxChars ? label : `${label.slice(0, Math.max(1, maxChars - 1))}…`;
}

function text(x: number, y: number, content: string, attributes: Record<string, string | number> = {}): string {
  const extra = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  return `<text x="${n(x)}" y="${n(y)}"${extra}>${escapeXml(content)}</text>`;
}

function svgDocument(options: ChartCommon, width: number, height: number, description: string, body: string[]): string {
  const id = safeId(options.id);
  const titleBlock = options.showTitle ? [text(0, 16, options.title, { 'font-size': 15, 'font-weight': 'bold' })] : [];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}"`,
    ` role="img" aria-labelledby="${id}-title ${id}-desc" class="board-chart" font-family="${FONT}" font-size="${FONT_SIZE}" fill="${TEXT_COLOUR}">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(options.description ?? description)}</desc>`,
    `<rect width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`,
    ...titleBlock,
    ...body,
    '</svg>',
  ].join('');
}

/** Room left of a vertical value axis for its title, which reads bottom to top. */
const AXIS_TITLE_ROOM = 20;

function valueAxisTitle(label: string, middle: number): string {
  return `<text x="0" y="0" transform="translate(14 ${n(middle)}) rotate(-90)" text-anchor="middle" fill="${MUTED_TEXT_COLOUR}">${escapeXml(label)}</text>`;
}

function describeData(data: readonly ChartDatum[], valueLabel: string): string {
  if (data.length === 0) {
    return 'No data.';
  }
  return `${valueLabel}: ${data.map((d) => `${d.label}, ${formatCount(chartValue(d.value))}`).join('; ')}.`;
}

function noDataBody(width: number, top: number): string[] {
  return [text(width / 2, top + 30, 'No data to show', { 'text-anchor': 'middle', fill: MUTED_TEXT_COLOUR })];
}

/** A horizontal bar chart: one labelled bar per datum, its number at the bar's end. */
export function barChartSvg(options: BarChartOptions): string {
  const width = options.width ?? 640;
  const valueLabel = options.valueLabel ?? 'Count';
  const data = options.data.map((d) => ({ label: d.label, value: chartValue(d.value) }));
  const description = describeData(data, valueLabel);
  const top = options.showTitle ? 28 : 8;
  if (data.length === 0) {
    return svgDocument(options, width, top + 50, description, noDataBody(width, top));
  }
  const maxLabelChars = Math.floor((width * 0.4) / CHAR_WIDTH);
  const longest = Math.max(...data.map((d) => Math.min(d.label.length, maxLabelChars)));
  const labelWidth = Math.min(width * 0.4, longest * CHAR_WIDTH + 12);
  const scale = niceScale(Math.max(...data.map((d) => d.value)));
  const valueRoom = formatCount(scale.max).length * CHAR_WIDTH + 10;
  const plotLeft = labelWidth;
  const plotWidth = width - plotLeft - valueRoom;
  const rowHeight = 28;
  const barHeight = 18;
  const plotHeight = rowHeight * data.length;
  const height = top + plotHeight + 44;
  const colour = safeColour(options.colour, BAR_COLOUR);
  const x = (value: number) => plotLeft + (value / scale.max) * plotWidth;

  const body: string[] = [];
  for (let tick = 0; tick <= scale.max; tick += scale.step) {
    body.push(
      `<line x1="${n(x(tick))}" y1="${n(top)}" x2="${n(x(tick))}" y2="${n(top + plotHeight)}" stroke="${GRID_COLOUR}" stroke-width="1"/>`,
    );
    body.push(
      text(x(tick), top + plotHeight + 16, formatCount(tick), {
        'text-anchor': 'middle',
        fill: MUTED_TEXT_COLOUR,
        'font-size': 11,
      }),
    );
  }
  data.forEach((d, index) => {
    const y = top + index * rowHeight + (rowHeight - barHeight) / 2;
    const barWidth = x(d.value) - plotLeft;
    body.push(text(plotLeft - 8, y + barHeight / 2 + 4, truncate(d.label, maxLabelChars), { 'text-anchor': 'end' }));
    body.push(
      `<rect x="${n(plotLeft)}" y="${n(y)}" width="${n(barWidth)}" height="${barHeight}" fill="${colour}"><title>${escapeXml(`${d.label}: ${formatCount(d.value)}`)}</title></rect>`,
    );
    body.push(text(plotLeft + barWidth + 6, y + barHeight / 2 + 4, formatCount(d.value), { 'font-weight': 'bold' }));
  });
  body.push(
    `<line x1="${n(plotLeft)}" y1="${n(top)}" x2="${n(plotLeft)}" y2="${n(top + plotHeight)}" stroke="${TEXT_COLOUR}" stroke-width="1"/>`,
  );
  body.push(
    text(plotLeft + plotWidth / 2, top + plotHeight + 36, valueLabel, {
      'text-anchor': 'middle',
      fill: MUTED_TEXT_COLOUR,
    }),
  );
  return svgDocument(options, width, height, description, body);
}

/** Lays legend entries out in rows within `width`; returns each entry's position and the height used. */
function legendLayout(
  labels: readonly string[],
  width: number,
): { positions: Array<{ x: number; row: number }>; rows: number } {
  const positions: Array<{ x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  for (const label of labels) {
    const entryWidth = 18 + Math.min(label.length, 40) * CHAR_WIDTH + 16;
    if (x > 0 && x + entryWidth > width) {
      x = 0;
      row += 1;
    }
    positions.push({ x, row });
    x += entryWidth;
  }
  return { positions, rows: labels.length === 0 ? 0 : row + 1 };
}

/** Vertical columns, one per category, stacked by series, with a legend and each column's total on top. */
export function stackedBarChartSvg(options: StackedBarChartOptions): string {
  const width = options.width ?? 640;
  const valueLabel = options.valueLabel ?? 'Count';
  const categories = options.categories;
  const series = options.series.map((s, index) => ({
    label: s.label,
    colour: safeColour(seriesColour(s, index), FALLBACK_COLOURS[index % FALLBACK_COLOURS.length]),
    values: categories.map((_, at) => chartValue(s.values[at] ?? 0)),
  }));
  const totals = categories.map((_, at) => series.reduce((sum, s) => sum + s.values[at], 0));
  const description =
    categories.length === 0
      ? 'No data.'
      : `${valueLabel} by ${options.categoryLabel ?? 'category'}: ${categories
          .map(
            (category, at) =>
              `${category}: ${series.map((s) => `${s.label} ${formatCount(s.values[at])}`).join(', ')}; total ${formatCount(totals[at])}`,
          )
          .join('. ')}.`;
  const top = options.showTitle ? 28 : 8;
  if (categories.length === 0 || series.length === 0) {
    return svgDocument(options, width, top + 50, description, noDataBody(width, top));
  }

  const legend = legendLayout(
    series.map((s) => s.label),
    width,
  );
  const legendHeight = legend.rows * 20 + 8;
  const body: string[] = [];
  series.forEach((s, index) => {
    const { x, row } = legend.positions[index];
    const y = top + row * 20;
    body.push(`<rect x="${n(x)}" y="${n(y)}" width="12" height="12" fill="${s.colour}"/>`);
    body.push(text(x + 18, y + 11, truncate(s.label, 40)));
  });

  const scale = niceScale(Math.max(...totals));
  const axisWidth = Math.max(36, formatCount(scale.max).length * CHAR_WIDTH + 14);
  const plotLeft = AXIS_TITLE_ROOM + axisWidth;
  const plotTop = top + legendHeight + 18;
  const plotHeight = 220;
  const plotWidth = width - plotLeft - 8;
  const slot = plotWidth / categories.length;
  const columnWidth = Math.min(64, slot * 0.62);
  const y = (value: number) => plotTop + plotHeight - (value / scale.max) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil((Math.max(...categories.map((c) => c.length)) * CHAR_WIDTH + 6) / slot));
  const height = plotTop + plotHeight + 48;

  for (let tick = 0; tick <= scale.max; tick += scale.step) {
    body.push(
      `<line x1="${n(plotLeft)}" y1="${n(y(tick))}" x2="${n(plotLeft + plotWidth)}" y2="${n(y(tick))}" stroke="${GRID_COLOUR}" stroke-width="1"/>`,
    );
    body.push(
      text(plotLeft - 6, y(tick) + 4, formatCount(tick), {
        'text-anchor': 'end',
        fill: MUTED_TEXT_COLOUR,
        'font-size': 11,
      }),
    );
  }
  categories.forEach((category, at) => {
    const left = plotLeft + slot * at + (slot - columnWidth) / 2;
    let base = 0;
    series.forEach((s) => {
      const value = s.values[at];
      if (value > 0) {
        const yTop = y(base + value);
        const h = y(base) - yTop;
        body.push(
          `<rect x="${n(left)}" y="${n(yTop)}" width="${n(columnWidth)}" height="${n(h)}" fill="${s.colour}" stroke="#ffffff" stroke-width="1"><title>${escapeXml(`${category}, ${s.label}: ${formatCount(value)}`)}</title></rect>`,
        );
        const label = formatCount(value);
        if (h >= 15 && label.length * 6.2 <= columnWidth - 2) {
          body.push(
            text(left + columnWidth / 2, yTop + h / 2 + 4, label, {
              'text-anchor': 'middle',
              fill: textColourOn(s.colour),
              'font-size': 11,
            }),
          );
        }
      }
      base += value;
    });
    body.push(
      text(left + columnWidth / 2, y(totals[at]) - 5, formatCount(totals[at]), {
        'text-anchor': 'middle',
        'font-weight': 'bold',
      }),
    );
    if (at % labelEvery === 0) {
      body.push(text(left + columnWidth / 2, plotTop + plotHeight + 16, category, { 'text-anchor': 'middle' }));
    }
  });
  body.push(
    `<line x1="${n(plotLeft)}" y1="${n(plotTop + plotHeight)}" x2="${n(plotLeft + plotWidth)}" y2="${n(plotTop + plotHeight)}" stroke="${TEXT_COLOUR}" stroke-width="1"/>`,
  );
  if (options.categoryLabel) {
    body.push(
      text(plotLeft + plotWidth / 2, plotTop + plotHeight + 36, options.categoryLabel, {
        'text-anchor': 'middle',
        fill: MUTED_TEXT_COLOUR,
      }),
    );
  }
  body.push(valueAxisTitle(valueLabel, plotTop + plotHeight / 2));
  return svgDocument(options, width, height, description, body);
}

/** A line through one point per period, each point labelled with its number. */
export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 640;
  const valueLabel = options.valueLabel ?? 'Count';
  const points = options.points.map((p) => ({ label: p.label, value: chartValue(p.value) }));
  const description = describeData(points, valueLabel);
  const top = options.showTitle ? 28 : 8;
  if (points.length === 0) {
    return svgDocument(options, width, top + 50, description, noDataBody(width, top));
  }
  const colour = safeColour(options.colour, BAR_COLOUR);
  const scale = niceScale(Math.max(...points.map((p) => p.value)));
  const axisWidth = Math.max(36, formatCount(scale.max).length * CHAR_WIDTH + 14);
  const plotLeft = AXIS_TITLE_ROOM + axisWidth;
  const plotTop = top + 18;
  const plotHeight = 200;
  const plotWidth = width - plotLeft - 24;
  const slot = plotWidth / points.length;
  const x = (at: number) => plotLeft + slot * at + slot / 2;
  const y = (value: number) => plotTop + plotHeight - (value / scale.max) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil((Math.max(...points.map((p) => p.label.length)) * CHAR_WIDTH + 6) / slot));
  const valueEvery = Math.max(1, Math.ceil((formatCount(scale.max).length * 7 + 4) / slot));
  const height = plotTop + plotHeight + 48;

  const body: string[] = [];
  for (let tick = 0; tick <= scale.max; tick += scale.step) {
    body.push(
      `<line x1="${n(plotLeft)}" y1="${n(y(tick))}" x2="${n(plotLeft + plotWidth)}" y2="${n(y(tick))}" stroke="${GRID_COLOUR}" stroke-width="1"/>`,
    );
    body.push(
      text(plotLeft - 6, y(tick) + 4, formatCount(tick), {
        'text-anchor': 'end',
        fill: MUTED_TEXT_COLOUR,
        'font-size': 11,
      }),
    );
  }
  body.push(
    `<line x1="${n(plotLeft)}" y1="${n(plotTop + plotHeight)}" x2="${n(plotLeft + plotWidth)}" y2="${n(plotTop + plotHeight)}" stroke="${TEXT_COLOUR}" stroke-width="1"/>`,
  );
  body.push(
    `<polyline points="${points.map((p, at) => `${n(x(at))},${n(y(p.value))}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/>`,
  );
  points.forEach((p, at) => {
    body.push(
      `<circle cx="${n(x(at))}" cy="${n(y(p.value))}" r="4.5" fill="${colour}" stroke="#ffffff" stroke-width="1.5"><title>${escapeXml(`${p.label}: ${formatCount(p.value)}`)}</title></circle>`,
    );
    if (at % valueEvery === 0 || at === points.length - 1) {
      body.push(
        text(x(at), y(p.value) - 10, formatCount(p.value), {
          'text-anchor': 'middle',
          'font-weight': 'bold',
          'font-size': 11,
        }),
      );
    }
    if (at % labelEvery === 0 || (at === points.length - 1 && (points.length - 1) % labelEvery >= labelEvery / 2)) {
      body.push(text(x(at), plotTop + plotHeight + 16, p.label, { 'text-anchor': 'middle' }));
    }
  });
  if (options.categoryLabel) {
    body.push(
      text(plotLeft + plotWidth / 2, plotTop + plotHeight + 36, options.categoryLabel, {
        'text-anchor': 'middle',
        fill: MUTED_TEXT_COLOUR,
      }),
    );
  }
  body.push(valueAxisTitle(valueLabel, plotTop + plotHeight / 2));
  return svgDocument(options, width, height, description, body);
}

/** A chart's figures as a plain table (headings and rows of text), e.g. for Word or a screen reader. */
export interface ChartTable {
  headings: string[];
  rows: string[][];
}

interface ChartSpecBase {
  id: 'status-by-year' | 'open-by-age' | 'open-by-owner' | 'open-trend';
  title: string;
  caption: string;
  valueLabel: string;
  categoryLabel: string;
}

export type ChartSpec =
  | (ChartSpecBase & { kind: 'bar'; data: ChartDatum[] })
  | (ChartSpecBase & { kind: 'stacked'; categories: string[]; series: ChartSeries[] })
  | (ChartSpecBase & { kind: 'line'; points: ChartDatum[] });

/** Owners shown as bars of their own; the rest share one "Other owners" bar so the chart fits a page. */
export const MAX_OWNER_BARS = 20;

/** The largest `max - 1` items, then one bar for the rest (when there are more than `max`). */
export function topWithOther(
  data: readonly ChartDatum[],
  max: number,
  otherLabel: (count: number) => string,
): ChartDatum[] {
  if (data.length <= max) {
    return [...data];
  }
  const sorted = [...data].sort((a, b) => chartValue(b.value) - chartValue(a.value));
  const rest = sorted.slice(max - 1);
  return [
    ...sorted.slice(0, max - 1),
    { label: otherLabel(rest.length), value: rest.reduce((sum, d) => sum + chartValue(d.value), 0) },
  ];
}

/** The pack's four charts as data, in the order they appear. */
export function packChartSpecs(pack: BoardPack): ChartSpec[] {
  const { charts } = pack;
  return [
    {
      id: 'status-by-year',
      kind: 'stacked',
      title: 'Findings by report year and status',
      caption: 'Findings in scope by the year their report was published, split by status.',
      valueLabel: 'Findings',
      categoryLabel: 'Report year',
      categories: charts.statusByYear.categories,
      series: charts.statusByYear.series,
    },
    {
      id: 'open-by-age',
      kind: 'bar',
      title: 'Open findings by age',
      caption: 'Open findings by the time since their report was published.',
      valueLabel: 'Open findings',
      categoryLabel: 'Age',
      data: charts.openByAgeBand.map((d) => ({ label: d.label, value: d.count })),
    },
    {
      id: 'open-by-owner',
      kind: 'bar',
      title: 'Open findings by owner',
      caption: 'Open findings by the person or team that owns them.',
      valueLabel: 'Open findings',
      categoryLabel: 'Owner',
      data: topWithOther(
        charts.openByOwner.map((d) => ({ label: d.label, value: d.count })),
        MAX_OWNER_BARS,
        (count) => `${formatCount(count)} other owners`,
      ),
    },
    {
      id: 'open-trend',
      kind: 'line',
      title: 'Open findings over time',
      caption: 'Open findings at the end of each period.',
      valueLabel: 'Open findings',
      categoryLabel: 'Period',
      points: charts.openTrend.map((d) => ({ label: d.label, value: d.count })),
    },
  ];
}

/** The figures behind a chart as a table. */
export function chartTable(spec: ChartSpec): ChartTable {
  if (spec.kind === 'stacked') {
    return {
      headings: [spec.categoryLabel, ...spec.series.map((s) => s.label), 'Total'],
      rows: spec.categories.map((category, at) => {
        const values = spec.series.map((s) => chartValue(s.values[at] ?? 0));
        return [category, ...values.map(formatCount), formatCount(values.reduce((a, b) => a + b, 0))];
      }),
    };
  }
  const data = spec.kind === 'bar' ? spec.data : spec.points;
  return {
    headings: [spec.categoryLabel, spec.valueLabel],
    rows: data.map((d) => [d.label, formatCount(chartValue(d.value))]),
  };
}

/** The SVG of a chart spec. */
export function chartSvg(spec: ChartSpec, width?: number): string {
  const common = { id: `chart-${spec.id}`, title: spec.title, valueLabel: spec.valueLabel, width };
  switch (spec.kind) {
    case 'stacked':
      return stackedBarChartSvg({
        ...common,
        categories: spec.categories,
        series: spec.series,
        categoryLabel: spec.categoryLabel,
      });
    case 'bar':
      return barChartSvg({ ...common, data: spec.data });
    case 'line':
      return lineChartSvg({ ...common, points: spec.points, categoryLabel: spec.categoryLabel });
  }
}

export interface PackChart {
  id: ChartSpec['id'];
  title: string;
  caption: string;
  svg: string;
  /** The same figures as a table, for a <details> or a screen reader. */
  table: ChartTable;
}

/** The pack's four charts as SVG strings with captions, ready to embed in the HTML page. */
export function packCharts(pack: BoardPack): PackChart[] {
  return packChartSpecs(pack).map((spec) => ({
    id: spec.id,
    title: spec.title,
    caption: spec.caption,
    svg: chartSvg(spec),
    table: chartTable(spec),
  }));
}

/** A chart's alternative text: its title and every figure in words (the figures of its table). */
export function chartAltText(spec: ChartSpec): string {
  const { headings, rows } = chartTable(spec);
  if (rows.length === 0) {
    return `${spec.title}: no data to show.`;
  }
  const figures =
    spec.kind === 'stacked'
      ? rows.map(
          (row) =>
            `${row[0]}: ${headings
              .slice(1)
              .map((heading, at) => `${heading} ${row[at + 1]}`)
              .join(', ')}`,
        )
      : rows.map((row) => `${row[0]}, ${row[1]}`);
  return `${spec.title}. ${headings[headings.length === 2 ? 1 : 0]}: ${figures.join('; ')}.`;
}
