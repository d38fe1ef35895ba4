import { describe, expect, it } from 'vitest';
import { TICKET_DEFAULT_FIELDS } from './bindings';
import { describeDefault, emptyDefaults, requiredChosen, requiredNames } from './defaults';

describe('ticket defaults from the one declaration', () => {
  it('starts every declared default empty, with nothing else', () => {
    const keys = TICKET_DEFAULT_FIELDS.flatMap((spec) => [spec.idKey, spec.labelKey]);
    expect(Object.keys(emptyDefaults()).sort()).toEqual([...keys].sort());
    expect(Object.values(emptyDefaults()).every((v) => v === null)).toBe(true);
  });

  it('describes a choice by label and ID, and an empty one by its unset text', () => {
    const [required, optional] = [
      TICKET_DEFAULT_FIELDS.find((s) => s.required)!,
      TICKET_DEFAULT_FIELDS.find((s) => !s.required)!,
    ];
    const chosen = { ...emptyDefaults(), [required.idKey]: 7, [required.labelKey]: 'Level I' };
    expect(describeDefault(chosen, required)).toBe('Level I (7)');
    // H3: an ID without a name from Autotask's lists was saved unchecked, and says so.
    expect(describeDefault({ ...chosen, [required.labelKey]: null }, required)).toBe(
      'ID 7 · not checked',
    );
    expect(describeDefault(chosen, optional)).toBe('Autotask default');
    expect(describeDefault(null, required)).toBe('Not set');
  });

  it('needs every required default, and names them for sentences', () => {
    const defaults = emptyDefaults();
    expect(requiredChosen(defaults)).toBe(false);
    for (const spec of TICKET_DEFAULT_FIELDS.filter((s) => s.required)) defaults[spec.idKey] = 1;
    expect(requiredChosen(defaults)).toBe(true);
    expect(requiredNames()).toBe('a queue and a ticket category');
  });
});
