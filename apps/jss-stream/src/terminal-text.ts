/**
 * Characters a terminal may act on rather than show: C0 controls (ESC, CR, LF, BEL, …), DEL, C1
 * controls (U+0080–U+009F, e.g. U+009B, a one-character CSI), and the Unicode line separators and
 * bidirectional overrides that reorder or break what is shown.
 */
const controlClass = '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]'
const controls = new RegExp(controlClass, 'gu')
const anyControl = new RegExp(controlClass, 'u')

/** Whether `text` holds a character {@link escapeControls} would escape. */
export function hasControls(text: string): boolean {
  return anyControl.test(text)
}

/**
 * `text` safe to print for a person: each control character becomes a visible escape (`\n`, `\r`,
 * `\t`, `\x1b`, `\u{202e}`), so that a key, an upload id or a server message can neither move the
 * cursor, recolour the terminal, hide part of a line nor fake one. Everything else is unchanged.
 */
export function escapeControls(text: string): string {
  return text.replace(controls, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    const code = c.codePointAt(0) ?? 0
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
  })
}

/**
 * One line of JSON for `--json`: `JSON.stringify` escapes C0 controls; DEL, C1 and the Unicode
 * separators and overrides are escaped here too (`\u009b`), which JSON parsers read back unchanged.
 */
export function jsonLine(value: unknown): string {
  const text = JSON.stringify(value).replace(
    controls,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  )
  return `${text}\n`
}
