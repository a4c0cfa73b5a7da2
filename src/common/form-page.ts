import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  mixin,
  NestInterceptor,
  PayloadTooLargeException,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, map, Observable, throwError } from 'rxjs';
import { type FieldError, FormError } from './form-error';

/** A refused form, as a feature needs it to show the form again. */
export interface RefusedForm {
  /** The request: its route parameters and the signed-in user. */
  request: Request;
  /** What was sent, as typed (the CSRF token already removed). */
  typed: Record<string, unknown>;
  /** Each message with the field it belongs to. */
  errors: FieldError[];
}

/** A page to render: the view and its view model. */
export interface FormPageView {
  view: string;
  model: object;
}

/**
 * How a feature shows its forms again when one is refused (a FormError: bad input, a workflow
 * rule, a version conflict). `F` names the feature's forms.
 */
export interface FormPageProvider<F extends string> {
  /** The form page again, with what was typed and each error beside its field (see errorsForView). */
  refusedPage(form: F, refused: RefusedForm): Promise<FormPageView>;
  /**
   * For forms that take a file: the message shown on the field `file` when multer stopped reading
   * the upload at its size limit.
   */
  fileTooLargeMessage?(form: F): string;
}

/**
 * The refusal an error is for the form: a FormError as it is; an upload over multer's size limit
 * as a FormError on the field `file` (413) when there is a message for it; anything else null.
 */
export function refusalOf(error: unknown, fileTooLargeMessage?: string): FormError | null {
  if (error instanceof FormError) {
    return error;
  }
  if (error instanceof PayloadTooLargeException && fileTooLargeMessage !== undefined) {
    return new FormError([{ field: 'file', message: fileTooLargeMessage }], HttpStatus.PAYLOAD_TOO_LARGE);
  }
  return null;
}

/** What a form sent, as typed: a copy of the request's body (empty when there was none). */
export function typedValues(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
}

function formPageInterceptor<F extends string>(pages: Type<FormPageProvider<F>>, form: F): Type<NestInterceptor> {
  @Injectable()
  class FormPageInterceptor implements NestInterceptor {
    constructor(@Inject(pages) private readonly provider: FormPageProvider<F>) {}

    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return next.handle().pipe(
        catchError((error: unknown) => {
          const refusal = refusalOf(error, this.provider.fileTooLargeMessage?.(form));
          if (!refusal) {
            return throwError(() => error);
          }
          const request = context.switchToHttp().getRequest<Request>();
          const response = context.switchToHttp().getResponse<Response>();
          const refused = { request, typed: typedValues(request.body), errors: refusal.errors };
          return from(this.provider.refusedPage(form, refused)).pipe(
            map((page) => {
              response.status(refusal.getStatus()).render(page.view, page.model);
              return undefined;
            }),
          );
        }),
      );
    }
  }
  return mixin(FormPageInterceptor);
}

/**
 * Marks a POST handler as the target of one of a feature's forms: when it is refused with a
 * FormError, the form is shown again by the feature's FormPageProvider (a provider of the
 * controller's module), with the error's status. Put @UploadForm above it, so that multer's
 * refusal of a file over the size limit is shown on the form too.
 */
export function FormPage<F extends string>(pages: Type<FormPageProvider<F>>, form: NoInfer<F>) {
  return UseInterceptors(formPageInterceptor(pages, form));
}
