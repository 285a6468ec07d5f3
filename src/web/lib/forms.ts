import { isApiError } from './api';

/** The API's message for one field, to show on that input. */
export function fieldError(error: unknown, field: string): string | undefined {
  return isApiError(error) ? error.fields?.[field] : undefined;
}
