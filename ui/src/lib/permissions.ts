// The permission checks of a Test as rows of a small table: one row per entity, a cell per access kind.
import type { AccessKind, Check } from './bindings';

export type PermissionRow = { entity: string; name: string; cells: Partial<Record<AccessKind, Check>> };

const PATTERN = /^permission\.([A-Za-z]+)\.(read|create)$/;

export const isPermissionCheck = (check: Check): boolean => PATTERN.test(check.id);

/** "TimeEntries" as the admin reads it: the check's own label ("Permission: read Time Entries") when it has one. */
function entityName(check: Check, entity: string): string {
  const named = /^Permission: (?:read|create) (.+)$/.exec(check.label);
  return named?.[1] ?? entity.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** Groups the permission checks by entity, in the order the checks arrived. */
export function permissionRows(checks: Check[]): PermissionRow[] {
  const rows: PermissionRow[] = [];
  for (const check of checks) {
    const m = PATTERN.exec(check.id);
    if (!m) continue;
    const [, entity = '', access] = m;
    let row = rows.find((r) => r.entity === entity);
    if (!row) rows.push((row = { entity, name: entityName(check, entity), cells: {} }));
    row.cells[access as AccessKind] = check;
  }
  return rows;
}
