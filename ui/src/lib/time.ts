// Every time the window shows is local and to the minute ("6 Dec 2026, 05:06"): stored stamps are UTC.
export function localTime(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
