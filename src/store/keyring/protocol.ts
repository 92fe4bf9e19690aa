// What balance and its keyring helper process say to each other. The request
// (secrets included) travels on the helper's stdin, never in its arguments or
// environment; each answer is one JSON line on its stdout.

export const KEYRING_SERVICE = 'balance';

export type KeyringOp =
  | { readonly op: 'get'; readonly account: string }
  | { readonly op: 'set'; readonly account: string; readonly password: string }
  | { readonly op: 'delete'; readonly account: string };

export interface KeyringRequest {
  readonly service: string;
  readonly ops: readonly KeyringOp[];
}

/** One line per op, in order, up to the first failure; `value`: the password (get) or whether one was deleted. */
export type KeyringAnswer =
  | { readonly ok: true; readonly value: string | boolean | null }
  | { readonly ok: false; readonly error: string };

/** A line the helper writes when it cannot work at all (the native module failed to load). */
export interface KeyringFatal {
  readonly fatal: string;
}

/** The part of @napi-rs/keyring's Entry the helper uses. */
export interface KeyringEntry {
  getPassword(): string | null;
  setPassword(password: string): void;
  deletePassword(): boolean;
}

export type EntryFactory = (service: string, account: string) => KeyringEntry;

/**
 * Runs the ops one by one, answering each, until one fails: that answer is the
 * last. Balance treats a call with a failed op as failed, and the ops after it
 * would most likely fail the same way — against a Secret Service that does not
 * answer, each only after the library's own D-Bus time limit.
 */
export function runKeyringOps(entryFor: EntryFactory, request: KeyringRequest, answer: (line: KeyringAnswer) => void): void {
  for (const op of request.ops) {
    try {
      const entry = entryFor(request.service, op.account);
      switch (op.op) {
        case 'get':
          answer({ ok: true, value: entry.getPassword() });
          break;
        case 'set':
          entry.setPassword(op.password);
          answer({ ok: true, value: true });
          break;
        case 'delete':
          answer({ ok: true, value: entry.deletePassword() });
          break;
      }
    } catch (error) {
      answer({ ok: false, error: error instanceof Error ? error.message : String(error) });
      return;
    }
  }
}
