// `balance auth login --provider longbridge`, the browser sign-in (OAuth 2.0
// device flow): a client registered once per machine and profile store and
// reused, the link and code on stderr (a browser opened when one is at hand),
// a spinner while the user approves on any device, then the session saved
// with the profile's secrets. Ctrl-C leaves with 130 and nothing stored.
import { userInfo, hostname } from 'node:os';
import { ExitCode, isBalanceError } from '../../base/errors.js';
import { serverText } from '../../base/text.js';
import { createHttpClient } from '../../net/http.js';
import { chooseProxy } from '../../net/proxy.js';
import { targetHttp } from '../../accounts/fetch.js';
import { secretsFor } from '../../accounts/stored-profiles.js';
import type { ProfileStore } from '../../store/profile-store.js';
import type { DeviceAuthorization, OAuthClient, OAuthContext, OAuthFlow, OAuthSupport, Provider } from '../../providers/types.js';
import { openBrowser } from '../../terminal/browser.js';
import type { Io } from '../../terminal/io.js';
import { processTerminal, type StopSignal, type Terminal } from '../../terminal/terminal.js';
import { reportSaved } from './saved.js';
import { verify } from './verify.js';
import type { SettingsInput } from '../../base/settings.js';

export interface OAuthLoginRequest {
  readonly provider: Provider;
  readonly oauth: OAuthSupport;
  readonly name: string;
  /** The settings flags given, saved with the profile. */
  readonly settings: SettingsInput;
  readonly store: ProfileStore;
  /** Each request's limit; the wait for approval is bounded by the code's own expiry. */
  readonly timeoutMs: number;
  /** `auth login`'s switches (--no-browser, --no-verify, --insecure-storage, --debug). */
  readonly options: { readonly browser?: boolean; readonly verify?: boolean; readonly insecureStorage?: boolean; readonly debug?: boolean; readonly proxy?: string | undefined };
}

/** Ctrl-C or SIGTERM during the sign-in. */
class Stopped extends Error {
  constructor(readonly signal: StopSignal) {
    super(`stopped by ${signal}`);
  }
}

export async function runOAuthLogin(request: OAuthLoginRequest, io: Io, terminal: Terminal = processTerminal()): Promise<number> {
  const { provider, oauth, name, store, options } = request;
  const controller = new AbortController();
  const stopListening = terminal.onSignal((signal) => controller.abort(new Stopped(signal)));
  const debug = options.debug === true ? (line: string) => io.err(`[debug] ${line}\n`) : undefined;
  const http = createHttpClient({ requestTimeoutMs: request.timeoutMs, signal: controller.signal, ...(debug === undefined ? {} : { debug }) });
  const settings = provider.resolveSettings(request.settings, io.env);
  // The sign-in goes where the profile's requests will: through --proxy, else the environment's proxy.
  const proxied = targetHttp({ proxy: chooseProxy(settings.baseUrl, { flag: options.proxy, env: io.env }) }, http);
  const context: OAuthContext = { settings, http: proxied, now: Date.now, signal: controller.signal };
  const spinner = new Spinner(io);
  let registered: OAuthClient | null = null;
  let flow: OAuthFlow | null = null;
  let stopKeys: (() => void) | null = null;
  try {
    flow = await oauth.load();
    const reused = await storedClient(request, flow, context);
    let client = reused ?? (registered = await flow.register(context, clientName(io)));
    let device: DeviceAuthorization;
    try {
      device = await flow.authorizeDevice(context, client);
    } catch (error) {
      // A stored client the server no longer knows (deleted elsewhere): register anew, once.
      if (reused === null || !isBalanceError(error) || error.kind !== 'auth') throw error;
      client = registered = await flow.register(context, clientName(io));
      device = await flow.authorizeDevice(context, client);
    }
    showDevice(device, provider, io, options.browser !== false);
    spinner.start(device.expiresAt);
    // On a terminal, keys are read raw while waiting: typing does not smear the spinner, and Ctrl-C is a key.
    stopKeys = io.stdinIsTTY ? terminal.readKeys((key) => key === '\u0003' && controller.abort(new Stopped('SIGINT'))) : null;
    const credentials = await flow.waitForApproval(context, client, device, (event) => debug?.(`  polled; next poll in ${event.intervalSeconds} s`));
    stopKeys?.();
    stopKeys = null;
    spinner.stop();
    io.err(`Signed in to ${provider.title}.\n`);
    stopListening();
    if (options.verify !== false) await verify(provider, name, request.settings, credentials, options.proxy, request.timeoutMs, io, options.debug === true);
    const saved = await store.save({
      name,
      provider: { name: provider.name, secrets: secretsFor(provider, 'oauth') },
      credentials,
      settings: request.settings,
      auth: 'oauth',
      storage: options.insecureStorage === true ? 'file' : 'auto',
    });
    reportSaved(saved, store.paths.secretsFile, `${provider.name}, OAuth`, io);
    return ExitCode.ok;
  } catch (error) {
    stopKeys?.();
    spinner.stop();
    // A client registered for a sign-in that did not happen is deleted again (briefly: the user is leaving).
    if (registered !== null && flow !== null) {
      const quick = createHttpClient({ requestTimeoutMs: 2_000, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
      await flow.revokeClient({ ...context, http: quick, signal: AbortSignal.timeout(2_000) }, registered).catch(() => undefined);
    }
    const reason: unknown = controller.signal.reason;
    if (reason instanceof Stopped) {
      io.err('Sign-in cancelled; nothing was saved.\n');
      return reason.signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
    }
    throw error;
  } finally {
    stopListening();
  }
}

/** A client this store already registered on the same host, from another OAuth profile's session. */
async function storedClient(request: OAuthLoginRequest, flow: OAuthFlow, context: OAuthContext): Promise<OAuthClient | null> {
  const state = await request.store.readState();
  const origin = context.settings.baseUrl.origin;
  const candidates = state.profiles.filter((profile) => {
    if (profile.provider !== request.provider.name || profile.auth !== 'oauth') return false;
    try {
      return request.provider.resolveSettings({}, {}, profile.settings).baseUrl.origin === origin;
    } catch {
      return false;
    }
  });
  if (candidates.length === 0) return null;
  const secrets = await request.store.loadSecrets(candidates);
  for (const profile of candidates) {
    const outcome = secrets.get(profile.name);
    const client = outcome?.ok === true ? flow.clientOf(outcome.secrets.values) : null;
    if (client !== null) return client;
  }
  return null;
}

/** Named after the user and the machine, as the provider's list of signed-in apps shows it. */
function clientName(io: Io): string {
  let user = io.env.USER ?? io.env.USERNAME ?? '';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry: the variable will do.
  }
  return `balance (${user === '' ? 'user' : user}@${hostname()})`;
}

function showDevice(device: DeviceAuthorization, provider: Provider, io: Io, browser: boolean): void {
  const link = serverText(device.verificationUriComplete ?? device.verificationUri, 500);
  const code = serverText(device.userCode, 40);
  io.err(`To sign in to ${provider.title}, open this link on any device (a phone will do):\n\n    ${link}\n\n`);
  io.err(`and check that it shows the code  ${code}\n\n`);
  if (browser && openBrowser(device.verificationUriComplete ?? device.verificationUri, io.env)) io.err('(A browser was opened on this machine.)\n');
}

/** "Waiting for approval…" with a turning mark, on a terminal only; elsewhere one line. */
class Spinner {
  private timer: NodeJS.Timeout | null = null;
  private frame = 0;

  constructor(private readonly io: Io) {}

  start(expiresAt: number): void {
    if (!this.io.stderrIsTTY) {
      this.io.err('Waiting for the sign-in to be approved…\n');
      return;
    }
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    const draw = (): void => {
      const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
      this.io.err(`\r${frames[this.frame++ % frames.length]} Waiting for the sign-in to be approved… (the code expires in ${clock}; Ctrl-C to cancel)\u001b[K`);
    };
    draw();
    this.timer = setInterval(draw, 120);
  }

  stop(): void {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.io.err('\r\u001b[K');
  }
}
