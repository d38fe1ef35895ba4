// Every time the window shows is local and to the minute ("6 Dec 2026, 05:06"), in the app's one
// language: stored stamps are UTC. Written out by hand rather than with `toLocaleString`: the
// first Intl call costs WebKit about 9 ms of ICU set-up, on the status screen's first frame
// (docs/benchmarks.md), while the Date getters cost nothing.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const twoDigits = (n: number) => String(n).padStart(2, '0');

function parsed(at: string): Date | null {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

const day = (date: Date) => `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;

/** "6 Dec 2026"; an unreadable stamp as it came. */
export function localDate(at: string): string {
  const date = parsed(at);
  return date ? day(date) : at;
}

/** "6 Dec 2026, 05:06"; an unreadable stamp as it came. */
export function localTime(at: string): string {
  const date = parsed(at);
  if (!date) return at;
  return `${day(date)}, ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}
