export { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from './server.js';
export { seed } from './seed.js';
export { accountKey, EmulatorState, type AccountRef } from './state.js';
export { seededRandom, type Fault, type FaultKind } from './faults.js';
export { startMariaDb, type MariaDbServer, type MariaDbTls, type MysqlAccount } from './engines/mariadb-server.js';
export { findEnginePrograms, enginesAvailable, EnginesUnavailableError } from './engines/find-programs.js';
export { instanceKey, type EngineAddress, type EngineMode, type Engines } from './engines/engines.js';
export { allAccounts, fleetAccounts, type FleetAccounts, type FleetSize } from './fleet.js';
export { freePort } from './engines/child-process.js';
