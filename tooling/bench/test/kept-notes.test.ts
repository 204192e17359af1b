import { describe, expect, it } from 'vitest'
import { keepNotes, NOTES_MARKER } from '../src/kept-notes.mjs'

describe('keepNotes', () => {
  const notes = `${NOTES_MARKER}\n\n## Morning runs\n\nby hand: 1.58×\n`

  it('replaces the generated part and keeps the notes verbatim', () => {
    const previous = `# Benchmarks\n\nold generated table\n\n${notes}`
    const written = keepNotes('# Benchmarks\n\nnew generated table\n', previous)
    expect(written).toBe(`# Benchmarks\n\nnew generated table\n\n${notes}`)
    expect(written).not.toContain('old generated table')
    // written again, the notes stay once
    expect(keepNotes('# Benchmarks\n\nnewer\n', written)).toBe(`# Benchmarks\n\nnewer\n\n${notes}`)
  })

  it('writes the report alone when there is no file or no marker in it', () => {
    expect(keepNotes('# Benchmarks\n', undefined)).toBe('# Benchmarks\n')
    expect(keepNotes('# Benchmarks\n', '# Benchmarks\n\nold, no notes\n')).toBe('# Benchmarks\n')
  })
})
