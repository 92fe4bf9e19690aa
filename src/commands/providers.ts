// `balance providers [--json]`: what each provider talks to and reads.
import type { Io } from '../terminal/io.js';
import { resolveColorLevel } from '../output/colour.js';
import { describeProviders, renderProvidersJson, renderProvidersText } from '../output/providers.js';
import { loadAllProviders } from '../providers/registry.js';

export interface ProvidersOptions {
  json?: boolean;
  color?: boolean;
}

export async function runProviders(options: ProvidersOptions, io: Io): Promise<number> {
  const providers = describeProviders(await loadAllProviders());
  if (options.json === true) {
    io.out(renderProvidersJson(providers, { pretty: io.stdoutIsTTY }));
  } else {
    const colorLevel = resolveColorLevel({ flag: options.color, env: io.env, isTTY: io.stdoutIsTTY });
    io.out(renderProvidersText(providers, { colorLevel, width: io.columns }));
  }
  return 0;
}
