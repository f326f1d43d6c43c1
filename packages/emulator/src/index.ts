export { freePort } from './engines/child-process.js';
export { type EngineAddress, type EngineMode, type Engines, instanceKey } from './engines/engines.js';
export { EnginesUnavailableError, enginesAvailable, findEnginePrograms } from './engines/find-programs.js';
export { type MariaDbServer, type MariaDbTls, type MysqlAccount, startMariaDb } from './engines/mariadb-server.js';
export { defaultFaultMix, type Fault, type FaultKind, JOB_OPERATIONS, seededRandom } from './faults.js';
export { allAccounts, type FleetAccounts, type FleetSize, fleetAccounts } from './fleet.js';
export type {
  ClickHousePrivileges,
  ObRole,
  OceanBasePrivileges,
  StarRocksPrivileges,
  TaurusPrivileges,
  UserPrivileges,
} from './privileges/privileges.js';
export { SEEDED_DATABASES } from './privileges/seed-privileges.js';
export { seed } from './seed.js';
export { type Emulator, type EmulatorOptions, type RecordedRequest, startEmulator } from './server.js';
export { type AccountRef, accountKey, EmulatorState } from './state.js';
