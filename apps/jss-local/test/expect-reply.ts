import { expect } from 'vitest'
import type { Reply } from './send.js'

/** Checks a JSS error answer: status, JSON content type, `{code, message, resource, requestId}`. */
export function expectError(reply: Reply, status: number, code: string, resource?: string): void {
  expect({ status: reply.status, body: reply.text }).toMatchObject({ status })
  expect(reply.headers['content-type']).toBe('application/json;charset=UTF-8')
  const requestId = reply.headers['x-jss-request-id']
  expect(requestId).toMatch(/^[0-9A-F]{16}$/)
  expect(reply.json).toEqual({
    code,
    message: expect.any(String),
    resource: resource ?? expect.any(String),
    requestId,
  })
}

/** Checks a success answer with a JSON body and returns the body. */
export function expectJson(reply: Reply, status = 200): Record<string, unknown> {
  expect({ status: reply.status, body: reply.text }).toMatchObject({ status })
  expect(reply.headers['content-type']).toBe('application/json;charset=UTF-8')
  expect(reply.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
  return reply.json as Record<string, unknown>
}

/** RFC 1123 GMT date. */
export const HTTP_DATE: RegExp = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/
