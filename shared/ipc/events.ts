import { z } from 'zod';
import { AUDIT_OPERATIONS, type AuditProgress } from '../audit';
import { ERROR_CODES } from '../errors';
import { KEYCHAIN_FAILURES, type KeychainStatus } from '../keychain';
import type { Connectivity } from '../reference';

/**
 * Events from core to the renderer (main → renderer): the name of each and the schema of what it
 * carries. The renderer's stores follow them instead of asking core again and again. Core emits
 * them (`Core.onEvent`); Electron main forwards them over IPC_EVENT_CHANNEL, the browser harness as
 * server-sent events; both receiving ends parse the payload with `parseEvent`.
 */

const profileId = z.string().min(1).max(64);
const instant = z.string().datetime();

const connectivitySchema = z
  .object({
    state: z.enum(['online', 'offline', 'unknown']),
    checkedAt: instant.nullable(),
    lastError: z.enum(ERROR_CODES).nullable(),
    nextAttemptAt: instant.nullable(),
  })
  .strict() satisfies z.ZodType<Connectivity>;

const keychainStatusSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), backend: z.string(), checkedAt: instant }).strict(),
  z
    .object({
      available: z.literal(false),
      backend: z.string(),
      checkedAt: instant,
      reason: z.enum(KEYCHAIN_FAILURES),
      detail: z.string(),
      fix: z.string(),
    })
    .strict(),
]) satisfies z.ZodType<KeychainStatus>;

export const eventSchemas = {
  /** A profile's reachability changed (state, last error or next automatic attempt). */
  'connectivity.changed': z.object({ profileId, connectivity: connectivitySchema }).strict(),
  /** Fresh reference data of a profile is in core's cache (`reference.get` answers it). */
  'reference.refreshed': z.object({ profileId, refreshedAt: instant }).strict(),
  /** One-time tokens came or went: whether any is held, and how many. */
  'tokens.changed': z.object({ held: z.boolean(), pending: z.number().int().nonnegative() }).strict(),
  /** Generated client certificates came, went or were saved: whether any is held, and how many. */
  'certificates.changed': z.object({ held: z.boolean(), pending: z.number().int().nonnegative() }).strict(),
  /** A re-probe of the OS keychain found it in another state. */
  'keychain.changed': z.object({ status: keychainStatusSchema }).strict(),
  /** A profile's cached service-user list changed (refresh, or an operation was carried out). */
  'serviceUsers.changed': z.object({ profileId, asOf: instant.nullable() }).strict(),
  /** The expiry reminders were recomputed (start, daily, after a refresh or a mute): how many there are. */
  'reminders.changed': z.object({ count: z.number().int().nonnegative() }).strict(),
  /** A running audit verification or export moved on (at most a few times a second). */
  'audit.progress': z
    .object({
      operation: z.enum(AUDIT_OPERATIONS),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    })
    .strict() satisfies z.ZodType<AuditProgress>,
} satisfies Record<string, z.ZodTypeAny>;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.output<(typeof eventSchemas)[N]>;
/** One event: `{ name, payload }`, discriminated by name. */
export type AppEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];
export type AppEventListener = (event: AppEvent) => void;
export const EVENT_NAMES = Object.keys(eventSchemas) as EventName[];

/** The Electron IPC channel main sends events on (`webContents.send(IPC_EVENT_CHANNEL, name, payload)`). */
export const IPC_EVENT_CHANNEL = 'event';

/** `window.api.events`: subscribe to one event by name; returns the unsubscribe function. */
export interface EventsApi {
  on<N extends EventName>(name: N, handler: (payload: EventPayload<N>) => void): () => void;
}

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(eventSchemas, value);
}

/** The event, when `name` is one and `payload` passes its schema; null otherwise. */
export function parseEvent(name: unknown, payload: unknown): AppEvent | null {
  if (!isEventName(name)) return null;
  const parsed = eventSchemas[name].safeParse(payload);
  return parsed.success ? ({ name, payload: parsed.data } as AppEvent) : null;
}

/**
 * The receiving end's fan-out (preload, harness transport): `on` for subscribers, `deliver` for
 * what arrived from outside — parsed first, dropped when it is not a valid event.
 */
export function createEventRouter() {
  const handlers = new Map<EventName, Set<(payload: never) => void>>();
  return {
    on<N extends EventName>(name: N, handler: (payload: EventPayload<N>) => void): () => void {
      if (!isEventName(name) || typeof handler !== 'function') throw new TypeError('Unknown event or handler.');
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      const entry = handler as (payload: never) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
    deliver(name: unknown, payload: unknown): void {
      const event = parseEvent(name, payload);
      if (!event) return;
      for (const handler of [...(handlers.get(event.name) ?? [])]) {
        try {
          (handler as (payload: unknown) => void)(event.payload);
        } catch (error) {
          // One subscriber's failure must not keep the event from the others; still report it.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
