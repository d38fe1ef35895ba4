// The Picker's list logic, kept apart from the markup: what a query shows and where the arrows go.
import type { Choice, ChoiceList } from './bindings';

/** One row of the listbox: a choice (or the "Autotask default" row, id null); inactive rows cannot be picked. */
export type Row = {
  key: string;
  id: number | null;
  text: string;
  inactive: boolean;
  isDefault: boolean;
};

export const choiceText = (c: Choice): string => `${c.label} (${c.id})`;

/** Matches by name (any part, any case) or by ID (any digits of it). */
export function matches(choice: Choice, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || choice.label.toLowerCase().includes(q) || String(choice.id).includes(q);
}

const toRow = (c: Choice, inactive: boolean): Row => ({
  key: `${inactive ? 'i' : 'c'}${c.id}`,
  id: c.id,
  text: choiceText(c),
  inactive,
  isDefault: c.isDefault,
});

/** The rows a query shows: the empty choice (when optional) while not filtering, then active, then inactive. */
export function rowsFor(
  list: ChoiceList,
  query: string,
  emptyText: string | null,
): { active: Row[]; inactive: Row[] } {
  const active = list.choices.filter((c) => matches(c, query)).map((c) => toRow(c, false));
  if (emptyText !== null && !query.trim())
    active.unshift({ key: 'none', id: null, text: emptyText, inactive: false, isDefault: false });
  return {
    active,
    inactive: list.inactive.filter((c) => matches(c, query)).map((c) => toRow(c, true)),
  };
}

/** The next selectable row from `from` in `direction`, clamped at the ends (no wrap, as in a native list). */
export function step(rows: Row[], from: number, direction: 1 | -1): number {
  if (!rows.length) return -1;
  if (from < 0) return direction === 1 ? 0 : rows.length - 1;
  return Math.min(rows.length - 1, Math.max(0, from + direction));
}

/** What the input shows for `value` when the list is closed. */
export function valueText(
  list: ChoiceList | null,
  value: number | null,
  savedLabel: string | null,
  emptyText: string | null,
): string {
  if (value === null) return emptyText ?? '';
  const found =
    list?.choices.find((c) => c.id === value) ?? list?.inactive.find((c) => c.id === value);
  if (found) return choiceText(found);
  return savedLabel ? `${savedLabel} (${value})` : String(value);
}
