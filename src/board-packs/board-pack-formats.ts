import type { Response } from 'express';
import { FINDING_KINDS } from '../findings/finding-kind';
import { errorsForView, type FieldError } from '../common/form-error';
import type { BoardPackParameters } from './board-pack.service';
import { findingCommentField } from './board-pack-meeting';
import type { SavedPack } from './board-pack-snapshots.service';
import type { BoardPack } from './board-pack.types';
import type { BoardPackFormat } from './dto/board-pack.query';
import { packCharts } from './render/charts';
import { sinceWords } from './render/format';
import { renderAppendixCsv } from './render/csv';

const DOWNLOADS: Record<Exclude<BoardPackFormat, 'html'>, { label: string; type: string }> = {
  pdf: { label: 'PDF', type: 'application/pdf' },
  docx: { label: 'Word (editable)', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { label: 'Excel (appendix)', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  csv: { label: 'CSV (appendix)', type: 'text/csv; charset=utf-8' },
};

export interface PackContext {
  parameters: BoardPackParameters;
  saved: SavedPack | null;
  mayDecide: boolean;
  csrfToken: string | undefined;
  compareWith?: Array<{ id: number; createdAt: string }>;
  /** A refused save: what was typed and the errors, shown beside the save form's fields. */
  refused?: { values: Record<string, unknown>; errors: FieldError[] };
}

/**
 * The save form's fields: the meeting's name and date, the commentary on the pack, and a commentary field for each
 * finding of the pack; with what was typed and the errors of a refused save.
 */
function saveFormModel(pack: BoardPack, refused: PackContext['refused']) {
  const values = refused?.values ?? {};
  const text = (key: string) => (typeof values[key] === 'string' ? values[key] : '');
  const comments =
    values.findingComments && typeof values.findingComments === 'object'
      ? (values.findingComments as Record<string, unknown>)
      : {};
  const errors = refused ? errorsForView(refused.errors) : null;
  return {
    errors,
    meetingName: text('meetingName'),
    meetingDay: text('meetingDay'),
    meetingMonth: text('meetingMonth'),
    meetingYear: text('meetingYear'),
    commentary: text('commentary'),
    findings: pack.appendix.map((row, index) => {
      const field = findingCommentField(index);
      const value = comments[row.reference];
      return {
        field,
        reference: row.reference,
        title: row.title,
        value: typeof value === 'string' ? value : '',
        error: errors?.byField[field] ?? null,
      };
    }),
  };
}

/** The address of the same pack in another format. */
function formatHref(format: BoardPackFormat, context: PackContext): string {
  if (context.saved) {
    return `/board-packs/${context.saved.id}${format === 'html' ? '' : `?format=${format}`}`;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...context.parameters, format })) {
    if (value !== undefined && value !== null) {
      params.set(key, String(value));
    }
  }
  return `/board-packs/current?${params.toString()}`;
}

/** The file name of a download: force, date and pack number. */
export function packFileName(
  pack: BoardPack,
  format: Exclude<BoardPackFormat, 'html'>,
  savedId: number | null,
): string {
  const day = pack.meta.generatedAt.slice(0, 10);
  return `board-pack-${pack.meta.force.code.toLowerCase()}-${day}${savedId ? `-${savedId}` : ''}.${format}`;
}

/**
 * Renders a pack in a file format. Every format is made from the same BoardPack, so the figures agree. The renderers
 * (and pdfkit, docx and exceljs behind them) are loaded when a file is first asked for, not when the app or a command
 * line starts.
 */
export async function renderPackFile(pack: BoardPack, format: Exclude<BoardPackFormat, 'html'>): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return (await import('./render/pdf')).renderPdf(pack);
    case 'docx':
      return (await import('./render/docx')).renderDocx(pack);
    case 'xlsx':
      return (await import('./render/xlsx')).renderXlsx(pack);
    case 'csv':
      return Buffer.from(renderAppendixCsv(pack), 'utf8');
  }
}

/** Sends the pack as the printable page or as a download. */
export async function sendBoardPack(
  response: Response,
  pack: BoardPack,
  format: BoardPackFormat,
  context: PackContext,
): Promise<void> {
  if (format !== 'html') {
    const body = await renderPackFile(pack, format);
    response.setHeader('Content-Type', DOWNLOADS[format].type);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${packFileName(pack, format, context.saved?.id ?? null)}"`,
    );
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.send(body);
    return;
  }
  response.render(PACK_VIEW, packPageModel(pack, context));
}

/** The printable page's view and its model: the pack, its charts as SVG, and what this user may do with it. */
export const PACK_VIEW = 'board-packs/pack';

export function packPageModel(pack: BoardPack, context: PackContext) {
  return {
    pageTitle: pack.meta.title,
    nav: 'board-packs',
    breadcrumbs: [{ text: 'Board packs', href: '/board-packs' }],
    pack,
    since: sinceWords(pack),
    charts: packCharts(pack),
    saved: context.saved,
    mayDecide: context.mayDecide && !context.saved,
    csrfToken: context.csrfToken,
    errors: context.refused ? errorsForView(context.refused.errors) : null,
    meeting: pack.meeting ?? null,
    compareWith: context.compareWith ?? [],
    downloads: (Object.keys(DOWNLOADS) as Array<keyof typeof DOWNLOADS>).map((key) => ({
      label: DOWNLOADS[key].label,
      href: formatHref(key, context),
    })),
    saveFields: context.saved ? null : saveFormModel(pack, context.refused),
    saveForm: context.saved
      ? null
      : Object.entries({ ...context.parameters, force: pack.meta.force.code })
          .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null)
          .map(([name, value]) => ({ name, value: String(value) })),
    kindLabel: context.parameters.kind
      ? FINDING_KINDS[context.parameters.kind as keyof typeof FINDING_KINDS]?.label
      : null,
  };
}
