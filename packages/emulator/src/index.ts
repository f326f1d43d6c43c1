export { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from './server.js';
export { seed } from './seed.js';
export { accountKey, EmulatorState, type AccountRef } from './state.js';
export { seededRandom, type Fault, type FaultKind } from './faults.js';
