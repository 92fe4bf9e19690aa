// Stored profiles for rows 4 and 5: whether this build has them, and storing
// the bench's accounts with `balance auth login` before anything is timed.
import { runOnce, type Command } from './measure.js';

export interface Features {
  /** `balance auth login` and `show --profile`. */
  readonly profiles: boolean;
  /** `show --all-profiles`. */
  readonly allProfiles: boolean;
}

export interface ProfileSpec {
  readonly name: string;
  readonly provider: 'okx' | 'longport' | 'longbridge';
  readonly baseUrl: string;
  /** The provider's secrets by key (apiKey, apiSecret, passphrase / appKey, appSecret, accessToken). */
  readonly secrets: Readonly<Record<string, string>>;
}

/** Reads the help texts of the build under test. */
export async function detectFeatures(bin: string, env: Record<string, string>): Promise<Features> {
  const help = async (args: string[]): Promise<string> => (await runOnce({ file: process.execPath, args: [bin, ...args], env })).stdout;
  const [top, show] = await Promise.all([help(['--help']), help(['show', '--help'])]);
  const profiles = /^\s+auth\b/m.test(top) && show.includes('--profile ');
  return { profiles, allProfiles: profiles && show.includes('--all-profiles') };
}

/** Secrets as `auth login --with-stdin` reads them: one per line, in the provider's order. */
const SECRET_ORDER: Record<ProfileSpec['provider'], readonly string[]> = {
  okx: ['apiKey', 'apiSecret', 'passphrase'],
  longport: ['appKey', 'appSecret', 'accessToken'],
  longbridge: ['appKey', 'appSecret', 'accessToken'],
};

export async function storeProfiles(bin: string, env: Record<string, string>, profiles: readonly ProfileSpec[]): Promise<void> {
  for (const profile of profiles) {
    const command: Command = {
      file: process.execPath,
      args: [bin, 'auth', 'login', '--with-stdin', '--provider', profile.provider, '--profile', profile.name, '--base-url', profile.baseUrl, '--no-verify'],
      env,
    };
    const input = SECRET_ORDER[profile.provider].map((key) => profile.secrets[key] ?? '').join('\n');
    const run = await runOnce(command, [], `${input}\n`);
    if (run.code !== 0) throw new Error(`storing profile ${profile.name} failed (exit ${run.code}): ${run.stderr.trim()}`);
  }
}
