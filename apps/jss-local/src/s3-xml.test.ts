import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { buildXml, escapeXmlText, parseCompleteXml } from './s3-xml.js'

describe('escapeXmlText', () => {
  it('escapes the markup characters and control characters but tab and line feed', () => {
    expect(escapeXmlText(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;')
    expect(escapeXmlText('\u0000\u0001\r\u001f\u007f')).toBe('&#x0;&#x1;&#xD;&#x1F;&#x7F;')
    expect(escapeXmlText('tab\tline\nü 😀')).toBe('tab\tline\nü 😀')
  })
})

describe('buildXml', () => {
  it('builds a document with the declaration, lists, numbers, booleans; leaves out undefined', () => {
    const xml = buildXml('Root', {
      '@_xmlns': 'http://s3.amazonaws.com/doc/2006-03-01/',
      Key: 'a&b',
      Size: 3,
      IsTruncated: false,
      Absent: undefined,
      Item: [{ N: 1 }, { N: 2 }],
    })
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<Root xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Key>a&amp;b</Key><Size>3</Size>' +
        '<IsTruncated>false</IsTruncated><Item><N>1</N></Item><Item><N>2</N></Item></Root>',
    )
  })

  it('round-trips hostile keys through a parser', () => {
    const key = `<&>"' ]]> </Key><Key>x`
    const parsed = new XMLParser({ parseTagValue: false }).parse(buildXml('R', { Key: key }))
    expect(parsed.R.Key).toBe(key)
  })
})

describe('parseCompleteXml', () => {
  it('reads parts, quoted or not, entities decoded, extra children ignored', () => {
    const text =
      '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<Part><PartNumber>1</PartNumber><ETag>&quot;ABCDEF0123456789abcdef0123456789&quot;</ETag><ChecksumCRC32>x</ChecksumCRC32></Part>' +
      '<Part><ETag>"00000000000000000000000000000000"</ETag><PartNumber>2</PartNumber></Part>' +
      '</CompleteMultipartUpload>'
    expect(parseCompleteXml(text)).toEqual([
      { partNumber: 1, etag: 'abcdef0123456789abcdef0123456789' },
      { partNumber: 2, etag: '00000000000000000000000000000000' },
    ])
  })

  it('refuses what is not a well-formed Complete body with 400 MalformedXML', () => {
    for (const text of [
      '',
      'not xml',
      '<CompleteMultipartUpload>',
      '<A/>',
      '<CompleteMultipartUpload/>',
      '<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>',
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>',
      '<!DOCTYPE a [<!ENTITY b "c">]><CompleteMultipartUpload/>',
    ]) {
      expect(() => parseCompleteXml(text), text).toThrow(
        expect.objectContaining({ jssCode: 'MalformedXML', status: 400 }),
      )
    }
  })
})
