// A last line of defence: every secret the process loads is registered here,
// and everything written to stderr or stdout by the error path passes through
// redact(). Code must still never print a secret on purpose.

const secrets = new Set<string>();

/** Registers a secret so that redact() masks it wherever it appears. */
export function registerSecret(value: string | undefined): void {
  // Very short values would mask ordinary words; real keys are long.
  if (value !== undefined && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('****');
  }
  return out;
}

/** "abcd****": the first four characters, for `auth status`. */
export function maskSecret(value: string): string {
  return `${value.slice(0, 4)}****`;
}
