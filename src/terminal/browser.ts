// Opening a link in the user's browser, when one is at hand: on macOS and
// Windows, or on a Linux/BSD desktop (DISPLAY or WAYLAND_DISPLAY) that is not
// reached over SSH. $BROWSER names one explicitly. Fire and forget: a browser
// that does not start changes nothing, as the link is printed anyway.
import { spawn } from 'node:child_process';
import type { Env } from '../base/settings.js';

/** The command that would open `url`, or null when no browser is at hand. */
export function browserCommand(url: string, env: Env, platform: NodeJS.Platform = process.platform): readonly string[] | null {
  if (!/^https?:\/\//i.test(url)) return null;
  const chosen = env.BROWSER?.trim();
  if (chosen !== undefined && chosen !== '' && !chosen.includes(':')) return [chosen, url];
  if (platform === 'darwin') return ['open', url];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler', url];
  const desktop = (env.DISPLAY ?? '') !== '' || (env.WAYLAND_DISPLAY ?? '') !== '';
  const remote = (env.SSH_CONNECTION ?? '') !== '' || (env.SSH_TTY ?? '') !== '';
  return desktop && !remote ? ['xdg-open', url] : null;
}

/** Starts the browser; true when one was started (not that it showed the page). */
export function openBrowser(url: string, env: Env): boolean {
  const command = browserCommand(url, env);
  if (command === null) return false;
  const [program, ...args] = command;
  try {
    const child = spawn(program!, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
