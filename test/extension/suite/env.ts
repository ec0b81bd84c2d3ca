// What the launcher (run.ts) tells the suites through the code-server process environment.
// Shared by both sides so the names cannot drift apart. No `vscode` import here.

export type PassName = 'trusted' | 'untrusted';

export const ENV = {
  /** Which pass this is. */
  pass: 'DOCKER_PIN_TEST_PASS',
  /** Base URL of the public registry that `dockerPin.mirrors` maps `docker.io` to. */
  registry: 'DOCKER_PIN_TEST_REGISTRY',
  /** JSON: `{ public: RegistryInfo, private: RegistryInfo }`. */
  registries: 'DOCKER_PIN_TEST_REGISTRIES',
  /** The folder the window opened. */
  workspace: 'DOCKER_PIN_TEST_WORKSPACE',
  /** The docker config dir (holding the private registry's credentials) the settings point at. */
  dockerConfig: 'DOCKER_PIN_TEST_DOCKER_CONFIG',
  /** Base URL of the launcher's bridge that presses workbench buttons (harness/uiBridge.ts). */
  uiBridge: 'DOCKER_PIN_TEST_UI_BRIDGE',
  /** Optional: run only tests whose full title contains this text. */
  grep: 'DOCKER_PIN_TEST_GREP',
} as const;

/**
 * The `DOCKER_DEFAULT_PLATFORM` the launcher starts code-server with (so the extension host has it,
 * as a VS Code started from a shell with it set would). Unlike any machine these tests run on, so
 * a platform that comes from it cannot be mistaken for the host's.
 */
export const DEFAULT_PLATFORM_ENV = 'linux/ppc64le';

export interface RegistryInfo {
  readonly url: string;
  readonly host: string;
  readonly auth: 'none' | 'basic' | 'token';
  readonly username?: string;
  readonly password?: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites through out/test/extension/run.js`);
  return value;
}

export function testPass(): PassName {
  const pass = required(ENV.pass);
  if (pass !== 'trusted' && pass !== 'untrusted') throw new Error(`${ENV.pass} is "${pass}"`);
  return pass;
}

export function testRegistries(): { public: RegistryInfo; private: RegistryInfo } {
  return JSON.parse(required(ENV.registries)) as { public: RegistryInfo; private: RegistryInfo };
}

export function testWorkspace(): string {
  return required(ENV.workspace);
}

/**
 * Presses the workbench button with this text, as a user would: in the notification toast that
 * contains `within` when given, else in any toast or dialog.
 */
export async function pressButton(name: string, within?: string): Promise<void> {
  const query = new URLSearchParams({ button: name, ...(within ? { within } : {}) });
  const res = await fetch(`${required(ENV.uiBridge)}/click?${query.toString()}`, { method: 'POST' });
  if (!res.ok) throw new Error(`could not press "${name}": ${res.status} ${await res.text()}`);
}

/** What the user sees in an area of the workbench: the status bar's items or the notification toasts, as text. */
export async function visibleTexts(area: 'statusbar' | 'notifications' | 'notificationCenter'): Promise<string[]> {
  const res = await fetch(`${required(ENV.uiBridge)}/texts?of=${area}`);
  if (!res.ok) throw new Error(`could not read the ${area}: ${res.status} ${await res.text()}`);
  return (await res.json()) as string[];
}
