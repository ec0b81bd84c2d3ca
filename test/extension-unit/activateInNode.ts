// Run as a process of its own by loader.test.ts: activates the extension as VS Code loads it
// (extension/dist/extension.js, the loader) in plain Node with the benchmark's stand-in `vscode`
// module, asks for the CodeLens list of a Dockerfile, closes the window (disposes what activation
// registered) and prints what a user would see as JSON: the activation log line and the lenses' lines.
// Usage: node activateInNode.js <extension.js> <global storage directory>
import { join } from 'node:path';
import { installVscodeStub, registrations, stubDocument, vscodeStub } from '../../bench/vscodeStub';

interface Extension {
  activate(context: unknown): unknown;
  deactivate?(): unknown;
}

async function main(bundle: string, storage: string): Promise<void> {
  installVscodeStub();
  const log: string[] = [];
  const window = vscodeStub.window as Record<string, unknown>;
  const channel = (window.createOutputChannel as () => Record<string, unknown>)();
  window.createOutputChannel = () => ({ ...channel, info: (line: string) => log.push(line) });
  const Uri = vscodeStub.Uri as { file(p: string): unknown };
  const subscriptions: { dispose(): unknown }[] = [];
  const memento = { get: (_k: string, d?: unknown) => d, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined };
  const context = { subscriptions, extensionPath: process.cwd(), extensionUri: Uri.file(process.cwd()), globalState: memento, workspaceState: memento, globalStorageUri: Uri.file(storage), storageUri: Uri.file(storage), logUri: Uri.file(storage), extensionMode: 1 };

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(bundle) as Extension;
  await extension.activate(context);
  const lens = registrations.find((r) => r.kind === 'codeLens');
  if (!lens) throw new Error('no CodeLens provider was registered');
  const provider = lens.args[1] as { provideCodeLenses(document: unknown, token: unknown): Promise<{ range: { start: { line: number } } }[]> };
  const document = stubDocument(join(storage, '..', 'Dockerfile'), 'FROM alpine:3.20\nRUN true\nFROM registry.example/team/app:1 AS app\nCOPY --from=busybox:1.36 /bin/sh /sh\n');
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
  const lenses = await provider.provideCodeLenses(document, token);
  await extension.deactivate?.();
  for (const d of subscriptions) d.dispose();
  process.stdout.write(JSON.stringify({ log, lensLines: [...new Set(lenses.map((l) => l.range.start.line))] }));
}

main(process.argv[2], process.argv[3]).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
