// The workbench URL that opens a folder and, for extension-host tests, loads an extension under
// development and its test runner (as VS Code's own browser integration tests do).
import type { CodeServer } from './codeServer';

export interface DevelopmentPayload {
  /** Absolute path of the extension under development on the server. */
  readonly extensionDevelopmentPath: string;
  /** Absolute path (without .js) of the module exporting `run()`; absent: just run the extension. */
  readonly extensionTestsPath?: string;
}

/**
 * The remote authority the workbench uses for server files, read from the page's
 * `vscode-workbench-web-configuration` meta element (code-server uses the request's host).
 */
export async function remoteAuthority(server: CodeServer): Promise<string> {
  const html = await (await fetch(`${server.url}/`, { redirect: 'follow' })).text();
  const meta = /<meta id="vscode-workbench-web-configuration" data-settings="([^"]*)"/.exec(html);
  if (!meta) throw new Error(`${server.url}/ has no vscode-workbench-web-configuration meta element`);
  const json = meta[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const authority = (JSON.parse(json) as { remoteAuthority?: string }).remoteAuthority;
  if (!authority) throw new Error(`${server.url}/ names no remoteAuthority`);
  return authority;
}

export async function workbenchUrl(server: CodeServer, folder: string, dev?: DevelopmentPayload): Promise<string> {
  const params = new URLSearchParams({ folder });
  if (dev) {
    const authority = await remoteAuthority(server);
    const remote = (p: string): string => `vscode-remote://${authority}${p}`;
    const payload = [['extensionDevelopmentPath', remote(dev.extensionDevelopmentPath)]];
    if (dev.extensionTestsPath) payload.push(['extensionTestsPath', remote(dev.extensionTestsPath)]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${params.toString()}`;
}
