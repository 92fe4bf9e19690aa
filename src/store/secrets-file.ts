// The plain-text secrets file, for profiles whose secrets are not in the OS
// keyring: mode 0600 in the 0700 configuration directory, separate from the
// settings file, removed when it holds no profile any more.
import * as v from 'valibot';
import { FileProblem, type JsonFileSpec } from './json-file.js';
import { checkProfileKeys, checkVersion, describeProblem } from './profiles.js';
import { compareNames } from '../base/compare-names.js';

/** Secrets by profile name, then by SecretSpec.key. */
export type SecretsByProfile = ReadonlyMap<string, Readonly<Record<string, string>>>;

const FORMAT_VERSION = 1;

const documentSchema = v.strictObject({
  version: v.literal(FORMAT_VERSION),
  profiles: v.record(v.string(), v.record(v.string(), v.pipe(v.string(), v.minLength(1, 'expected a non-empty secret')))),
});

function parseSecretsDocument(document: unknown): SecretsByProfile {
  checkVersion(document);
  checkProfileKeys(document, 'profiles');
  const result = v.safeParse(documentSchema, document);
  if (!result.success) {
    // The field is named, the value never.
    // The field is named; a wrong value is not described (it may be a secret).
    throw new FileProblem(describeProblem(result.issues, 'not what balance writes (each profile maps secret names to non-empty strings)'));
  }
  return new Map(Object.entries(result.output.profiles));
}

export function secretsFileSpec(path: string): JsonFileSpec<SecretsByProfile> {
  return {
    path,
    what: 'secrets file',
    parse: parseSecretsDocument,
    empty: () => new Map(),
    serialize: (secrets) => ({ version: FORMAT_VERSION, profiles: Object.fromEntries([...secrets].sort(([a], [b]) => compareNames(a, b))) }),
    removeWhen: (secrets) => secrets.size === 0,
  };
}
