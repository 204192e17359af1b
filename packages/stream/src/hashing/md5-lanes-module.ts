/**
 * A WebAssembly module (SIMD, 128-bit) that runs MD5 over several independent inputs at once: four
 * lanes in each `i32x4` vector, one input per lane, so that one core hashes four parts in about the
 * time OpenSSL hashes one and a half (and eight lanes, two independent groups interleaved so that
 * one group's additions fill the other's latency, in about the time it hashes three).
 *
 * Built here, from the definition of MD5 (RFC 1321), rather than shipped as a binary: the bytes are
 * generated at load (about 17 KB, in well under a millisecond) and compiled once per thread.
 *
 * Imports its memory (`env.memory`, shared, up to 4 GiB) rather than defining one, so that an
 * instance can run on the block pool's own slab memory and read the parts' bytes where they lie
 * (`md5-lanes.ts`); the caller claims scratch space in it by growing it. Exports `md5x4(table,
 * blocks)` / `md5x8(table, blocks)` (and `md5x1`, the first record alone, in scalar code):
 * `table` is the address of 4 (or 8) lane records of three `u32` each — the address of the lane's
 * state (A, B, C, D: 16 bytes, little-endian, updated in place), of its data, and how far its data
 * pointer moves per block (64, or 0 for an idle lane that reads the same block again). Every lane
 * runs `blocks` whole 64-byte blocks; padding is the caller's.
 */

/** Per-round shift amounts. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21] as const

/** K[i] = floor(|sin(i + 1)| × 2^32). */
const K: readonly number[] = Array.from(
  { length: 64 },
  (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0,
)

/** The index of the message word that step `i` adds. */
function messageWord(i: number): number {
  const round = i >> 4
  if (round === 0) return i
  if (round === 1) return (5 * i + 1) % 16
  if (round === 2) return (3 * i + 5) % 16
  return (7 * i) % 16
}

const uleb = (value: number): number[] => {
  const out: number[] = []
  let n = value >>> 0
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

const sleb = (value: number): number[] => {
  const out: number[] = []
  let n = value | 0
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

const simd = (op: number): number[] => [0xfd, ...uleb(op)]
const localGet = (i: number): number[] => [0x20, ...uleb(i)]
const localSet = (i: number): number[] => [0x21, ...uleb(i)]
const localTee = (i: number): number[] => [0x22, ...uleb(i)]
const i32Const = (n: number): number[] => [0x41, ...sleb(n)]
const i32Load = (offset: number): number[] => [0x28, 2, ...uleb(offset)]
const v128Load = (offset: number): number[] => [...simd(0x00), 4, ...uleb(offset)]
const v128Store = (offset: number): number[] => [...simd(0x0b), 4, ...uleb(offset)]
const shuffle = (lanes: readonly number[]): number[] => [...simd(0x0d), ...lanes]
const splatConst = (word: number): number[] => {
  const bytes: number[] = []
  for (let lane = 0; lane < 4; lane++)
    for (let b = 0; b < 4; b++) bytes.push((word >>> (8 * b)) & 0xff)
  return [...simd(0x0c), ...bytes]
}
const NOT = simd(0x4d)
const OR = simd(0x50)
const XOR = simd(0x51)
const BITSELECT = simd(0x52)
const SHL = simd(0xab)
const SHR_U = simd(0xad)
const ADD = simd(0xae)
const I32_ADD = [0x6a]
const I32_SUB = [0x6b]
const I32_EQZ = [0x45]

/** Byte indices of 32-bit word `w` of the two shuffled vectors (0–3 the first, 4–7 the second). */
const word = (w: number): number[] => [w * 4, w * 4 + 1, w * 4 + 2, w * 4 + 3]
const INTERLEAVE_LOW_32 = [...word(0), ...word(4), ...word(1), ...word(5)]
const INTERLEAVE_HIGH_32 = [...word(2), ...word(6), ...word(3), ...word(7)]
const LOW_64 = [...word(0), ...word(1), ...word(4), ...word(5)]
const HIGH_64 = [...word(2), ...word(3), ...word(6), ...word(7)]

/** The body of `md5xN` for `groups` groups of four lanes (locals: 2 params, then i32s, then v128s). */
function laneFunction(groups: number): number[] {
  const lanes = groups * 4
  const code: number[] = []
  const emit = (...parts: number[][]): void => {
    for (const part of parts) for (const byte of part) code.push(byte)
  }
  const TABLE = 0
  const BLOCKS = 1
  let nextI32 = 2
  const i32s = (): number[] => Array.from({ length: lanes }, () => nextI32++)
  const statePtr = i32s()
  const dataPtr = i32s()
  const stride = i32s()
  const firstV128 = nextI32
  let nextV128 = firstV128
  const v128s = (n: number): number[] => Array.from({ length: n }, () => nextV128++)
  const temp = v128s(4)
  const rows = v128s(4)
  /** rows of four words → columns: out[j] holds word j of x[0], x[1], x[2], x[3]. */
  const transpose = (x: readonly number[], out: readonly number[]): void => {
    const [x0, x1, x2, x3] = x as [number, number, number, number]
    const [t0, t1, t2, t3] = temp as [number, number, number, number]
    emit(localGet(x0), localGet(x1), shuffle(INTERLEAVE_LOW_32), localSet(t0))
    emit(localGet(x0), localGet(x1), shuffle(INTERLEAVE_HIGH_32), localSet(t1))
    emit(localGet(x2), localGet(x3), shuffle(INTERLEAVE_LOW_32), localSet(t2))
    emit(localGet(x2), localGet(x3), shuffle(INTERLEAVE_HIGH_32), localSet(t3))
    emit(localGet(t0), localGet(t2), shuffle(LOW_64), localSet(out[0] as number))
    emit(localGet(t0), localGet(t2), shuffle(HIGH_64), localSet(out[1] as number))
    emit(localGet(t1), localGet(t3), shuffle(LOW_64), localSet(out[2] as number))
    emit(localGet(t1), localGet(t3), shuffle(HIGH_64), localSet(out[3] as number))
  }
  for (let lane = 0; lane < lanes; lane++) {
    emit(localGet(TABLE), i32Load(12 * lane), localSet(statePtr[lane] as number))
    emit(localGet(TABLE), i32Load(12 * lane + 4), localSet(dataPtr[lane] as number))
    emit(localGet(TABLE), i32Load(12 * lane + 8), localSet(stride[lane] as number))
  }
  const all = Array.from({ length: groups }, () => ({
    message: v128s(16),
    state: v128s(4),
    saved: v128s(4),
  }))
  // Load the states: lane i's record holds (A, B, C, D); transposed, state[0] holds every lane's A.
  all.forEach((group, g) => {
    for (let i = 0; i < 4; i++)
      emit(localGet(statePtr[4 * g + i] as number), v128Load(0), localSet(rows[i] as number))
    transpose(rows, group.state)
  })
  emit([0x02, 0x40], localGet(BLOCKS), I32_EQZ, [0x0d, 0]) // block; br_if 0 when no blocks
  emit([0x03, 0x40]) // loop
  const roles = all.map((group) => [...group.state])
  all.forEach((group, g) => {
    for (let q = 0; q < 4; q++) {
      for (let i = 0; i < 4; i++)
        emit(localGet(dataPtr[4 * g + i] as number), v128Load(16 * q), localSet(rows[i] as number))
      transpose(rows, group.message.slice(4 * q, 4 * q + 4))
    }
    for (let i = 0; i < 4; i++)
      emit(localGet(group.state[i] as number), localSet(group.saved[i] as number))
  })
  for (let i = 0; i < 64; i++) {
    const round = i >> 4
    const shift = SHIFTS[round * 4 + (i % 4)] as number
    all.forEach((group, g) => {
      const [a, b, c, d] = roles[g] as [number, number, number, number]
      // a = b + rotl(M[g] + K[i] + a + f(b, c, d), s): the sum that does not wait for b comes first
      emit(localGet(group.message[messageWord(i)] as number), splatConst(K[i] as number), ADD)
      emit(localGet(a), ADD)
      if (round === 0) emit(localGet(c), localGet(d), localGet(b), BITSELECT)
      else if (round === 1) emit(localGet(b), localGet(c), localGet(d), BITSELECT)
      else if (round === 2) emit(localGet(b), localGet(c), XOR, localGet(d), XOR)
      else emit(localGet(c), localGet(b), localGet(d), NOT, OR, XOR)
      emit(ADD, localTee(a), i32Const(shift), SHL, localGet(a), i32Const(32 - shift), SHR_U, OR)
      emit(localGet(b), ADD, localSet(a))
      roles[g] = [d, a, b, c]
    })
  }
  for (const group of all)
    for (let i = 0; i < 4; i++)
      emit(
        localGet(group.state[i] as number),
        localGet(group.saved[i] as number),
        ADD,
        localSet(group.state[i] as number),
      )
  for (let lane = 0; lane < lanes; lane++)
    emit(
      localGet(dataPtr[lane] as number),
      localGet(stride[lane] as number),
      I32_ADD,
      localSet(dataPtr[lane] as number),
    )
  emit(localGet(BLOCKS), i32Const(1), I32_SUB, localTee(BLOCKS), [0x0d, 0]) // br_if loop
  emit([0x0b, 0x0b]) // end loop, end block
  all.forEach((group, g) => {
    transpose(group.state, rows)
    for (let i = 0; i < 4; i++)
      emit(localGet(statePtr[4 * g + i] as number), localGet(rows[i] as number), v128Store(0))
  })
  emit([0x0b])
  const locals = [2, ...uleb(nextI32 - 2), 0x7f, ...uleb(nextV128 - firstV128), 0x7b]
  const body = [...locals, ...code]
  return [...uleb(body.length), ...body]
}

const I32_AND = [0x71]
const I32_OR = [0x72]
const I32_XOR = [0x73]
const I32_ROTL = [0x77]

/**
 * The body of `md5x1`: one lane, the first record of the table, in scalar code (`i32.rotl`): as
 * fast as OpenSSL, so that a lane left alone costs no more than hashing it there.
 */
function scalarFunction(): number[] {
  const code: number[] = []
  const emit = (...parts: number[][]): void => {
    for (const part of parts) for (const byte of part) code.push(byte)
  }
  const TABLE = 0
  const BLOCKS = 1
  const STATE = 2
  const DATA = 3
  const STRIDE = 4
  const state = [5, 6, 7, 8]
  const saved = [9, 10, 11, 12]
  const i32Store = (offset: number): number[] => [0x36, 2, ...uleb(offset)]
  emit(localGet(TABLE), i32Load(0), localSet(STATE))
  emit(localGet(TABLE), i32Load(4), localSet(DATA))
  emit(localGet(TABLE), i32Load(8), localSet(STRIDE))
  for (let i = 0; i < 4; i++) emit(localGet(STATE), i32Load(4 * i), localSet(state[i] as number))
  emit([0x02, 0x40], localGet(BLOCKS), I32_EQZ, [0x0d, 0])
  emit([0x03, 0x40])
  for (let i = 0; i < 4; i++) emit(localGet(state[i] as number), localSet(saved[i] as number))
  let roles = [...state] as [number, number, number, number]
  for (let i = 0; i < 64; i++) {
    const round = i >> 4
    const shift = SHIFTS[round * 4 + (i % 4)] as number
    const [a, b, c, d] = roles
    emit(localGet(DATA), i32Load(4 * messageWord(i)), i32Const(K[i] as number), I32_ADD)
    emit(localGet(a), I32_ADD)
    if (round === 0)
      emit(localGet(d), localGet(b), localGet(c), localGet(d), I32_XOR, I32_AND, I32_XOR)
    else if (round === 1)
      emit(localGet(c), localGet(d), localGet(b), localGet(c), I32_XOR, I32_AND, I32_XOR)
    else if (round === 2) emit(localGet(b), localGet(c), I32_XOR, localGet(d), I32_XOR)
    else emit(localGet(c), localGet(b), localGet(d), i32Const(-1), I32_XOR, I32_OR, I32_XOR)
    emit(I32_ADD, i32Const(shift), I32_ROTL, localGet(b), I32_ADD, localSet(a))
    roles = [d, a, b, c]
  }
  for (let i = 0; i < 4; i++)
    emit(
      localGet(state[i] as number),
      localGet(saved[i] as number),
      I32_ADD,
      localSet(state[i] as number),
    )
  emit(localGet(DATA), localGet(STRIDE), I32_ADD, localSet(DATA))
  emit(localGet(BLOCKS), i32Const(1), I32_SUB, localTee(BLOCKS), [0x0d, 0])
  emit([0x0b, 0x0b])
  for (let i = 0; i < 4; i++) emit(localGet(STATE), localGet(state[i] as number), i32Store(4 * i))
  emit([0x0b])
  const body = [1, 11, 0x7f, ...code] // 11 i32 locals after the 2 params
  return [...uleb(body.length), ...body]
}

const section = (id: number, content: readonly number[]): number[] => [
  id,
  ...uleb(content.length),
  ...content,
]
const vector = (items: readonly (readonly number[])[]): number[] => [
  ...uleb(items.length),
  ...items.flat(),
]
const name = (text: string): number[] => vector([...text].map((c) => [c.charCodeAt(0)]))

/** The module's bytes (see the file's comment). */
export function buildMd5LanesModule(): Uint8Array {
  const signature = [0x60, ...vector([[0x7f], [0x7f]]), 0] // (i32, i32) → ()
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([signature])),
    // (import "env" "memory" (memory 0 65536 shared)): limits flags 3 = a maximum, and shared
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x03, 0, ...uleb(65536)]])),
    ...section(3, vector([[0], [0], [0]])),
    ...section(
      7,
      vector([
        [...name('md5x4'), 0x00, 0],
        [...name('md5x8'), 0x00, 1],
        [...name('md5x1'), 0x00, 2],
      ]),
    ),
    ...section(10, vector([laneFunction(1), laneFunction(2), scalarFunction()])),
  ])
}
