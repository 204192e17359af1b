import { defineOperation, type Operation } from './define-operation.js'
import type { MultipartUpload } from './operation-types.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'
import { requireString } from './validate.js'

/** `DELETE /key?uploadId=ID`: aborts an upload and drops its parts. */
export const abortMultipartUpload: Operation<MultipartUpload, void> = defineOperation<
  MultipartUpload,
  void
>({
  name: 'abortMultipartUpload',
  method: 'DELETE',
  scope: 'object',
  validate: (params) => requireString(params.uploadId, 'uploadId'),
  target: ({ bucket, key, uploadId }) => ({ bucket, key, query: { uploadId } }),
  parse: async () => undefined,
  recover: () => goneAfterLostAnswer('NoSuchUpload'),
})
