// The check `auth login` makes before saving: one authenticated balance call,
// so that credentials the provider refuses are not saved.
import { BalanceError, isBalanceError } from '../../base/errors.js';
import { fetchAccountSet } from '../../accounts/fetch.js';
import { startDeadline } from '../../net/deadline.js';
import { createHttpClient } from '../../net/http.js';
import type { Provider } from '../../providers/types.js';
import type { Io } from '../../terminal/io.js';
import { hostOf } from './saved.js';
import { PROXY_PASSWORD, type Credentials, type SettingsInput } from '../../base/settings.js';
import { chooseProxy, withPassword } from '../../net/proxy.js';

/** One authenticated balance call; credentials the provider refuses are not saved. */
export async function verify(
  provider: Provider,
  profile: string,
  settings: SettingsInput,
  credentials: Credentials,
  /** --proxy as given (none, or a URL): the check goes where the saved profile's requests will. */
  proxyFlag: string | undefined,
  timeoutMs: number,
  io: Io,
  debug: boolean,
): Promise<void> {
  const resolved = provider.resolveSettings(settings, {});
  io.err(`Checking the credentials with ${provider.title} at ${hostOf(resolved.baseUrl)}…\n`);
  const http = createHttpClient({ deadline: startDeadline(timeoutMs), ...(debug ? { debug: (line: string) => io.err(`[debug] ${line}\n`) } : {}) });
  // --proxy (with the password just given) as it will be used; without it, the environment's proxy.
  const proxy =
    settings.proxy !== undefined
      ? { url: withPassword(settings.proxy, credentials[PROXY_PASSWORD.key], '--proxy'), source: '--proxy' }
      : chooseProxy(resolved.baseUrl, { flag: proxyFlag, env: io.env });
  const { [PROXY_PASSWORD.key]: _proxyPassword, ...providerCredentials } = credentials;
  try {
    await fetchAccountSet(
      // The settings to be saved, the environment's choices included, and nothing else:
      // the check runs against the host that is saved.
      { provider, profile, settings: resolved, credentials: providerCredentials, proxy },
      { currencies: [], http },
    );
  } catch (error) {
    if (!isBalanceError(error)) throw error;
    throw new BalanceError(error.kind, `Not saved: ${error.message}`, {
      ...(error.hint === undefined ? {} : { hint: `${error.hint}${error.kind === 'auth' ? '' : ' Or skip the check with --no-verify.'}` }),
      cause: error,
    });
  }
}
