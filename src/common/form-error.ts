import { HttpException, HttpStatus, type ValidationError } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Bad form input: each message with the field it belongs to, so the form can be shown again with
 * what the user typed and each error beside its field. The API gets the messages as JSON.
 */
export class FormError extends HttpException {
  constructor(
    readonly errors: FieldError[],
    status: number = HttpStatus.BAD_REQUEST,
  ) {
    super({ statusCode: status, message: errors.map((error) => error.message) }, status);
  }
}

/** class-validator errors (nested too) as field errors; used by the global ValidationPipe. */
export function fieldErrorsFrom(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsFrom(error.children ?? [], field)];
  });
}

/** The view model of a GOV.UK error summary and the per-field messages. */
export function errorsForView(errors: FieldError[]) {
  const byField: Record<string, string> = {};
  for (const error of errors) {
    byField[error.field] ??= error.message;
  }
  return { summary: errors.map((error) => ({ href: `#${error.field}`, text: error.message })), byField };
}
