import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { serviceError } from './errors.js'
import type { RequestedPart } from './read-complete-body.js'

/** The Content-Type of every XML body of the S3 dialect. */
export const XML_TYPE = 'application/xml'

/** The namespace S3 puts on its result documents. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/'

/** A value in an XML document: text, a number, a boolean, an element, a list of elements. */
export type XmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | XmlElement
  | readonly XmlValue[]

/** An element's children by name (`@_xmlns` is the namespace attribute). */
export interface XmlElement {
  readonly [name: string]: XmlValue
}

/**
 * Escapes text for XML: the five markup characters, and, as S3 does, every control character but
 * tab and line feed (CR included, which XML parsers would turn into a line feed) as a numeric
 * reference (`&#xD;`), so that a key comes back to the client exactly. (XML 1.0 parsers that refuse
 * such references can ask listings for `encoding-type=url`.)
 */
export function escapeXmlText(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
    /[&<>"'\u0000-\u0008\u000b-\u001f\u007f]/g,
    (char) => {
      switch (char) {
        case '&':
          return '&amp;'
        case '<':
          return '&lt;'
        case '>':
          return '&gt;'
        case '"':
          return '&quot;'
        case "'":
          return '&apos;'
        default:
          return `&#x${char.charCodeAt(0).toString(16).toUpperCase()};`
      }
    },
  )
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  // The builder's own entity replacement knows only the five markup characters: ours does all.
  processEntities: false,
  tagValueProcessor: (_name, value) => escapeXmlText(String(value)),
  attributeValueProcessor: (_name, value) => escapeXmlText(String(value)),
})

/**
 * An XML document: the declaration, then `<root>` holding `body` (`undefined` and `null` children
 * are left out; an array makes one element per item).
 * @example buildXml('Error', { Code: 'NoSuchKey' }) // '<?xml …?><Error><Code>NoSuchKey</Code></Error>'
 */
export function buildXml(root: string, body: XmlElement): string {
  const xml: string = builder.build({ [root]: dropEmpty(body) })
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`
}

/** `body` without its `undefined` and `null` children, deeply. */
function dropEmpty(value: XmlValue): XmlValue {
  if (Array.isArray(value)) return value.map(dropEmpty)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, XmlValue> = {}
  for (const [name, child] of Object.entries(value as XmlElement)) {
    if (child !== undefined && child !== null) out[name] = dropEmpty(child)
  }
  return out
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'Part',
})

/** 400 MalformedXML, naming what is wrong. */
export function malformedXml(detail: string): Error {
  return serviceError(
    400,
    'MalformedXML',
    `The XML you provided was not well-formed or did not validate against our published schema: ${detail}`,
  )
}

/** Parses a well-formed XML document (400 MalformedXML otherwise); a DOCTYPE is refused. */
export function parseXml(text: string): Record<string, unknown> {
  if (/<!DOCTYPE/i.test(text)) throw malformedXml('a DOCTYPE is not allowed')
  const valid = XMLValidator.validate(text)
  if (valid !== true) throw malformedXml(valid.err.msg)
  try {
    return parser.parse(text) as Record<string, unknown>
  } catch (error) {
    throw malformedXml(String(error))
  }
}

/**
 * Parses the body of an S3 CompleteMultipartUpload:
 * `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"hex"</ETag></Part>…`. ETags
 * may be quoted (and are lowercased); other children of a Part (checksums) are ignored.
 */
export function parseCompleteXml(text: string): RequestedPart[] {
  const document = parseXml(text)
  const root = document.CompleteMultipartUpload
  if (typeof root !== 'object' || root === null) {
    throw malformedXml('the root element must be CompleteMultipartUpload')
  }
  const list = (root as { Part?: unknown }).Part
  if (!Array.isArray(list) || list.length === 0) throw malformedXml('no Part is listed')
  return list.map((item: unknown) => {
    const { PartNumber, ETag } = (item ?? {}) as { PartNumber?: unknown; ETag?: unknown }
    if (
      typeof PartNumber !== 'string' ||
      !/^\d{1,15}$/.test(PartNumber) ||
      Number(PartNumber) < 1
    ) {
      throw malformedXml('PartNumber must be a positive integer')
    }
    if (typeof ETag !== 'string' || ETag === '') throw malformedXml('every Part needs an ETag')
    return { partNumber: Number(PartNumber), etag: ETag.trim().replace(/^"|"$/g, '').toLowerCase() }
  })
}

/** An ISO 8601 timestamp with milliseconds, as S3 lists dates. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString()
}
