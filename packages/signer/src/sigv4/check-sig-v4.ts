import { InvalidArgumentError, InvalidCredentialsError } from '../errors.js'
import { checkScopePart } from './credential-scope.js'
import type { CredentialsSigV4, ScopeOptionsSigV4 } from './types.js'

/** An access key: visible ASCII without `/`, `,`, `;` or `=` (the credential's separators). */
const ACCESS_KEY = /^[\x21-\x2b\x2d\x2e\x30-\x3a\x3c\x3e-\x7e]+$/
/** A session token: visible ASCII. */
const SESSION_TOKEN = /^[\x21-\x7e]+$/

/** Checks SigV4 credentials. */
export function checkCredentialsSigV4(credentials: CredentialsSigV4): void {
  if (typeof credentials !== 'object' || credentials === null) {
    throw new InvalidCredentialsError(
      'credentials must be an object { accessKey, secretKey, sessionToken? }',
    )
  }
  const { accessKey, secretKey, sessionToken } = credentials
  if (typeof accessKey !== 'string' || !ACCESS_KEY.test(accessKey)) {
    throw new InvalidCredentialsError(
      'credentials.accessKey must be a non-empty string of visible ASCII without "/", ",", ";" or "="',
    )
  }
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new InvalidCredentialsError('credentials.secretKey must be a non-empty string')
  }
  if (
    sessionToken !== undefined &&
    (typeof sessionToken !== 'string' || !SESSION_TOKEN.test(sessionToken))
  ) {
    throw new InvalidCredentialsError(
      'credentials.sessionToken must be a non-empty string of visible ASCII',
    )
  }
}

/** The checked scope of SigV4 options. */
export interface CheckedScope {
  readonly region: string
  readonly service: string
  readonly date: Date | undefined
}

/** Checks the options every SigV4 signer takes. */
export function checkScopeOptions(options: ScopeOptionsSigV4): CheckedScope {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'must be an object { region, service?, date? }')
  }
  const region = checkScopePart(options.region, 'options.region')
  const service = checkScopePart(options.service ?? 's3', 'options.service')
  if (options.date !== undefined && !(options.date instanceof Date)) {
    throw new InvalidArgumentError('options.date', 'must be a Date')
  }
  return { region, service, date: options.date }
}
