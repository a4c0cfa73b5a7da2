import { plainToInstance, Transform } from 'class-transformer';
import { validateSync } from 'class-validator';
import { dateFromInput, datePartsOf, IsDateInput, isIsoDate, isRealDate, UnreadableDate } from './date-input';

class Form {
  @Transform(({ value }) => dateFromInput(value))
  @IsDateInput('The due date')
  dueDate: unknown;
}

const messagesFor = (dueDate: unknown) =>
  validateSync(plainToInstance(Form, { dueDate })).flatMap((error) => Object.values(error.constraints ?? {}));

describe('the GOV.UK date input', () => {
  it('assembles day, month and year into an ISO date', () => {
    expect(dateFromInput({ day: '5', month: '3', year: '2027' })).toBe('2027-03-05');
    expect(dateFromInput({ day: ' 05 ', month: '03', year: '2027' })).toBe('2027-03-05');
  });

  it('takes an ISO date as the API sends it, and nothing typed as no date', () => {
    expect(dateFromInput('2026-06-30')).toBe('2026-06-30');
    expect(dateFromInput('  ')).toBeUndefined();
    expect(dateFromInput({ day: '', month: ' ', year: '' })).toBeUndefined();
    expect(dateFromInput(undefined)).toBeUndefined();
  });

  it('says which part is missing, and refuses a day that is not in the calendar', () => {
    expect(dateFromInput({ day: '5', month: '', year: '2027' })).toEqual(new UnreadableDate('must include a month'));
    expect(dateFromInput({ day: '', month: '', year: '2027' })).toEqual(
      new UnreadableDate('must include a day and month'),
    );
    expect(dateFromInput({ day: '31', month: '2', year: '2027' })).toEqual(new UnreadableDate('must be a real date'));
    expect(dateFromInput({ day: 'first', month: '2', year: '2027' })).toEqual(
      new UnreadableDate('must be a real date, in numbers'),
    );
    expect(dateFromInput({ day: '1', month: '2', year: '27' })).toEqual(
      new UnreadableDate('must have a year of 4 numbers, for example 2027'),
    );
  });

  it('knows leap years', () => {
    expect(isRealDate(2028, 2, 29)).toBe(true);
    expect(isRealDate(2027, 2, 29)).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('31/12/2026')).toBe(false);
  });

  it('gives the message beside the field, led by its label', () => {
    expect(messagesFor({ day: '5', month: '', year: '2027' })).toEqual(['The due date must include a month']);
    expect(messagesFor({ day: '30', month: '2', year: '2027' })).toEqual(['The due date must be a real date']);
    expect(messagesFor('2026-02-30')).toEqual(['The due date must be a real date']);
    expect(messagesFor(undefined)).toEqual(['Enter the due date']);
    expect(messagesFor({ day: '28', month: '2', year: '2027' })).toEqual([]);
  });

  it('shows a stored date or what was typed as day, month and year', () => {
    expect(datePartsOf('2026-03-05')).toEqual({ day: '5', month: '3', year: '2026' });
    expect(datePartsOf({ day: '31', month: '2', year: '2027' })).toEqual({ day: '31', month: '2', year: '2027' });
    expect(datePartsOf(null)).toEqual({ day: '', month: '', year: '' });
    expect(datePartsOf('not a date')).toEqual({ day: '', month: '', year: '' });
  });
});
