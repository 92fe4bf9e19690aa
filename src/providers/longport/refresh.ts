// Renewing an API-key access token: GET /v1/token/refresh?expired_at=<ISO 8601>,
// signed like every other call with the current token. The answer's
// `data.token` replaces it; the old token stops working as soon as the
// provider answers, so the caller must keep the new one whatever happens.
import * as v from 'valibot';
import { registerSecret } from '../../base/redact.js';
import { looseString } from '../../base/schema.js';
import { validate } from '../../net/response.js';
import type { HttpResponse } from '../../net/http.js';
import type { RenewedCredentials, SignedRequestContext } from '../types.js';
import type { Brand } from './brand.js';
import { parseJsonOrStatus, sendSigned } from './client.js';
import { apiError } from './errors.js';
import { responseHead, serverMessage } from './schema.js';
import { readAccessToken } from './token.js';

export const TOKEN_REFRESH_PATH = '/v1/token/refresh';

/** The developer portal issues tokens for up to 90 days; the refresh grants no more. */
export const MAX_TOKEN_DAYS = 90;

const refreshBody = v.object({
  data: v.object({
    token: v.pipe(v.string(), v.minLength(1, 'expected the new token')),
    expired_at: v.optional(v.nullable(looseString)),
    issued_at: v.optional(v.nullable(looseString)),
  }),
});

export async function renewAccessToken(brand: Brand, request: SignedRequestContext, expiresAt: Date): Promise<RenewedCredentials> {
  const query = new URLSearchParams({ expired_at: expiresAt.toISOString() }).toString();
  // Never sent twice: a first request that got through has already replaced the token a second would carry.
  return sendSigned(brand, request, TOKEN_REFRESH_PATH, query, (response) => readRenewal(brand, request, response), { idempotent: false });
}

function readRenewal(brand: Brand, request: SignedRequestContext, response: HttpResponse): RenewedCredentials {
  const json = parseJsonOrStatus(brand, response.status, response.body);
  const head = validate(brand.title, responseHead, json, 'response');
  const code = head.code?.trim() ?? null;
  if ((code !== null && code !== '0') || response.status >= 400) {
    throw apiError(brand, response.status, code === '0' ? null : code, serverMessage(head));
  }
  const { data } = validate(brand.title, refreshBody, json, 'token refresh');
  const token = data.token.trim();
  registerSecret(token);
  const facts = readAccessToken(token);
  return {
    credentials: { ...request.credentials, accessToken: token },
    expiresAt: facts?.expiresAt ?? isoDate(data.expired_at),
    issuedAt: facts?.issuedAt ?? isoDate(data.issued_at),
  };
}

function isoDate(text: string | null | undefined): Date | null {
  if (text === null || text === undefined) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
