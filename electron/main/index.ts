import { createCore } from '../core/app';
import { startSandbox } from '../sandbox';
import { startMain } from './main';

// The composition root: core starts the built-in sandbox tenant with what it is handed here.
void startMain({ createCore: (options) => createCore({ ...options, startSandbox }) });
