// The ticket defaults as the screens show them. Which defaults there are, their labels and keys
// come from Rust's one declaration (TICKET_DEFAULT_FIELDS in bindings.ts); nothing here names one.
import { TICKET_DEFAULT_FIELDS } from './bindings';
import type { TicketDefaults } from './bindings';

export type DefaultSpec = (typeof TICKET_DEFAULT_FIELDS)[number];

/** No choice yet: every ID and label null. */
export const emptyDefaults = (): TicketDefaults =>
  Object.fromEntries(
    TICKET_DEFAULT_FIELDS.flatMap((spec) => [
      [spec.idKey, null],
      [spec.labelKey, null],
    ]),
  ) as TicketDefaults;

/** "Level II Support (29682834)", or the spec's unset text ("Not set", "Autotask default"). */
export const describeDefault = (defaults: TicketDefaults | null, spec: DefaultSpec): string => {
  const id = defaults?.[spec.idKey] ?? null;
  if (id === null) return spec.unset;
  // A name comes only from Autotask's lists: without one the ID was saved unchecked (H3).
  const label = defaults?.[spec.labelKey];
  return label ? `${label} (${id})` : `ID ${id} · not checked`;
};

/** Whether every default Vectis requires is chosen. */
export const requiredChosen = (defaults: TicketDefaults): boolean =>
  TICKET_DEFAULT_FIELDS.every((spec) => !spec.required || defaults[spec.idKey] !== null);

/** "a queue and a ticket category": the required defaults, for sentences. */
export const requiredNames = (): string =>
  TICKET_DEFAULT_FIELDS.filter((spec) => spec.required)
    .map((spec) => `a ${spec.name}`)
    .join(' and ');
