import { FormError, type FieldError } from '../common/form-error';
import type { BoardPack, BoardPackMeeting } from './board-pack.types';
import { COMMENTARY_MAX_LENGTH } from './dto/save-board-pack.dto';

export interface MeetingInput {
  meetingName: string;
  meetingDay: string;
  meetingMonth: string;
  meetingYear: string;
  commentary: string;
  findingComments?: Record<string, unknown>;
}

/** The id of the field of a finding's commentary on the pack page: by its place in the appendix. */
export function findingCommentField(index: number): string {
  return `findingComment-${index}`;
}

/** The meeting's date from the GOV.UK date input (YYYY-MM-DD), or the error to show beside it. */
export function meetingDateOf(day: string, month: string, year: string): string | FieldError {
  const field = 'meetingDate';
  if (!day && !month && !year) {
    return { field, message: 'Enter the date of the meeting' };
  }
  const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean);
  if (missing.length) {
    return { field, message: `The date of the meeting must include ${missing.join(' and ')}` };
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { field, message: 'The date of the meeting must be a real date, such as 27 11 2026' };
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) {
    return { field, message: 'The date of the meeting must be a real date, such as 27 11 2026' };
  }
  return iso;
}

/**
 * The meeting a pack is saved for, from the save form: its name and date, the lead's commentary on the whole pack,
 * and on each finding of the pack that has some (in the appendix's order). Refuses, each error beside its field, a
 * missing or impossible date, commentary that is too long, and commentary on a finding not in the pack.
 */
export function meetingOf(input: MeetingInput, pack: BoardPack): BoardPackMeeting {
  const errors: FieldError[] = [];
  const date = meetingDateOf(input.meetingDay, input.meetingMonth, input.meetingYear);
  if (typeof date !== 'string') {
    errors.push(date);
  }
  const given = input.findingComments ?? {};
  const references = new Set(pack.appendix.map((row) => row.reference));
  const unknown = Object.keys(given).filter((reference) => !references.has(reference));
  if (unknown.length) {
    errors.push({
      field: 'findingComments',
      message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in this pack: comment only on its findings`,
    });
  }
  const findings: BoardPackMeeting['findings'] = [];
  pack.appendix.forEach((row, index) => {
    const value = given[row.reference];
    const text = typeof value === 'string' ? value.trim() : '';
    if (value !== undefined && typeof value !== 'string') {
      errors.push({ field: findingCommentField(index), message: `Commentary on ${row.reference} must be text` });
    } else if (text.length > COMMENTARY_MAX_LENGTH) {
      errors.push({
        field: findingCommentField(index),
        message: `Commentary on ${row.reference} must be 5,000 characters or fewer`,
      });
    } else if (text) {
      findings.push({ reference: row.reference, title: row.title, commentary: text });
    }
  });
  if (errors.length || typeof date !== 'string') {
    throw new FormError(errors);
  }
  return { name: input.meetingName, date, commentary: input.commentary || null, findings };
}
