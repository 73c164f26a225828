import { z } from 'zod';
import {
  deleteSavedItemSchema,
  muteRequestSchema,
  operationIdSchema,
  prepareOperationSchema,
  sendOperationSchema,
  serviceUserRequestSchema,
  serviceUsersListRequestSchema,
  type ExpiryReminder,
  type ManageOperation,
  type OperationOutcome,
  type ServiceUserDetails,
  type ServiceUserList,
} from '../manage';
import { channel } from './channel';

/** Managing existing service users and their tokens; spread into `contract`. */
export const serviceUserChannels = {
  /** The cached list (offline too); `asOf` says when it was fetched. */
  'serviceUsers.list': channel<ServiceUserList>()(serviceUsersListRequestSchema),
  /** Fetches every page from DigiCert ONE, replaces the cache, answers the new list. */
  'serviceUsers.refresh': channel<ServiceUserList>()(serviceUsersListRequestSchema),
  /** One user: fetched when online (and cached), else from the cache; tokens only when online. */
  'serviceUsers.details': channel<ServiceUserDetails>()(serviceUserRequestSchema),
  /** Validates and queues an operation (works offline); nothing is sent yet. */
  'serviceUsers.prepare': channel<ManageOperation>()(prepareOperationSchema),
  /** Sends a queued operation once (after the admin confirmed). */
  'serviceUsers.sendOperation': channel<OperationOutcome>()(sendOperationSchema),
  /** Removes a queued or failed operation; refused while it is sending. */
  'serviceUsers.discard': channel<{ discarded: true }>()(operationIdSchema),
  /** Unsettled operations of a profile (queued, sending, failed), oldest first. */
  'serviceUsers.operations': channel<ManageOperation[]>()(serviceUsersListRequestSchema),
  /** Settles operations left in "sending" by asking DigiCert what happened. */
  'serviceUsers.reconcile': channel<OperationOutcome[]>()(serviceUsersListRequestSchema),
  'serviceUsers.mute': channel<{ muted: boolean }>()(muteRequestSchema),
  /** Deletes a keychain item this app saved a token of this user into (only such items). */
  'serviceUsers.deleteSavedItem': channel<{ deleted: boolean }>()(deleteSavedItemSchema),
  /** Expiry reminders over every profile's cache, by the lead times in Settings (muted users left out). */
  'reminders.list': channel<ExpiryReminder[]>()(z.object({}).strict()),
};
