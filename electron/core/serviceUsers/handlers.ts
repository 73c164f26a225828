import type { OperationRequest } from '../../../shared/manage';
import type { Handlers } from '../ipc/dispatch';
import type { OperationService } from './operations';
import type { ServiceUserService } from './serviceUserService';

export type ServiceUserHandlers = Pick<
  Handlers,
  | 'serviceUsers.list'
  | 'serviceUsers.refresh'
  | 'serviceUsers.details'
  | 'serviceUsers.prepare'
  | 'serviceUsers.sendOperation'
  | 'serviceUsers.discard'
  | 'serviceUsers.operations'
  | 'serviceUsers.reconcile'
  | 'serviceUsers.deleteSavedItem'
>;

/** The `serviceUsers.*` channels (but `mute`, which belongs to the reminders). */
export function createServiceUserHandlers(users: ServiceUserService, ops: OperationService): ServiceUserHandlers {
  return {
    'serviceUsers.list': ({ profileId }) => users.list(profileId),
    'serviceUsers.refresh': ({ profileId }) => users.refresh(profileId),
    'serviceUsers.details': ({ profileId, userId }) => users.details(profileId, userId),
    'serviceUsers.prepare': ({ profileId, userId, operation }) =>
      ops.prepare(profileId, userId, operation as OperationRequest),
    'serviceUsers.sendOperation': ({ operationId, saveTo, saveCertificateTo }) =>
      ops.send(operationId, saveTo, saveCertificateTo),
    'serviceUsers.discard': ({ operationId }) => ops.discard(operationId),
    'serviceUsers.operations': ({ profileId }) => ops.operations(profileId),
    'serviceUsers.reconcile': ({ profileId }) => ops.reconcile(profileId),
    'serviceUsers.deleteSavedItem': ({ profileId, userId, item }) => ops.deleteSavedItem(profileId, userId, item),
  };
}
