import { z } from 'zod';
import { channel } from './channel';

/** The built-in sandbox tenant; spread into `contract`. */
export const sandboxChannels = {
  /** Switches the sandbox tenant off or on (practise working offline). */
  'sandbox.setRunning': channel<{ running: boolean }>()(z.object({ running: z.boolean() }).strict()),
  'sandbox.status': channel<{ running: boolean }>()(z.object({}).strict()),
};
