import { passwordPolicies as oceanbasePolicies } from '@dbpass/client-oceanbase';
import { type PasswordPolicy, passwordPolicies as taurusPolicies } from '@dbpass/client-taurusdb';
import type { AccountKind } from '../account-ref.js';

/** The spec's policy for the password field each kind of account is set through. */
export const ACCOUNT_POLICIES: Record<AccountKind, PasswordPolicy> = {
  'taurusdb-root': taurusPolicies.ResetGaussMySqlPassword.password,
  'taurusdb-db-user': taurusPolicies.ResetGaussMySqlDatabasePassword['users[].password'],
  starrocks: taurusPolicies.UpdateStarRocksDatabaseUserPassword.password,
  clickhouse: taurusPolicies.UpdateClickHouseDatabaseUserPassword.password,
  'oceanbase-tenant-user': oceanbasePolicies.ModifyTenantUserPassword.userPassword,
};
