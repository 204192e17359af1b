import { defineOperation, type Operation } from './define-operation.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'
import { buildXml } from './s3-xml.js'

/**
 * The body of S3's CreateBucket: the client's region as `LocationConstraint`, except `us-east-1`
 * (S3's default, which takes no constraint).
 */
export function createBucketConfigurationXml(region: string | undefined): Uint8Array | undefined {
  if (region === undefined || region === 'us-east-1') return undefined
  const xml = buildXml('CreateBucketConfiguration', { LocationConstraint: region })
  return new TextEncoder().encode(xml)
}

/**
 * `PUT /` on the bucket: creates it (S3: in the client's region). An existing bucket is
 * BucketAlreadyOwnedByYou / BucketAlreadyExists.
 */
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
  s3: {
    body: (_params, dialect) => createBucketConfigurationXml(dialect.region),
  },
})
