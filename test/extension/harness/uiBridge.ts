// Lets a suite inside the extension host press a button of the workbench, and read the status bar
// and the notifications, for the few things no API can do (such as the Cancel button of a progress
// notification). The launcher serves it on loopback and uses Playwright in the page that shows the window.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { onCleanup } from './cleanup';

export interface UiBridge {
  /** `http://127.0.0.1:PORT`, handed to the suites. */
  readonly url: string;
  attach(page: Page): void;
  stop(): Promise<void>;
}

export async function startUiBridge(): Promise<UiBridge> {
  let page: Page | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (req.method === 'GET' && url.pathname === '/texts') {
      readTexts(page, url.searchParams.get('of')).then(
        (texts) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(texts)),
        (e: Error) => res.writeHead(e instanceof RangeError ? 404 : 500).end(e.message),
      );
      return;
    }
    const name = url.searchParams.get('button');
    const within = url.searchParams.get('within');
    if (req.method !== 'POST' || url.pathname !== '/click' || !name) {
      res.writeHead(404).end();
      return;
    }
    if (!page) {
      res.writeHead(503).end('no workbench page yet');
      return;
    }
    // Buttons of notifications (e.g. "Cancel" on a progress) and dialogs, matched by their text;
    // `within` picks the toast by its message, so an older toast's button is never pressed.
    const buttons = within
      ? page.locator('.notification-toast', { hasText: within }).locator('.monaco-button')
      : page.locator('.notification-toast .monaco-button, .monaco-dialog-box .monaco-button');
    buttons
      .filter({ hasText: name })
      .first()
      .click({ timeout: 10_000 })
      .then(
        () => res.writeHead(200).end('clicked'),
        (e: Error) => res.writeHead(500).end(e.message),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stop = onCleanup('ui bridge', () => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, attach: (p) => (page = p), stop };
}

/**
 * Where a suite may read what the user sees: the status bar's items, the notification toasts, and
 * the notification center's entries (while it is open: `notifications.showList`).
 */
const AREAS: Readonly<Record<string, string>> = {
  statusbar: '.statusbar-item',
  notifications: '.notification-toast',
  notificationCenter: '.notifications-center .notification-list-item',
};

async function readTexts(page: Page | undefined, area: string | null): Promise<string[]> {
  const selector = area === null ? undefined : AREAS[area];
  if (selector === undefined) throw new RangeError(`no area "${area}" (${Object.keys(AREAS).join(', ')})`);
  if (!page) throw new Error('no workbench page yet');
  return page.locator(selector).allInnerTexts();
}
