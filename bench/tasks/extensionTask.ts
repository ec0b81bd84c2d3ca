// Scenario 5: the extension bundle loaded and activated in Node with a stand-in `vscode` module
// and the Node modules VS Code's extension host has already loaded (bench/extensionHostBuiltins.ts),
// then the time to the first CodeLens list for a 200-line Dockerfile (parsing only: lenses are
// resolved later, one by one, which is where the network is). The window closes at the end, as
// VS Code's does: the extension then writes its code cache into `task.storage` if it had none.
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lensDockerfile } from '../generate';
import { benchImages } from '../images';
import { loadExtensionHostBuiltins } from '../extensionHostBuiltins';
import type { PhaseResult, WorkerTask } from '../protocol';
import { installVscodeStub, registrations, stubDocument, vscodeStub } from '../vscodeStub';

interface ExtensionModule {
  activate(context: unknown): unknown;
  deactivate?(): unknown;
}

interface LensProvider {
  provideCodeLenses(document: unknown, token: unknown): unknown;
}

export async function runExtensionTask(task: Extract<WorkerTask, { kind: 'extension' }>): Promise<PhaseResult[]> {
  installVscodeStub();
  loadExtensionHostBuiltins();
  const context = extensionContext(task.storage);

  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(task.bundlePath) as ExtensionModule;
  const t1 = performance.now();
  await extension.activate(context);
  const t2 = performance.now();

  const lens = registrations.find((r) => r.kind === 'codeLens');
  if (!lens) throw new Error('the extension registered no CodeLens provider on activation');
  const provider = lens.args[1] as LensProvider;
  const text = lensDockerfile(benchImages(task.images), task.lensLines);
  const document = stubDocument(join(tmpdir(), 'bench', 'Dockerfile'), text);
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
  const t3 = performance.now();
  const lenses = (await provider.provideCodeLenses(document, token)) as unknown[] | undefined;
  const t4 = performance.now();
  if (!lenses || lenses.length === 0) throw new Error('the first CodeLens list for a Dockerfile with images was empty');

  await extension.deactivate?.();
  for (const d of context.subscriptions) d.dispose();
  return [
    { label: 'load bundle (require)', wallMs: t1 - t0 },
    { label: 'activate()', wallMs: t2 - t1 },
    { label: 'load + activate', wallMs: t2 - t0, facts: { registrations: registrations.length } },
    { label: `first CodeLens list (${task.lensLines} lines)`, wallMs: t4 - t3, facts: { lenses: lenses.length } },
  ];
}

function extensionContext(storage: string): { subscriptions: { dispose(): unknown }[] } & Record<string, unknown> {
  const Uri = vscodeStub.Uri as { file(p: string): unknown };
  const memento = () => {
    const store = new Map<string, unknown>();
    return { get: (k: string, d?: unknown) => (store.has(k) ? store.get(k) : d), update: async (k: string, v: unknown) => void store.set(k, v), keys: () => [...store.keys()], setKeysForSync: () => undefined };
  };
  return {
    subscriptions: [],
    extensionPath: process.cwd(),
    extensionUri: Uri.file(process.cwd()),
    globalState: memento(),
    workspaceState: memento(),
    globalStorageUri: Uri.file(storage),
    storageUri: Uri.file(storage),
    logUri: Uri.file(storage),
    extensionMode: 1,
    environmentVariableCollection: {},
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose: () => undefined }) },
    asAbsolutePath: (p: string) => join(process.cwd(), p),
  };
}
