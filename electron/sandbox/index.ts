export { startSandbox, SANDBOX_PREFIX, type Sandbox, type SandboxOptions, type SandboxRequest } from './server';
export { FAULT_KINDS, type Fault, type FaultKind, type FaultMatch, type Faults } from './faults';
export type { SandboxState, SandboxUser, SandboxAccount, SandboxRole, SandboxApplication } from './state';
export { SEED_MANAGERS } from './seed';
