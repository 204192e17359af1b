/** Entry point of the bin: the only code that touches `process`. */
export function main(): void {
  process.stdout.write('not yet\n')
}
