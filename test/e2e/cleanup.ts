// What a test starts (local servers, a Secret Service) is closed after it,
// whether it passed or not.
import { afterEach } from 'vitest';

/** Registers an afterEach in the calling file; returns the function that queues a close. */
export function closeAfterEach(): (close: () => Promise<void>) => void {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  return (close) => void closers.push(close);
}
