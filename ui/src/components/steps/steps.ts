// The wizard's steps: the one source for their order and their headings.
export const STEPS = [
  { id: 'need', label: "What you'll need" },
  { id: 'apiUser', label: 'Create the API user' },
  { id: 'credentials', label: 'Paste credentials' },
  { id: 'test', label: 'Test' },
  { id: 'defaults', label: 'Ticket defaults' },
  { id: 'save', label: 'Save' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export const stepIndex = (id: StepId): number => STEPS.findIndex((s) => s.id === id);
export const stepLabel = (id: StepId): string => STEPS[stepIndex(id)]?.label ?? id;
/** The neighbouring step in `direction` (-1 back, +1 forward), if there is one. */
export const stepBeside = (id: StepId, direction: -1 | 1): StepId | undefined =>
  STEPS[stepIndex(id) + direction]?.id;
