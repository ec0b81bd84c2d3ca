// Headless Chromium (Debian's, driven by playwright-core) with the flags this machine needs:
// without the background-networking ones Chromium keeps trying hosts it cannot reach.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { onCleanup } from './cleanup';

const CHROMIUM = '/usr/bin/chromium';

export interface Browser {
  readonly context: BrowserContext;
  /** Closes Chromium (also done by the run's cleanup if never called). */
  close(): Promise<void>;
}

export async function launchBrowser(profileDir: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (scripts/setup-system.sh)`);
  }
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const close = onCleanup('chromium', () => context.close());
  return { context, close };
}
