// A minimal stand-in for the `vscode` module so the extension bundle can be loaded and activated
// in plain Node. It times our code (bundle load, activate, provideCodeLenses), not VS Code's: the
// editor's own extension-host start, IPC and rendering are not in these figures.
//
// Known API pieces are small real implementations; anything else resolves to an inert "anything"
// object, so an extension that touches more of the API still activates here.
import Module from 'node:module';

export interface Registration {
  readonly kind: string;
  readonly args: readonly unknown[];
}

/** Everything the extension registered, for the benchmark to call into. */
export const registrations: Registration[] = [];

const SETTINGS_DEFAULTS: Record<string, unknown> = {
  platform: 'linux/amd64',
  digestKind: 'platform',
  'codeLens.enabled': true,
  unpinnedSeverity: 'information',
  mirrors: {},
  insecureRegistries: [],
  dockerConfig: '',
  timeout: 30,
  cacheLifetime: 300,
};

/** An inert value: callable, constructible, any property is another one, never a thenable. */
function anything(): unknown {
  const target = function () {
    return undefined;
  };
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => undefined;
      return anything();
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();
  readonly event = (listener: (e: T) => unknown): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    this.listeners.forEach((l) => l(e));
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isBefore(o: Position): boolean {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
  isEqual(o: Position): boolean {
    return this.line === o.line && this.character === o.character;
  }
  translate(lineDelta = 0, characterDelta = 0): Position {
    return new Position(this.line + lineDelta, this.character + characterDelta);
  }
  with(line = this.line, character = this.character): Position {
    return new Position(line, character);
  }
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c ?? 0, d ?? 0) : (b as Position);
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
  contains(p: Position | Range): boolean {
    const pos = p instanceof Range ? p.start : p;
    return !pos.isBefore(this.start) && !this.end.isBefore(pos);
  }
}

class Selection extends Range {}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', '', path, '', '');
  }
  static parse(text: string): Uri {
    const u = new URL(text);
    return new Uri(u.protocol.replace(/:$/, ''), u.host, decodeURIComponent(u.pathname), u.search.replace(/^\?/, ''), u.hash.replace(/^#/, ''));
  }
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return base.with({ path: [base.path, ...parts].join('/').replace(/\/+/g, '/') });
  }
  get fsPath(): string {
    return this.path;
  }
  with(c: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme ?? this.scheme, c.authority ?? this.authority, c.path ?? this.path, c.query ?? this.query, c.fragment ?? this.fragment);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

class CodeLens {
  constructor(
    public range: Range,
    public command?: unknown,
  ) {}
  get isResolved(): boolean {
    return this.command !== undefined;
  }
}

class CodeActionKind {
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly Source = new CodeActionKind('source');
  static readonly SourceFixAll = new CodeActionKind('source.fixAll');
  static readonly SourceOrganizeImports = new CodeActionKind('source.organizeImports');
}

/** Plain data holders for classes the extension only constructs. */
function recordClass(...fields: string[]): new (...args: unknown[]) => Record<string, unknown> {
  return class {
    constructor(...args: unknown[]) {
      fields.forEach((f, i) => ((this as Record<string, unknown>)[f] = args[i]));
    }
  } as unknown as new (...args: unknown[]) => Record<string, unknown>;
}

class MarkdownString {
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
  isTrusted?: boolean;
  appendMarkdown(text: string): MarkdownString {
    this.value += text;
    return this;
  }
  appendText(text: string): MarkdownString {
    this.value += text;
    return this;
  }
  appendCodeblock(code: string, language = ''): MarkdownString {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

class WorkspaceEdit {
  readonly edits: unknown[] = [];
  replace(...args: unknown[]): void {
    this.edits.push(args);
  }
  insert(...args: unknown[]): void {
    this.edits.push(args);
  }
  set(...args: unknown[]): void {
    this.edits.push(args);
  }
}

function register(kind: string) {
  return (...args: unknown[]): Disposable => {
    registrations.push({ kind, args });
    return new Disposable();
  };
}

const noEvent = (): Disposable => new Disposable();

function configuration(section?: string) {
  // Settings are looked up by their name below `dockerPin.`, whatever section was asked for.
  const key = (k: string): string => (section ? `${section}.${k}` : k).replace(/^dockerPin\./, '');
  return {
    get: <T>(k: string, fallback?: T): T | undefined => (key(k) in SETTINGS_DEFAULTS ? (SETTINGS_DEFAULTS[key(k)] as T) : fallback),
    has: (k: string) => key(k) in SETTINGS_DEFAULTS,
    inspect: () => undefined,
    update: async () => undefined,
  };
}

const outputChannel = {
  name: 'Docker Pin',
  logLevel: 0,
  onDidChangeLogLevel: noEvent,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  append: () => undefined,
  appendLine: () => undefined,
  replace: () => undefined,
  clear: () => undefined,
  show: () => undefined,
  hide: () => undefined,
  dispose: () => undefined,
};

const known: Record<string, unknown> = {
  version: '1.90.0',
  Disposable,
  EventEmitter,
  Position,
  Range,
  Selection,
  Uri,
  CodeLens,
  CodeActionKind,
  MarkdownString,
  WorkspaceEdit,
  CodeAction: recordClass('title', 'kind'),
  Diagnostic: recordClass('range', 'message', 'severity'),
  Hover: recordClass('contents', 'range'),
  DocumentLink: recordClass('range', 'target'),
  TextEdit: Object.assign(recordClass('range', 'newText'), {
    replace: (range: unknown, newText: unknown) => ({ range, newText }),
    insert: (position: unknown, newText: unknown) => ({ range: new Range(position as Position, position as Position), newText }),
  }),
  ThemeColor: recordClass('id'),
  ThemeIcon: recordClass('id', 'color'),
  RelativePattern: recordClass('base', 'pattern'),
  CancellationTokenSource: class {
    readonly token = { isCancellationRequested: false, onCancellationRequested: noEvent };
    cancel(): void {
      this.token.isCancellationRequested = true;
    }
    dispose(): void {}
  },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  EndOfLine: { LF: 1, CRLF: 2 },
  languages: {
    registerCodeLensProvider: register('codeLens'),
    registerCodeActionsProvider: register('codeActions'),
    registerHoverProvider: register('hover'),
    registerDocumentLinkProvider: register('documentLink'),
    createDiagnosticCollection: () => ({ set: () => undefined, delete: () => undefined, clear: () => undefined, forEach: () => undefined, get: () => undefined, has: () => false, dispose: () => undefined }),
    match: () => 10,
    setTextDocumentLanguage: async (d: unknown) => d,
  },
  commands: {
    registerCommand: register('command'),
    registerTextEditorCommand: register('textEditorCommand'),
    executeCommand: async () => undefined,
  },
  window: {
    createOutputChannel: () => outputChannel,
    createStatusBarItem: () => ({ text: '', tooltip: '', command: undefined, show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    activeTextEditor: undefined,
    visibleTextEditors: [],
    onDidChangeActiveTextEditor: noEvent,
    onDidChangeVisibleTextEditors: noEvent,
    showErrorMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showInformationMessage: async () => undefined,
    showQuickPick: async () => undefined,
    showInputBox: async () => undefined,
    showTextDocument: async () => anything(),
    setStatusBarMessage: () => new Disposable(),
    withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => unknown) =>
      task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: noEvent }),
  },
  workspace: {
    isTrusted: true,
    workspaceFolders: undefined,
    textDocuments: [],
    getConfiguration: configuration,
    onDidChangeConfiguration: noEvent,
    onDidGrantWorkspaceTrust: noEvent,
    onDidOpenTextDocument: noEvent,
    onDidCloseTextDocument: noEvent,
    onDidChangeTextDocument: noEvent,
    onDidSaveTextDocument: noEvent,
    registerTextDocumentContentProvider: register('textDocumentContent'),
    registerFileSystemProvider: register('fileSystem'),
    findFiles: async () => [],
    createFileSystemWatcher: () => ({ onDidChange: noEvent, onDidCreate: noEvent, onDidDelete: noEvent, dispose: () => undefined }),
    asRelativePath: (p: Uri | string) => (typeof p === 'string' ? p : p.fsPath),
    getWorkspaceFolder: () => undefined,
    applyEdit: async () => true,
    openTextDocument: async () => anything(),
    fs: anything(),
  },
  env: { language: 'en', appName: 'docker-pin-bench', machineId: 'bench', uriScheme: 'vscode', openExternal: async () => true },
  extensions: { getExtension: () => undefined, all: [] },
};

/** The stub module: the pieces above, and an inert value for anything else. */
export const vscodeStub: Record<string, unknown> = new Proxy(known, {
  get: (target, prop: string) => (prop in target ? target[prop] : anything()),
});

type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Makes `require('vscode')` return the stub for everything loaded afterwards. */
export function installVscodeStub(): void {
  const mod = Module as unknown as { _load: LoadFn };
  const original = mod._load;
  mod._load = function (request, parent, isMain) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, parent, isMain);
  };
}

/** A read-only TextDocument over `text`, enough for providers that parse the whole file. */
export function stubDocument(path: string, text: string): unknown {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offsetAt = (p: Position): number => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const positionAt = (offset: number): Position => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return new Position(line, offset - lineStarts[line]);
  };
  const lineText = (i: number): string => text.slice(lineStarts[i], (lineStarts[i + 1] ?? text.length + 1) - 1).replace(/\r$/, '');
  return {
    uri: Uri.file(path),
    fileName: path,
    languageId: 'dockerfile',
    version: 1,
    isDirty: false,
    isClosed: false,
    isUntitled: false,
    eol: 1,
    lineCount: lineStarts.length,
    getText: (range?: Range) => (range ? text.slice(offsetAt(range.start), offsetAt(range.end)) : text),
    lineAt: (i: number | Position) => {
      const line = typeof i === 'number' ? i : i.line;
      const t = lineText(line);
      return { lineNumber: line, text: t, range: new Range(line, 0, line, t.length), isEmptyOrWhitespace: t.trim() === '' };
    },
    offsetAt,
    positionAt,
    getWordRangeAtPosition: () => undefined,
    validatePosition: (p: Position) => p,
    save: async () => true,
  };
}
