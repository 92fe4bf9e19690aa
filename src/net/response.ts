// Turning a response body into validated data, or into an error that names the
// provider and the field — never a stack trace, never a guessed number.
import * as v from 'valibot';
import { BalanceError } from '../base/errors.js';
import { parseJson } from '../base/json.js';
import { isRetryableStatus } from './retry.js';
import { describeIssues } from '../base/schema.js';

/** HTTP 404 without a provider's own error code: the host answers, but has no such API there. */
export function notFoundError(title: string, provider: string = title): BalanceError {
  return new BalanceError('provider', `${title} answered HTTP 404 (not found): the base URL is probably wrong.`, {
    provider,
    status: 404,
    hint: "Check --base-url, the provider's base URL variable (`balance providers`) and the base URL saved with the profile; leave them out for the default host.",
  });
}

/** Parses JSON text losslessly; a body that is not JSON is a response error. */
export function parseBodyJson(provider: string, body: string, status: number): unknown {
  if (body.trim() === '') {
    if (status === 404) throw notFoundError(provider);
    throw new BalanceError('response', `${provider} sent an empty response (HTTP ${status}).`, {
      provider,
      status,
      retryable: isRetryableStatus(status),
      hint: 'Try again later; if it persists, check the base URL.',
    });
  }
  try {
    return parseJson(body);
  } catch (error) {
    if (status === 404) throw notFoundError(provider);
    // A stack overflow on JSON nested thousands deep is still a broken answer, not a crash.
    const what = /^\s*</.test(body)
      ? 'an HTML page instead of JSON'
      : error instanceof RangeError
        ? 'JSON nested too deeply to read'
        : 'an answer that is not valid JSON';
    throw new BalanceError('response', `${provider} sent ${what} (HTTP ${status}).`, {
      provider,
      status,
      retryable: isRetryableStatus(status),
      hint: 'Try again later; if it persists, check the base URL.',
    });
  }
}

/** Validates data against a schema; failures name the first bad field. */
export function validate<TSchema extends v.GenericSchema>(
  provider: string,
  schema: TSchema,
  data: unknown,
  what: string,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, data);
  if (result.success) return result.output;
  const { field, problem } = describeIssues(result.issues);
  throw new BalanceError('response', `${provider} ${what} could not be read: ${field}: ${problem}.`, {
    provider,
    hint: 'This is unexpected; run with --debug and report it if it persists.',
  });
}
