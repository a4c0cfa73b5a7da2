import { Injectable } from '@nestjs/common';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { formatSize, MAX_IMPORT_BYTES } from './extraction/read-document';
import { importReviewPage, importsListPage } from './import-page.view';
import { ImportsService } from './imports.service';

/** The import forms: the upload (on the list of imports), the review, and discarding an import. */
export type ImportForm = 'upload' | 'review' | 'discard';

/**
 * A refused import form shown again: the list with the upload error, or the review with the
 * error, as typed when the review itself was sent (a refused discard shows the review as saved).
 */
@Injectable()
export class ImportFormPages implements FormPageProvider<ImportForm> {
  constructor(private readonly imports: ImportsService) {}

  async refusedPage(form: ImportForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    if (form === 'upload') {
      return { view: 'imports/index', model: importsListPage(await this.imports.list(), errors) };
    }
    const row = await this.imports.get(Number((request.params as Record<string, string>).importId));
    return {
      view: 'imports/review',
      model: importReviewPage(row, await this.imports.forces(), errors, form === 'review' ? typed : null),
    };
  }

  fileTooLargeMessage(): string {
    return `The selected file is larger than ${formatSize(MAX_IMPORT_BYTES)}, the largest file that can be imported.`;
  }
}
