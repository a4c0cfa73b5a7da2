import { planUploadsCleanUp, UNREFERENCED_FILE_MIN_AGE_MS, type UploadEntry } from './uploads-clean-up';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const OLD = NOW - UNREFERENCED_FILE_MIN_AGE_MS - 1;
const YOUNG = NOW - 1_000;

const stored = (name: string, modifiedMs: number): UploadEntry => ({
  storedPath: `ab/${name}`,
  temporary: false,
  modifiedMs,
});
const half = (name: string, modifiedMs: number): UploadEntry => ({
  storedPath: `ab/.${name}.tmp`,
  temporary: true,
  modifiedMs,
});

describe('planUploadsCleanUp', () => {
  const entries = [
    stored('referenced-old', OLD),
    stored('referenced-young', YOUNG),
    stored('orphan-old', OLD),
    stored('orphan-young', YOUNG),
    half('tmp-old', OLD),
    half('tmp-young', YOUNG),
  ];
  const referenced = new Set(['ab/referenced-old', 'ab/referenced-young']);
  const names = (removed: UploadEntry[]) => removed.map((entry) => entry.storedPath).sort();

  it('with no other writer, removes every half-written and unreferenced file, whatever its age', () => {
    expect(names(planUploadsCleanUp({ entries, referenced, nowMs: NOW, otherWriters: false }))).toEqual([
      'ab/.tmp-old.tmp',
      'ab/.tmp-young.tmp',
      'ab/orphan-old',
      'ab/orphan-young',
    ]);
  });

  it('while another process may be writing, leaves young files alone: they may be in flight', () => {
    expect(names(planUploadsCleanUp({ entries, referenced, nowMs: NOW, otherWriters: true }))).toEqual([
      'ab/.tmp-old.tmp',
      'ab/orphan-old',
    ]);
  });

  it('never removes a referenced file', () => {
    for (const otherWriters of [false, true]) {
      const removed = planUploadsCleanUp({ entries, referenced, nowMs: NOW + 365 * 86_400_000, otherWriters });
      expect(removed.some((entry) => referenced.has(entry.storedPath))).toBe(false);
    }
  });

  it('takes the age at which a file is old enough as given', () => {
    const removed = planUploadsCleanUp({ entries, referenced, nowMs: NOW, otherWriters: true, minAgeMs: 500 });
    expect(names(removed)).toHaveLength(4);
  });
});
