import { defineOperation, type Operation } from './define-operation.js'
import { JssResponseError } from './errors.js'
import { parseDate } from './object-headers.js'
import type {
  BucketOwner,
  BucketSummary,
  ListBucketsParams,
  ListBucketsResult,
} from './operation-types.js'
import { type JsonFields, jsonFields, readJson } from './read-json.js'
import { readS3Xml } from './read-s3-xml.js'
import type { JssResponse } from './response.js'

/** A field of the answer that is not what the contract says. */
function invalidField(res: JssResponse, field: string, expected: string, value: unknown) {
  return new JssResponseError(
    `Invalid response to ${res.resource}: field ${field} should be ${expected}, got ${JSON.stringify(value) ?? 'nothing'}`,
    { statusCode: res.statusCode, requestId: res.requestId, resource: res.resource },
  )
}

/** One listed bucket: `Name` and `CreationDate` (an RFC 1123 date) are required. */
function parseBucket(bucket: JsonFields, index: number, res: JssResponse): BucketSummary {
  const name = bucket.string('Name')
  const creationDate = parseDate(bucket.string('CreationDate'))
  if (creationDate === undefined) {
    const value = bucket.raw.CreationDate
    throw invalidField(res, `Buckets[${index}].CreationDate`, 'a date', value)
  }
  return { name, creationDate }
}

/** The `Owner` of the answer (`{"ID","DisplayName"}`), or undefined when there is none. */
function parseOwner(json: JsonFields, res: JssResponse): BucketOwner | undefined {
  const raw = json.raw.Owner
  if (raw === undefined || raw === null) return undefined
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidField(res, 'Owner', 'an object or null', raw)
  }
  const owner = jsonFields(raw as Record<string, unknown>, res, 'Owner.')
  return { id: owner.string('ID'), displayName: owner.optionalString('DisplayName') }
}

/** S3's `<Buckets>`: the `<Bucket>` elements inside it (none when it is empty or missing). */
function s3Buckets(json: JsonFields, res: JssResponse): JsonFields[] {
  const raw = json.raw.Buckets
  if (raw === undefined || raw === '') return []
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidField(res, 'Buckets', 'a list of <Bucket>', raw)
  }
  return jsonFields(raw as Record<string, unknown>, res, 'Buckets.').array('Bucket')
}

/** The result of a listing: its buckets, and its owner when it names one. */
function listed(buckets: BucketSummary[], owner: BucketOwner | undefined): ListBucketsResult {
  return owner === undefined ? { buckets } : { buckets, owner }
}

/**
 * `GET /` on the service endpoint: every bucket of the credentials, with its creation date (S3:
 * `<ListAllMyBucketsResult>`, the same fields).
 */
export const listBuckets: Operation<ListBucketsParams | undefined, ListBucketsResult> =
  defineOperation<ListBucketsParams | undefined, ListBucketsResult>({
    name: 'listBuckets',
    method: 'GET',
    scope: 'service',
    target: () => ({}),
    parse: async (res) => {
      const json = await readJson(res)
      const buckets = json.array('Buckets').map((b, i) => parseBucket(b, i, res))
      return listed(buckets, parseOwner(json, res))
    },
    s3: {
      parse: async (res) => {
        const shape = { root: 'ListAllMyBucketsResult', arrays: ['Buckets.Bucket'] }
        const json = await readS3Xml(res, shape)
        const buckets = s3Buckets(json, res).map((b, i) => parseBucket(b, i, res))
        return listed(buckets, parseOwner(json, res))
      },
    },
  })
