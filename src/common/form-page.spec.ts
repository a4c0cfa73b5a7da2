import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { FormError } from './form-error';
import { refusalOf, typedValues } from './form-page';

describe('refusalOf', () => {
  it('takes a FormError as it is, with its status', () => {
    const error = new FormError([{ field: 'version', message: 'Someone else changed it' }], 409);
    expect(refusalOf(error, 'too large')).toBe(error);
    expect(refusalOf(error)?.getStatus()).toBe(409);
  });

  it('turns an upload over the size limit into a 413 on the field file, when the form takes files', () => {
    const refusal = refusalOf(new PayloadTooLargeException('File too large'), 'The file is over 20 MB');
    expect(refusal?.getStatus()).toBe(413);
    expect(refusal?.errors).toEqual([{ field: 'file', message: 'The file is over 20 MB' }]);
    expect(refusalOf(new PayloadTooLargeException('File too large'))).toBeNull();
  });

  it('leaves every other error to the error filter', () => {
    expect(refusalOf(new NotFoundException('No such finding'), 'too large')).toBeNull();
    expect(refusalOf(new BadRequestException(['bad']), 'too large')).toBeNull();
    expect(refusalOf(new Error('boom'))).toBeNull();
  });
});

describe('typedValues', () => {
  it('copies what was sent, so the form can be shown as typed without changing the request', () => {
    const body = { title: 'Typed', version: '3' };
    const typed = typedValues(body);
    expect(typed).toEqual(body);
    expect(typed).not.toBe(body);
  });

  it('is empty when nothing was sent', () => {
    expect(typedValues(undefined)).toEqual({});
    expect(typedValues('text')).toEqual({});
  });
});
