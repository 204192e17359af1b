import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadS3Examples } from './sigv4-vectors.js'
import { findVectorsPath, loadVectors } from './vectors.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const runner = fileURLToPath(new URL('./fixtures/run-in-bare-realm.mjs', import.meta.url))
let outDir: string

interface Report {
  nodeGlobals: string[]
  imported: string[]
  error: string
  results: {
    name: string
    toSign: string
    signature: string
    authorization?: string
    query?: string
    verified: boolean
  }[]
  sigv4: { headerSignature: string; presignedUrl: string; verified: boolean }
}

beforeAll(() => {
  // Always build afresh into a temporary directory: the test never sees a stale dist/.
  outDir = mkdtempSync(join(tmpdir(), 'jss-signer-dist-'))
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const build = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      'tsconfig.build.json',
      '--outDir',
      outDir,
      '--sourceMap',
      'false',
      '--declarationMap',
      'false',
    ],
    { cwd: packageDir, encoding: 'utf8' },
  )
  if (build.status !== 0) throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`)
})

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

describe('the built bundle in a realm with Web globals only', () => {
  let report: Report

  beforeAll(() => {
    const child = spawnSync(
      process.execPath,
      ['--experimental-vm-modules', '--no-warnings', runner, outDir, findVectorsPath()],
      { encoding: 'utf8' },
    )
    if (child.status !== 0) throw new Error(`the bare realm run failed:\n${child.stderr}`)
    report = JSON.parse(child.stdout) as Report
  })

  it('was built to ES modules that import only each other', () => {
    expect(readdirSync(outDir)).toContain('index.js')
    expect(report.imported.length).toBeGreaterThan(10)
    expect(report.imported.every((s) => s.startsWith('./'))).toBe(true)
  })

  it('ran without any Node global in reach', () => {
    expect(report.nodeGlobals).toEqual([])
  })

  it('reproduces every vector, signs, presigns and verifies', () => {
    const vectors = loadVectors().signatures
    expect(report.results).toHaveLength(vectors.length)
    for (const [i, v] of vectors.entries()) {
      const result = report.results[i]!
      expect(result.toSign).toBe(v.stringToSign)
      expect(result.signature).toBe(v.signature)
      if (v.request.expires === undefined) {
        expect(result.authorization).toBe(
          v.authorization ?? `jingdong ${v.accessKey}:${v.signature}`,
        )
      } else {
        expect(result.query).toBe(v.query)
      }
      expect(result.verified).toBe(true)
    }
  })

  it('signs, presigns and verifies SigV4 there too (the S3 documentation examples)', () => {
    const s3 = loadS3Examples()
    expect(report.sigv4.headerSignature).toBe(s3.header[0]!.signature)
    expect(report.sigv4.presignedUrl).toBe(s3.presign[0]!.presignedUrl)
    expect(report.sigv4.verified).toBe(true)
  })

  it('throws the typed errors there too', () => {
    expect(report.error).toBe('JSS_ERR_INVALID_CREDENTIALS')
  })
})

describe('the bare realm harness', () => {
  it('fails a bundle that imports a Node built-in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jss-signer-bad-'))
    try {
      writeFileSync(
        join(dir, 'index.js'),
        "import { createHmac } from 'node:crypto'\nexport { createHmac }\n",
      )
      const child = spawnSync(
        process.execPath,
        ['--experimental-vm-modules', '--no-warnings', runner, dir, findVectorsPath()],
        { encoding: 'utf8' },
      )
      expect(child.status).not.toBe(0)
      expect(child.stderr).toContain('node:crypto')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
