export { canonicalizedHeaders } from './canonicalized-headers.js'
export {
  canonicalizedResource,
  type ResourceOptions,
  type ResourceParts,
  type ResourceUrl,
} from './canonicalized-resource.js'
export { checkKey, isAddressableKey } from './check-key.js'
export { decodeKey } from './decode-key.js'
export { encodeKey } from './encode-key.js'
export {
  CryptoUnavailableError,
  type ErrorCause,
  InvalidArgumentError,
  InvalidCredentialsError,
  InvalidDateError,
  InvalidHeaderError,
  InvalidUrlError,
  JssSignerError,
  type JssSignerErrorCode,
} from './errors.js'
export { signString } from './hmac-sha1.js'
export { formatHttpDate, parseHttpDate } from './http-date.js'
export { computeMultipartEtag } from './multipart-etag.js'
export { type ParsedAuthorization, parseAuthorization } from './parse-authorization.js'
export { type HostParts, parseHost } from './parse-host.js'
export {
  parseRequestTarget,
  type RequestResource,
  type RequestTargetOptions,
} from './parse-request-target.js'
export { PART_LIMITS, type PartLimits } from './part-limits.js'
export { type PresignableRequest, presignUrl } from './presign-url.js'
export { type SignRequestOptions, signRequest } from './sign-request.js'
export { type StringToSignOptions, stringToSign } from './string-to-sign.js'
export {
  canonicalizedSubResources,
  checkSubResources,
  type QueryInput,
  SIGNED_SUB_RESOURCES,
  type SubResourceOrder,
} from './sub-resources.js'
export type {
  Credentials,
  HeadersInput,
  HeadersLike,
  HeaderValue,
  SignableRequest,
  UrlInput,
} from './types.js'
export { type VerifiableRequest, verifyRequest } from './verify-request.js'
export {
  VERIFY_FAILURES,
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyOptions,
  type VerifyResult,
  type VerifySuccess,
} from './verify-result.js'
