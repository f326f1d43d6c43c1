import { DATABASE_PRIVILEGES, OCEANBASE_ROLES } from '../privileges/engine-grants.js';
import type { ObRole } from '../privileges/privileges.js';

/** The canonical spelling of each role name, by its lower case (the ApsaraDB page writes `readwrite`). */
const ROLE_NAMES = new Map([...Object.keys(OCEANBASE_ROLES), 'other'].map((role) => [role.toLowerCase(), role]));

/**
 * `roles` of CreateTenantUser and `userRole` of ModifyTenantUserRoles: JSON text of an array with one object per
 * database, in the Terraform provider's form (`database`, `role`, `table`, `privileges`, `withGrant`). The roles,
 * or what is wrong (naming the rule and the item, never more of the text than a database or role name).
 * Table-level roles are Oracle mode's; the emulated tenants are MySQL mode, so a table is refused.
 */
export function parseRoles(
  text: string,
  field: string,
  databaseExists: (name: string) => boolean,
): { roles: ObRole[] } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: `${field} is not JSON text.` };
  }
  if (!Array.isArray(parsed)) return { problem: `${field} must be a JSON array of roles.` };
  const roles: ObRole[] = [];
  const seen = new Set<string>();
  for (const [index, item] of parsed.entries()) {
    const where = `${field}[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return { problem: `${where} is not an object.` };
    const { database, role, table, privileges, withGrant } = item as Record<string, unknown>;
    if (typeof database !== 'string' || database === '') return { problem: `${where}.database is required.` };
    if (typeof role !== 'string') return { problem: `${where}.role is required.` };
    const name = ROLE_NAMES.get(role.toLowerCase());
    if (!name) return { problem: `${where}.role must be one of ${[...ROLE_NAMES.values()].join(', ')}.` };
    if (table !== undefined && table !== '')
      return {
        problem: `${where}.table: table-level roles are for Oracle-mode tenants; this tenant is in MySQL mode.`,
      };
    if (withGrant !== undefined && typeof withGrant !== 'boolean')
      return { problem: `${where}.withGrant must be true or false.` };
    if (privileges !== undefined && typeof privileges !== 'string')
      return { problem: `${where}.privileges must be text.` };
    const listed = (privileges ?? '')
      .split(',')
      .map((privilege) => privilege.trim().toUpperCase().replace(/\s+/g, ' '))
      .filter((privilege) => privilege !== '');
    if (name === 'other' && listed.length === 0)
      return { problem: `${where}.privileges must list the privileges of role other.` };
    if (name !== 'other' && listed.length > 0) return { problem: `${where}.privileges goes with role other only.` };
    const unknown = listed.find((privilege) => !DATABASE_PRIVILEGES.has(privilege));
    if (unknown !== undefined)
      return { problem: `${where}.privileges: unknown privilege; use ${[...DATABASE_PRIVILEGES].join(', ')}.` };
    if (seen.has(database)) return { problem: `${where}.database appears twice.` };
    seen.add(database);
    if (!databaseExists(database)) return { problem: `${where}.database ${database} does not exist in the tenant.` };
    roles.push({
      database,
      role: name,
      ...(name === 'other' ? { privileges: [...new Set(listed)].join(',') } : {}),
      withGrant: withGrant === true,
    });
  }
  return { roles: roles.sort((a, b) => (a.database < b.database ? -1 : a.database > b.database ? 1 : 0)) };
}
