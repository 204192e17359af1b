import { isServiceError } from './errors.js'

/**
 * A `recover` for deletions: `code` (NoSuchKey, NoSuchUpload) on a retry that follows a lost answer
 * means the earlier attempt did the work, so the call succeeds.
 */
export function goneAfterLostAnswer(
  code: string,
): (
  error: unknown,
  attempt: number,
  ambiguous: boolean,
) => Promise<{ value: undefined } | undefined> {
  return async (error, attempt, ambiguous) =>
    isServiceError(error, code) && attempt > 1 && ambiguous ? { value: undefined } : undefined
}
