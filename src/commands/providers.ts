// `balance providers [--json]`: what each provider talks to and reads.
import type { Io } from '../terminal/io.js';
import { resolveColorLevel } from '../output/colour.js';
import { renderProvidersJson, renderProvidersText, SAMPLE_PROVIDER, type ProviderInfo } from '../output/providers.js';
import { loadAllProviders } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';

export interface ProvidersOptions {
  json?: boolean;
  color?: boolean;
}

export async function runProviders(options: ProvidersOptions, io: Io): Promise<number> {
  const providers = [...describeProviders(await loadAllProviders()), SAMPLE_PROVIDER];
  if (options.json === true) {
    io.out(renderProvidersJson(providers, { pretty: io.stdoutIsTTY }));
  } else {
    const colorLevel = resolveColorLevel({ flag: options.color, env: io.env, isTTY: io.stdoutIsTTY });
    io.out(renderProvidersText(providers, { colorLevel, width: io.columns }));
  }
  return 0;
}

/** What the listing shows of each provider, as plain data. */
function describeProviders(providers: readonly Provider[]): ProviderInfo[] {
  return providers.map((provider) => ({
    name: provider.name,
    title: provider.title,
    defaultHosts: [...provider.defaultHosts],
    credentials: provider.secrets.map((secret) => `${provider.envPrefixes[0] ?? ''}${secret.envSuffix}`),
    envVars: provider.envVars.map(({ name, description }) => ({ name, description })),
    sample: false,
  }));
}
