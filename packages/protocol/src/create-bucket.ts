import { defineOperation, type Operation } from './define-operation.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'

/** `PUT /` on the bucket: creates it. An existing bucket is BucketAlreadyOwnedByYou / BucketAlreadyExists. */
export const createBucket: Operation<{ bucket: string }, void> = defineOperation<
  { bucket: string },
  void
>({
  name: 'createBucket',
  method: 'PUT',
  scope: 'bucket',
  target: ({ bucket }) => ({ bucket }),
  parse: async () => undefined,
  recover: () => goneAfterLostAnswer('BucketAlreadyOwnedByYou'),
})
