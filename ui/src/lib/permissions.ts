// The permission checks of a Test as rows of a small table: one row per entity, a cell per access
// kind. Which checks are permissions, and each entity's name, come from Rust (REQUIRED_PERMISSIONS),
// never from check texts.
import { REQUIRED_PERMISSIONS, type AccessKind, type Check } from './bindings';

export type PermissionRow = {
  entity: string;
  name: string;
  cells: Partial<Record<AccessKind, Check>>;
};

const requirement = (check: Check) => REQUIRED_PERMISSIONS.find((r) => r.check === check.id);

export const isPermissionCheck = (check: Check): boolean => requirement(check) !== undefined;

/** Groups the permission checks by entity, in the order the checks arrived. */
export function permissionRows(checks: Check[]): PermissionRow[] {
  const rows: PermissionRow[] = [];
  for (const check of checks) {
    const need = requirement(check);
    if (!need) continue;
    let row = rows.find((r) => r.entity === need.entity);
    if (!row) rows.push((row = { entity: need.entity, name: need.label, cells: {} }));
    row.cells[need.access] = check;
  }
  return rows;
}
