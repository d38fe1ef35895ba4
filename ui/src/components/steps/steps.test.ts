import { describe, expect, it } from 'vitest';
import { STEPS, stepBeside, stepLabel } from './steps';

describe('wizard steps', () => {
  it('run in the documented order with their headings', () => {
    expect(STEPS.map((s) => s.label)).toEqual([
      "What you'll need",
      'Create the API user',
      'Paste credentials',
      'Test',
      'Ticket defaults',
      'Save',
    ]);
    expect(stepLabel('credentials')).toBe('Paste credentials');
  });

  it('have no step before the first or after the last', () => {
    expect(stepBeside('need', -1)).toBeUndefined();
    expect(stepBeside('need', 1)).toBe('apiUser');
    expect(stepBeside('save', -1)).toBe('defaults');
    expect(stepBeside('save', 1)).toBeUndefined();
  });
});
