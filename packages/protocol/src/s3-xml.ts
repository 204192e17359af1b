// Imported statically, although only the S3 dialect needs it (1.1 MiB of heap in every JSS process):
// on Node 20.20 a dynamic `import('fast-xml-parser')` made after an fstat of a pipe (the CLI's
// stdin) fails with "Cannot find package 'fast-xml-builder'" in pnpm's layout (the resolver stops
// following symlinks; reproduced with `fstatSync(0)` then `import()`). Loading it lazily was tried
// and reverted for that reason (2026-12-03).
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'

/** A parsed document: its one root element's name and content. */
export interface XmlDocument {
  readonly root: string
  /** The root's children by name (`{}` for an empty root), or its text. */
  readonly content: unknown
}

/** XML's predefined entities. */
const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
}

/**
 * Decodes XML's predefined entities and every numeric character reference, in one pass (`&amp;lt;`
 * is `&lt;`). S3 writes the control characters of keys as references (`&#x1;`), which XML 1.0 does
 * not allow and fast-xml-parser's own decoder drops: a key would silently become another one.
 * Anything else is left as it is.
 * @example decodeXmlEntities('a&#x1;b&amp;c') // 'a\u0001b&c'
 */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref] ?? whole
    const code =
      ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10)
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

/** The parser's entity decoder: {@link decodeXmlEntities}, and no entities of the document's own (no DTD). */
const entityDecoder = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: decodeXmlEntities,
}

/**
 * Parses an XML document strictly: well-formed (`XMLValidator`), no DTD (entities from the server
 * are not expanded), exactly one root element. Text is kept as sent (never trimmed nor turned into
 * numbers: keys and ETags stay strings), attributes are ignored, the predefined entities and every
 * character reference are decoded ({@link decodeXmlEntities}). `undefined` for anything else.
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
    processEntities: true,
    entityDecoder,
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
