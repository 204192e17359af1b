import type { UploadClient } from '@jss/stream'

/**
 * The client for `uploadStream`, reporting each multipart upload id as soon as Initiate answers,
 * so that an interrupted or failed `put` can name the upload it leaves behind.
 */
export function trackUploads(
  client: UploadClient,
  onUploadId: (uploadId: string) => void,
): UploadClient {
  return {
    initiateMultipartUpload: async (params, options) => {
      const upload = await client.initiateMultipartUpload(params, options)
      onUploadId(upload.uploadId)
      return upload
    },
    uploadPart: (params, options) => client.uploadPart(params, options),
    completeMultipartUpload: (params, options) => client.completeMultipartUpload(params, options),
    abortMultipartUpload: (params, options) => client.abortMultipartUpload(params, options),
    paginateParts: (params, options) => client.paginateParts(params, options),
    putObject: (params, options) => client.putObject(params, options),
  }
}
