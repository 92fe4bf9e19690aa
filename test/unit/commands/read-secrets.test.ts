// Reading secrets for `auth login`: the prompt that does not echo, and the
// --with-stdin lines.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { secretsFromPrompt, secretsFromText } from '../../../src/commands/auth/read-secrets.js';
import { BalanceError } from '../../../src/base/errors.js';
import { createPrompter, PromptEnded, PromptInterrupted } from '../../../src/terminal/prompt.js';
import { loadProvider } from '../../../src/providers/registry.js';
import { PROXY_PASSWORD } from '../../../src/base/settings.js';

const TYPED = 'unit-prompt-secret-3c9d';

function terminal(): { input: PassThrough; output: PassThrough; shown: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { input, output, shown: () => text };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createPrompter', () => {
  it('a hidden answer is read but not echoed; an ordinary one is echoed', async () => {
    const tty = terminal();
    const prompter = createPrompter(tty.input, tty.output);
    const hidden = prompter.ask('API secret: ', { hidden: true });
    await tick();
    tty.input.write(`${TYPED}\r`);
    expect(await hidden).toBe(TYPED);
    const visible = prompter.ask('Site [global]: ');
    await tick();
    tty.input.write('eea\r');
    expect(await visible).toBe('eea');
    prompter.close();
    expect(tty.shown()).toContain('API secret: ');
    expect(tty.shown()).not.toContain(TYPED);
    expect(tty.shown()).toContain('eea');
  });

  it('Ctrl-C interrupts; the end of input is reported as such', async () => {
    const tty = terminal();
    const interrupted = createPrompter(tty.input, tty.output).ask('API key: ', { hidden: true });
    await tick();
    tty.input.write('\u0003');
    await expect(interrupted).rejects.toBeInstanceOf(PromptInterrupted);

    const other = terminal();
    const ended = createPrompter(other.input, other.output).ask('API key: ', { hidden: true });
    await tick();
    other.input.end();
    await expect(ended).rejects.toBeInstanceOf(PromptEnded);
  });

  it('asks for each secret of the provider in turn', async () => {
    const tty = terminal();
    const prompter = createPrompter(tty.input, tty.output);
    const answers = secretsFromPrompt(await loadProvider('longport'), prompter);
    for (const answer of ['key-1111', 'secret-2222', 'token-3333']) {
      await tick();
      tty.input.write(`${answer}\r`);
    }
    expect(await answers).toEqual({ appKey: 'key-1111', appSecret: 'secret-2222', accessToken: 'token-3333' });
    prompter.close();
    expect(tty.shown()).toContain('Longport app key: ');
    expect(tty.shown()).toContain('Longport access token: ');
    expect(tty.shown()).not.toContain('secret-2222');
  });
});

describe('secretsFromText (--with-stdin)', () => {
  it('one per line in the provider order; CRLF and a missing last newline are fine', async () => {
    const okx = await loadProvider('okx');
    expect(secretsFromText(okx, 'k-1234\r\ns-5678\r\np-9012')).toEqual({ apiKey: 'k-1234', apiSecret: 's-5678', passphrase: 'p-9012' });
    expect(secretsFromText(okx, ' k-1234 \ns-5678\np-9012\n\n')).toEqual({ apiKey: 'k-1234', apiSecret: 's-5678', passphrase: 'p-9012' });
  });

  it('refuses too few or too many lines, empty secrets and inner spaces, without quoting them (exit 2)', async () => {
    const okx = await loadProvider('okx');
    const refuse = (text: string): BalanceError => {
      try {
        secretsFromText(okx, text);
      } catch (error) {
        if (error instanceof BalanceError) return error;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    expect(refuse('a-1234\nb-1234\n')).toMatchObject({ exitCode: 2, message: '--with-stdin expects 3 lines on stdin, got 2.' });
    expect(refuse('a-1234\nb-1234\nc-1234\nd-1234\n').message).toBe('--with-stdin expects 3 lines on stdin, got 4.');
    expect(refuse('a-1234\n\nc-1234\n').message).toBe('The API secret is empty (line 2 of stdin).');
    const spaced = refuse(`a-1234\nb-1234\n${TYPED} more\n`);
    expect(spaced.message).toBe('The API passphrase contains spaces or control characters (line 3 of stdin).');
    expect(spaced.message).not.toContain(TYPED);
  });
});

describe('a saved proxy’s password', () => {
  it('is the line after the provider’s secrets with --with-stdin, and named in the count', async () => {
    const okx = await loadProvider('okx');
    expect(secretsFromText(okx, 'k\ns\np\nproxy-pass-1\n', [PROXY_PASSWORD])).toEqual({ apiKey: 'k', apiSecret: 's', passphrase: 'p', proxyPassword: 'proxy-pass-1' });
    const missing = (() => {
      try {
        secretsFromText(okx, 'k\ns\np\n', [PROXY_PASSWORD]);
      } catch (error) {
        return error as BalanceError;
      }
      throw new Error('expected a usage error');
    })();
    expect(missing.message).toBe('--with-stdin expects 4 lines on stdin, got 3.');
    expect(missing.hint).toBe('Give one per line, in this order: API key, API secret, API passphrase, proxy password.');
  });

  it('is asked last, without echo, as "Proxy password"', async () => {
    const okx = await loadProvider('okx');
    const questions: string[] = [];
    const prompter = {
      ask: async (question: string, options?: { hidden?: boolean }) => {
        questions.push(`${question}${options?.hidden === true ? ' (hidden)' : ''}`);
        return 'answer-1234';
      },
      close: () => undefined,
    };
    await secretsFromPrompt(okx, prompter, [PROXY_PASSWORD]);
    expect(questions.at(-1)).toBe('Proxy password:  (hidden)');
    expect(questions).toHaveLength(4);
  });
});
