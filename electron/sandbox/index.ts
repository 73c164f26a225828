export { startSandbox, SANDBOX_PREFIX, type Sandbox, type SandboxOptions } from './server';
export type { Fault } from './faults';
