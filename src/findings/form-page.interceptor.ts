import {
  applyDecorators,
  PayloadTooLargeException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, from, map, Observable, throwError } from 'rxjs';
import type { TrackerRequest } from '../auth/session.middleware';
import { EnvironmentVariables } from '../config/env.validation';
import { errorsForView, FormError } from '../common/form-error';
import { FINDING_FORMS, FindingFormsService, type FindingForm } from './finding-forms.service';

const FORM_PAGE = 'finding-form-page';

/**
 * When a form about a finding is refused (bad input, a workflow rule, a version conflict), shows
 * the same form again with what the user typed and each error beside its field.
 */
@Injectable()
export class FormPageInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly forms: FindingFormsService,
    private readonly env: EnvironmentVariables,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const form = this.reflector.get<FindingForm | undefined>(FORM_PAGE, context.getHandler());
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof PayloadTooLargeException) {
          // Multer stopped reading the upload at the size limit.
          error = new FormError(
            [
              {
                field: 'file',
                message: `The selected file is larger than the upload limit of ${this.env.MAX_UPLOAD_MB} MB`,
              },
            ],
            413,
          );
        }
        if (!(error instanceof FormError) || !form) {
          return throwError(() => error);
        }
        const request = context.switchToHttp().getRequest<TrackerRequest>();
        const response = context.switchToHttp().getResponse<Response>();
        const params = request.params as Record<string, string>;
        const formError = error;
        return from(
          this.forms.page(form, params.reference, request.user!, {
            actionId: Number(params.actionId),
            evidenceId: Number(params.evidenceId),
          }),
        ).pipe(
          map((page) => {
            const typed = { ...(request.body as Record<string, unknown>) };
            delete typed.version;
            delete typed.loadedAt;
            response.status(formError.getStatus()).render(FINDING_FORMS[form].view, {
              ...page,
              values: { ...page.values, ...typed },
              errors: errorsForView(formError.errors),
            });
            return undefined;
          }),
        );
      }),
    );
  }
}

/** Marks a POST handler as the target of a form page, so refusals re-render that form. */
export const FormPage = (form: FindingForm) =>
  applyDecorators(SetMetadata(FORM_PAGE, form), UseInterceptors(FormPageInterceptor));
