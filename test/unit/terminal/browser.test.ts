// When `auth login` opens a browser for the Longbridge sign-in: only when one
// is at hand, and only for a web link.
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../../src/terminal/browser.js';

const URL_ = 'https://open.longbridge.example/device?user_code=WDJB-MJHT';

describe('browserCommand', () => {
  it('opens on a Linux desktop, not over SSH nor without a display', () => {
    expect(browserCommand(URL_, { DISPLAY: ':0' }, 'linux')).toEqual(['xdg-open', URL_]);
    expect(browserCommand(URL_, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toEqual(['xdg-open', URL_]);
    expect(browserCommand(URL_, { DISPLAY: ':0', SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22' }, 'linux')).toBeNull();
    expect(browserCommand(URL_, {}, 'linux')).toBeNull();
  });

  it('uses the platform opener on macOS and Windows, and $BROWSER when set', () => {
    expect(browserCommand(URL_, {}, 'darwin')).toEqual(['open', URL_]);
    expect(browserCommand(URL_, {}, 'win32')).toEqual(['rundll32', 'url.dll,FileProtocolHandler', URL_]);
    expect(browserCommand(URL_, { BROWSER: 'firefox' }, 'linux')).toEqual(['firefox', URL_]);
  });

  it('never opens anything but an http(s) link', () => {
    expect(browserCommand('file:///etc/passwd', { DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(browserCommand('javascript:alert(1)', {}, 'darwin')).toBeNull();
  });
});
