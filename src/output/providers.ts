// `balance providers`: each provider's default hosts and the environment
// variables it reads, as text for people or JSON. Pure.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { ColorLevel } from './colour.js';

export interface ProviderInfo {
  name: string;
  title: string;
  defaultHosts: string[];
  /** The variables that hold its credentials. */
  credentials: string[];
  envVars: { name: string; description: string }[];
  /** The built-in sample data: no account, no host, no request. */
  sample: boolean;
}

export const PROVIDERS_SCHEMA_VERSION = 1;

/** The sample data, listed beside the providers. */
export const SAMPLE_PROVIDER: ProviderInfo = {
  name: 'sample',
  title: "built-in sample data from the providers' documentation: no account, no request",
  defaultHosts: [],
  credentials: [],
  envVars: [],
  sample: true,
};

export function renderProvidersJson(providers: readonly ProviderInfo[], options: { pretty: boolean }): string {
  return `${JSON.stringify({ schemaVersion: PROVIDERS_SCHEMA_VERSION, providers }, null, options.pretty ? 2 : undefined)}\n`;
}

export function renderProvidersText(providers: readonly ProviderInfo[], options: { colorLevel: ColorLevel; width: number }): string {
  const paint = new Chalk({ level: options.colorLevel });
  const blocks = providers.map((provider) => {
    if (provider.sample) return `${paint.bold(provider.name)}  ${provider.title}`;
    const heading = `${paint.bold(provider.name)}  ${provider.title} · default hosts: ${provider.defaultHosts.join(', ')}`;
    const nameWidth = Math.max(...provider.envVars.map((doc) => doc.name.length), 'Variable'.length) + 2;
    // Wrap descriptions to the terminal: borders and padding take 7 columns.
    const descriptionWidth = Math.max(30, options.width - nameWidth - 5);
    const table = new Table({
      head: [paint.bold('Variable'), paint.bold('Meaning')],
      colWidths: [nameWidth, descriptionWidth],
      wordWrap: true,
      style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const doc of provider.envVars) table.push([doc.name, doc.description]);
    return `${heading}\n${table.toString()}`;
  });
  return `${blocks.join('\n\n')}\n`;
}
