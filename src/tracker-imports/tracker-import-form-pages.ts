import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import { FORCE_ROLES } from '../access/roles';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { trackerListPage, trackerPreviewPage } from './tracker-import-page.view';
import { formatSizeMb, TrackerImportsService } from './tracker-imports.service';
import { MAX_TRACKER_BYTES } from './tracker-workbook';

export type TrackerImportForm = 'upload' | 'choices';

/** A refused tracker import form shown again: the upload form, or the preview with the error beside its field. */
@Injectable()
export class TrackerImportFormPages implements FormPageProvider<TrackerImportForm> {
  constructor(private readonly imports: TrackerImportsService) {}

  async refusedPage(form: TrackerImportForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as unknown as { user: CurrentUser }).user;
    if (form === 'upload') {
      return {
        view: 'tracker-imports/index',
        model: trackerListPage(
          await this.imports.list(user),
          await this.imports.organisationsFor(user),
          !FORCE_ROLES.includes(user.role),
          errors,
          typed,
        ),
      };
    }
    const id = Number((request.params as Record<string, string>).trackerImportId);
    return { view: 'tracker-imports/preview', model: trackerPreviewPage(await this.imports.preview(id, user), errors) };
  }

  fileTooLargeMessage(): string {
    return `The selected file is larger than ${formatSizeMb(MAX_TRACKER_BYTES)}, the largest spreadsheet taken.`;
  }
}
