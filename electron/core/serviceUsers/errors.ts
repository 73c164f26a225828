import { AppError } from '../../../shared/errors';

/** The one "user gone" error: DigiCert ONE answered 404 for the service user. */
export function userGone(userId?: string): AppError {
  return new AppError(
    'not_found',
    'This service user no longer exists in DigiCert ONE.',
    userId === undefined ? {} : { params: { userId: userId.slice(0, 128) } },
  );
}
