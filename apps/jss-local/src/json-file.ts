import { randomUUID } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Reads and parses a JSON file, or `undefined` when it does not exist. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Writes JSON through a temporary file in `tmpDir` and an atomic rename onto `path`. */
export async function writeJsonFileAtomic(
  tmpDir: string,
  path: string,
  value: unknown,
): Promise<void> {
  const tmp = join(tmpDir, `${randomUUID()}.json`)
  await writeFile(tmp, JSON.stringify(value))
  await rename(tmp, path)
}

/** Whether an error is ENOENT. */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}
