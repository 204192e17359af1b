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

/** `GET /` on the service endpoint: every bucket of the credentials, with its creation date. */
export const listBuckets: Operation<ListBucketsParams | undefined, ListBucketsResult> =
  defineOperation<ListBucketsParams | undefined, ListBucketsResult>({
    name: 'listBuckets',
    method: 'GET',
    scope: 'service',
    target: () => ({}),
    parse: async (res) => {
      const json = await readJson(res)
      const buckets = json.array('Buckets').map((b, i) => parseBucket(b, i, res))
      const owner = parseOwner(json, res)
      return owner === undefined ? { buckets } : { buckets, owner }
    },
  })
