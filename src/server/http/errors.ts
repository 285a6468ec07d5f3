import { ERROR_STATUS, type ErrorCode } from '../../shared/errors';

/** The one error type services throw. Routes never build error responses by hand. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

/** Out of scope and missing answer identically, so existence never leaks. */
export const notFound = (what = 'Record') => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') =>
  new AppError('FORBIDDEN', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const validation = (fields: Record<string, string>, message = 'Some fields are invalid') =>
  new AppError('VALIDATION_FAILED', message, fields);
