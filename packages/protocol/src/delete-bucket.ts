import { defineOperation, type Operation } from './define-operation.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'

/**
 * `DELETE /` on the bucket: deletes an empty bucket (204). A bucket that holds objects or open
 * uploads is 409 BucketNotEmpty; a missing one 404 NoSuchBucket, except on a retry after a lost
 * answer, where it means the earlier attempt deleted it.
 */
export const deleteBucket: Operation<{ bucket: string }, void> = defineOperation<
  { bucket: string },
  void
>({
  name: 'deleteBucket',
  method: 'DELETE',
  scope: 'bucket',
  target: ({ bucket }) => ({ bucket }),
  parse: async () => undefined,
  recover: () => goneAfterLostAnswer('NoSuchBucket'),
})
