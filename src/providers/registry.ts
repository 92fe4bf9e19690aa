// Every provider, loaded only when used. One line per provider.
import { REAL_PROVIDER_NAMES, type RealProviderName } from '../base/model.js';
import type { Provider } from './types.js';

const loaders: Record<RealProviderName, () => Promise<Provider>> = {
  longport: () => import('./longport/index.js').then((m) => m.longport),
  longbridge: () => import('./longport/index.js').then((m) => m.longbridge),
  okx: () => import('./okx/index.js').then((m) => m.okx),
};

export function isRealProviderName(name: string): name is RealProviderName {
  return (REAL_PROVIDER_NAMES as readonly string[]).includes(name);
}

export function loadProvider(name: RealProviderName): Promise<Provider> {
  return loaders[name]();
}

/** Every real provider, loaded, in registry order. */
export function loadAllProviders(): Promise<Provider[]> {
  return Promise.all(REAL_PROVIDER_NAMES.map(loadProvider));
}
