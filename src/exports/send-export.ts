/**
 * Sends an ExportDocument as a download: the Content-Type of the format, the file's name, never
 * cached, and the body streamed as the rows are read.
 */
import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { csvPieces } from './csv-export';
import { exportFileName, type ExportDocument } from './export-document';
import { drained, writeXlsx } from './xlsx-export';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const logger = new Logger('Exports');

/** Writes the document to the response in the format asked for, as it is read (see the file comment). */
export async function sendExport(response: Response, format: ExportFormat, document: ExportDocument): Promise<void> {
  const fileName = exportFileName(document, format);
  response.status(200);
  response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[format]);
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  try {
    if (format === 'xlsx') {
      await writeXlsx(document, response);
      return;
    }
    for await (const piece of csvPieces(document)) {
      response.write(piece);
      if (!(await drained(response))) {
        return;
      }
    }
    response.end();
  } catch (error) {
    if (!response.headersSent) {
      // Nothing sent yet: the error page answers instead of a download.
      ['Content-Type', 'Content-Disposition'].forEach((header) => response.removeHeader(header));
      throw error;
    }
    // Part of the file is already on its way: end the connection, so the download fails rather than looks whole.
    logger.error(`The export ${fileName} failed part way: ${error instanceof Error ? error.message : String(error)}`);
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
