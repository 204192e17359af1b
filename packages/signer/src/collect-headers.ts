import { InvalidArgumentError, InvalidHeaderError } from './errors.js'
import type { HeadersInput } from './types.js'

/** One header name with every value given for it, in order. */
export interface CollectedHeader {
  /** The name as first given. */
  readonly name: string
  /** Every value, untrimmed. */
  readonly values: string[]
}

/** Headers by lower-cased name. */
export type CollectedHeaders = Map<string, CollectedHeader>

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// HTTP field values: visible ASCII, obs-text (0x80-0xFF), space and tab; no CR, LF, NUL.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

function add(headers: CollectedHeaders, name: unknown, value: unknown): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new InvalidHeaderError(String(name), 'is not a valid HTTP header name')
  }
  if (value === undefined) return
  const values = Array.isArray(value) ? (value as unknown[]) : [value]
  for (const v of values) {
    if (typeof v !== 'string') {
      throw new InvalidHeaderError(name, `has a value of type ${typeof v}, expected a string`)
    }
    if (!FIELD_VALUE.test(v)) {
      throw new InvalidHeaderError(name, 'has a value with CR, LF, NUL or a non-Latin-1 character')
    }
    const lower = name.toLowerCase()
    const entry = headers.get(lower)
    if (entry) entry.values.push(v)
    else headers.set(lower, { name, values: [v] })
  }
}

/**
 * Reads headers in any accepted shape into a map by lower-cased name, validating every name and
 * value first.
 * @throws InvalidHeaderError, InvalidArgumentError
 */
export function collectHeaders(input: HeadersInput | undefined): CollectedHeaders {
  const headers: CollectedHeaders = new Map()
  if (input === undefined || input === null) return headers
  if (typeof input !== 'object') {
    throw new InvalidArgumentError('request.headers', 'must be an object, a Headers or pairs')
  }
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) {
    // Node's `rawHeaders`: [name, value, name, value, …]
    if (input.length % 2 !== 0) {
      throw new InvalidArgumentError('request.headers', 'as a flat list must have an even length')
    }
    for (let i = 0; i < input.length; i += 2) add(headers, input[i], input[i + 1])
  } else if (Symbol.iterator in input) {
    for (const pair of input as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new InvalidArgumentError('request.headers', 'pairs must be [name, value] arrays')
      }
      add(headers, pair[0], pair[1])
    }
  } else if (typeof (input as { forEach?: unknown }).forEach === 'function') {
    ;(input as { forEach(cb: (value: string, name: string) => void): void }).forEach((v, n) => {
      add(headers, n, v)
    })
  } else {
    for (const [name, value] of Object.entries(input)) add(headers, name, value)
  }
  return headers
}

/** Removes spaces and tabs around a header value, as an HTTP parser does. */
export function trimHeaderValue(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '')
}

/** The value of a header as signed: each value trimmed, repeated values joined with `,`; `''` if absent. */
export function headerValue(headers: CollectedHeaders, lowerName: string): string {
  return headers.get(lowerName)?.values.map(trimHeaderValue).join(',') ?? ''
}
