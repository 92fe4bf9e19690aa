// The settings and secrets files' formats, profile names, where the files
// live, and error messages that never quote a file's text.
import { describe, expect, it } from 'vitest';
import { configDir } from '../../../src/store/config-paths.js';
import { describeJsonError, FileProblem } from '../../../src/store/json-file.js';
import { checkProfileName, parseSettingsDocument, profileNameProblem, serializeSettings } from '../../../src/store/profiles.js';
import { secretsFileSpec } from '../../../src/store/secrets-file.js';

const SECRET = 'unit-files-secret-b81c';

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof FileProblem) return error.message;
    throw error;
  }
  throw new Error('expected a FileProblem');
}

describe('describeJsonError', () => {
  /** Every run of three characters of a secret: none may appear in a description. */
  const fragments = (secret: string): string[] => Array.from({ length: secret.length - 2 }, (_, index) => secret.slice(index, index + 3));
  const FIXED = /^[A-Z][A-Za-z ':"\]}\\(),]*? at line \d+, column \d+$/;

  it('says where, and never quotes the text', () => {
    for (const text of [`{"apiKey": ${SECRET}}`, `{"a": "${SECRET}",\n "b": ${SECRET}x}`, `{"apiKey": "${SECRET}"`, `{"k": "${SECRET}"} ${SECRET}`]) {
      const described = describeJsonError(text);
      expect(described).toMatch(FIXED);
      expect(described).not.toContain(SECRET);
      expect(described).not.toMatch(/'[a-z0-9]'/);
    }
  });

  it('quotes no part of a secret from a broken escape, a control character or a bad number inside it', () => {
    const secret = 'Q7zXv9KwP2hM';
    const cases: [string, string][] = [
      [`{"apiKey": "\\u${secret}"}`, 'Invalid \\u escape inside a string at line 1, column 13'],
      [`{"apiKey": "${secret.slice(0, 4)}\\u12G4${secret}"}`, 'Invalid \\u escape inside a string at line 1, column 17'],
      [`{"apiKey": "\\${secret}"}`, 'Invalid escape sequence inside a string at line 1, column 13'],
      [`{"apiKey": "${secret.slice(0, 6)}\t${secret.slice(6)}"}`, 'Control character inside a string at line 1, column 19'],
      [`{\n  "apiKey": "${secret.slice(0, 6)}\n${secret.slice(6)}"}`, 'Control character inside a string at line 2, column 20'],
      [`{"apiKey": -${secret}}`, 'Invalid number at line 1, column 13'],
      [`{"apiKey": "${secret}", "apiKey": "${secret}x" ${secret}}`, "Comma ',' expected after value at line 1, column 54"],
      [`{"apiKey": "${secret}`, "End of string '\"' expected (the file ends there) at line 1, column 25"],
    ];
    for (const [text, expected] of cases) {
      const described = describeJsonError(text);
      expect(described, text).toBe(expected);
      for (const fragment of fragments(secret)) expect(described, text).not.toContain(fragment);
      expect(described).not.toMatch(/[\t\n]/);
    }
  });

  it('gives the line and column of the problem', () => {
    const text = '{\n  "version": 1,\n  "profiles": {"x": }\n}';
    expect(describeJsonError(text)).toBe("Object value expected after ':' at line 3, column 21");
    expect(describeJsonError('  ')).toBe('the file is empty');
  });
});

describe('the settings file', () => {
  const valid = {
    version: 1,
    defaultProfile: 'main',
    profiles: { main: { provider: 'okx', secrets: 'keyring', settings: { site: 'eea', demoTrading: true }, savedAt: '2026-01-02T03:04:05.000Z' } },
  };

  it('reads what it writes', () => {
    const state = parseSettingsDocument(valid);
    expect(state).toEqual({
      defaultProfile: 'main',
      profiles: [{ name: 'main', provider: 'okx', secretStore: 'keyring', settings: { site: 'eea', demoTrading: true }, savedAt: '2026-01-02T03:04:05.000Z' }],
    });
    expect(serializeSettings(state)).toEqual(valid);
  });

  it('keeps every setting login saves, the funding account included', () => {
    const settings = { baseUrl: 'https://eea.okx.com', site: 'eea', demoTrading: true, funding: true };
    const document = { version: 1, defaultProfile: null, profiles: { main: { provider: 'okx', secrets: 'file', settings, savedAt: '' } } };
    expect(parseSettingsDocument(document).profiles[0]?.settings).toEqual(settings);
    expect(serializeSettings(parseSettingsDocument(document))).toEqual(document);
  });

  it('refuses what it did not write, naming the field', () => {
    const cases: [unknown, string][] = [
      [{ ...valid, version: 2 }, 'it was written by a newer balance (format 2); update balance'],
      [{ profiles: {} }, 'version: missing'],
      [{ ...valid, defaultProfile: 'other' }, 'defaultProfile: "other" is not a stored profile'],
      [{ ...valid, profiles: { main: { provider: 'okex', secrets: 'file' } }, defaultProfile: null }, 'profiles.main.provider: expected ("longport" | "longbridge" | "okx"), got "okex"'],
      [{ ...valid, profiles: { main: { provider: 'okx', secrets: 'file', settings: { baseURL: 'x' } } } }, 'profiles.main.settings.baseURL: unknown key'],
      [{ ...valid, extra: true }, 'extra: unknown key'],
      [{ version: 1, profiles: { constructor: { provider: 'okx', secrets: 'file' } } }, 'profiles: "constructor" is not a valid profile name ("constructor" is reserved)'],
      [{ version: 1, profiles: JSON.parse('{"__proto__": {"provider": "okx", "secrets": "file"}}') }, 'profiles: "__proto__" is not a valid profile name (use letters, digits, - and _, starting with a letter or digit)'],
    ];
    for (const [document, message] of cases) expect(problem(() => parseSettingsDocument(document))).toBe(message);
  });
});

describe('the secrets file', () => {
  it('names a bad field without its value', () => {
    const spec = secretsFileSpec('/cfg/credentials.json');
    expect(spec.parse({ version: 1, profiles: { main: { apiKey: SECRET } } }).get('main')).toEqual({ apiKey: SECRET });
    const message = problem(() => spec.parse({ version: 1, profiles: { main: { apiKey: 12345, apiSecret: SECRET } } }));
    expect(message).toBe('profiles.main.apiKey: not what balance writes (each profile maps secret names to non-empty strings)');
    expect(spec.removeWhen?.(new Map())).toBe(true);
  });
});

describe('profile names', () => {
  it('letters, digits, - and _, at most 32, not reserved', () => {
    for (const name of ['a', 'okx-main', 'Work_2', 'x'.repeat(32), '9lives']) expect(profileNameProblem(name), name).toBeNull();
    for (const name of ['', 'x'.repeat(33), 'has space', '-lead', '_lead', 'a.b', 'a/b', 'ünï', 'default', 'Sample']) {
      expect(profileNameProblem(name), name).not.toBeNull();
    }
    expect(() => checkProfileName('a b')).toThrow(/Invalid profile name "a b"/);
  });
});

describe('configDir', () => {
  it('BALANCE_CONFIG_DIR, then XDG_CONFIG_HOME, then the platform’s place', () => {
    expect(configDir({ BALANCE_CONFIG_DIR: '/portable/cfg', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/portable/cfg');
    expect(configDir({ XDG_CONFIG_HOME: '/xdg' }, 'darwin', '/Users/u')).toBe('/xdg/balance');
    expect(configDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.config/balance');
    expect(configDir({}, 'linux', '/home/u')).toBe('/home/u/.config/balance');
    expect(configDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Preferences/balance');
    expect(configDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toMatch(/AppData.Roaming.balance.Config$/);
  });
});
