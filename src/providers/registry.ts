// Every provider, loaded only when used. One line per provider.
import type { ProviderName } from '../core/model.js';
import type { Provider } from './types.js';

export const providerLoaders: Record<ProviderName, () => Promise<Provider>> = {
  longport: () => import('./longport/index.js').then((m) => m.longport),
  longbridge: () => import('./longport/index.js').then((m) => m.longbridge),
  okx: () => import('./okx/index.js').then((m) => m.okx),
  sample: () => import('./sample/index.js').then((m) => m.sample),
};

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(providerLoaders, name);
}

export function loadProvider(name: ProviderName): Promise<Provider> {
  return providerLoaders[name]();
}

/** The real providers (sample excluded), loaded. */
export async function loadRealProviders(): Promise<Provider[]> {
  const names = (Object.keys(providerLoaders) as ProviderName[]).filter((name) => name !== 'sample');
  return Promise.all(names.map(loadProvider));
}
