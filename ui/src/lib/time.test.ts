import { describe, expect, it } from 'vitest';
import { localDate, localTime } from './time';

// Local time: the stamp is built from local parts, so the test holds in any time zone.
const local = (y: number, m: number, d: number, h: number, min: number) =>
  new Date(y, m, d, h, min).toISOString();

describe('times the window shows', () => {
  it('are local, to the minute, with the month named', () => {
    expect(localTime(local(2026, 11, 6, 5, 6))).toBe('6 Dec 2026, 05:06');
    expect(localTime(local(2027, 0, 31, 23, 59))).toBe('31 Jan 2027, 23:59');
    expect(localDate(local(2026, 2, 9, 0, 0))).toBe('9 Mar 2026');
  });

  it('leave an unreadable stamp as it came', () => {
    expect(localTime('not a time')).toBe('not a time');
    expect(localDate('')).toBe('');
  });
});
