import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'

/** A parsed document: its one root element's name and content. */
export interface XmlDocument {
  readonly root: string
  /** The root's children by name (`{}` for an empty root), or its text. */
  readonly content: unknown
}

/**
 * Parses an XML document strictly: well-formed (`XMLValidator`), no DTD (entities from the server
 * are not expanded), exactly one root element. Text is kept as sent (never trimmed nor turned into
 * numbers: keys and ETags stay strings), attributes are ignored, entities and character references
 * are decoded. `undefined` for anything else.
 * @example parseXml('<Error><Code>NoSuchKey</Code></Error>') // { root: 'Error', content: { Code: 'NoSuchKey' } }
 */
export function parseXml(text: string, arrays: readonly string[] = []): XmlDocument | undefined {
  if (/<!DOCTYPE/i.test(text) || XMLValidator.validate(text) !== true) return undefined
  const parser = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    jPath: true,
    isArray: (_name, path) => {
      const jPath = String(path)
      return arrays.includes(jPath.slice(jPath.indexOf('.') + 1))
    },
  })
  let parsed: Record<string, unknown>
  try {
    parsed = parser.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
  const roots = Object.keys(parsed).filter((name) => name !== '#text')
  if (roots.length !== 1) return undefined
  const root = roots[0] as string
  const content = parsed[root]
  return { root, content: content === '' ? {} : content }
}

const builder = new XMLBuilder({ suppressEmptyNode: false })

/**
 * An XML document of `root` holding `content` (text escaped by the builder).
 * @example buildXml('CompleteMultipartUpload', { Part: [{ PartNumber: 1, ETag: '"a"' }] })
 * // '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;a&quot;</ETag></Part></CompleteMultipartUpload>'
 */
export function buildXml(root: string, content: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ [root]: content }) as string}`
}
