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

/**
 * What `auth status` shows of a credential. A secret (secret half, token,
 * passphrase) shows nothing of itself: "****", or fewer stars when it is
 * shorter. Only a public key may show a prefix, at most a quarter of it and at
 * most four characters: "okx-****".
 */
export function maskSecret(value: string, options: { isPublic: boolean }): string {
  const stars = '*'.repeat(Math.min(4, value.length));
  if (!options.isPublic) return stars;
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}${stars}`;
}
