import { JssResponseError } from './errors.js'
import { type JssResponse, readText } from './response.js'

/** The largest answer body (JSON or XML) that is read: a longer one is cut there, and fails to parse. */
export const BODY_LIMIT: number = 16 * 1024 * 1024

/** A JSON object with checked field access. */
export interface JsonFields {
  string(name: string): string
  optionalString(name: string): string | undefined
  number(name: string): number
  optionalNumber(name: string): number | undefined
  boolean(name: string): boolean
  array(name: string): JsonFields[]
  stringArray(name: string): string[]
  raw: Record<string, unknown>
}

/** The facts of an answer that every invalid-response error carries. */
export function facts(res: JssResponse): {
  statusCode: number
  requestId: string | undefined
  resource: string
} {
  return { statusCode: res.statusCode, requestId: res.requestId, resource: res.resource }
}

/** Wraps a parsed object; a field of the wrong type throws a {@link JssResponseError}. */
export function jsonFields(raw: Record<string, unknown>, res: JssResponse, where = ''): JsonFields {
  const fail = (name: string, expected: string): never => {
    throw new JssResponseError(
      `Invalid response to ${res.resource}: field ${where}${name} should be ${expected}, got ${JSON.stringify(raw[name]) ?? 'nothing'}`,
      facts(res),
    )
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  const toNumber = (v: unknown): number | undefined =>
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined
  const fields: JsonFields = {
    raw,
    string: (name) => {
      const v = raw[name]
      return typeof v === 'string' ? v : fail(name, 'a string')
    },
    optionalString: (name) => {
      const v = raw[name]
      if (v === undefined || v === null) return undefined
      return typeof v === 'string' ? v : fail(name, 'a string or null')
    },
    number: (name) => toNumber(raw[name]) ?? fail(name, 'a number'),
    optionalNumber: (name) => {
      const v = raw[name]
      if (v === undefined || v === null) return undefined
      return toNumber(v) ?? fail(name, 'a number or null')
    },
    boolean: (name) => {
      const v = raw[name]
      if (typeof v === 'boolean') return v
      if (v === 'true' || v === 'false') return v === 'true'
      return fail(name, 'a boolean')
    },
    array: (name) => {
      const v = raw[name] ?? []
      if (!Array.isArray(v)) return fail(name, 'an array')
      return v.map((item, i) =>
        isObject(item)
          ? jsonFields(item, res, `${where}${name}[${i}].`)
          : fail(name, 'an array of objects'),
      )
    },
    stringArray: (name) => {
      const v = raw[name] ?? []
      if (!Array.isArray(v)) return fail(name, 'an array')
      return v.map((item) => {
        if (typeof item === 'string') return item
        if (isObject(item) && typeof item.Prefix === 'string') return item.Prefix
        return fail(name, 'an array of strings')
      })
    },
  }
  return fields
}

/**
 * Reads and parses a JSON object body. A body that is HTML, broken JSON or not an object is a
 * {@link JssResponseError} naming the request id.
 */
export async function readJson(res: JssResponse): Promise<JsonFields> {
  const text = await readText(res.body, BODY_LIMIT)
  const type = res.headers['content-type'] ?? ''
  const snippet = JSON.stringify(text.slice(0, 80))
  if (type !== '' && !/json/i.test(type)) {
    throw new JssResponseError(
      `Expected a JSON answer to ${res.resource} but got ${type} (${snippet}…); is the endpoint a JSS service?`,
      facts(res),
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (cause) {
    throw new JssResponseError(`Broken JSON in the answer to ${res.resource}: ${snippet}`, {
      ...facts(res),
      cause,
    })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new JssResponseError(
      `Expected a JSON object in the answer to ${res.resource}: ${snippet}`,
      facts(res),
    )
  }
  return jsonFields(parsed as Record<string, unknown>, res)
}
