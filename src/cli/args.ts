// Command-line parsing: node's `util.parseArgs` splits the words (its tokens), and every check and
// message is ours, so no error speaks of Node's internals. One option set, per-command checks.
import { parseArgs } from 'node:util';
import { isUsageError } from '../core/errors';
import { defaultPlatform, parsePlatform } from '../core/platform';
import type { DigestKind, Platform } from '../core/types';
import { COMMANDS, type CommandName } from './commandNames';
import { STDIN } from './inputs';

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` would explain, if known. */
    readonly command?: CommandName,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}


const OPTIONS = {
  platform: { type: 'string' },
  index: { type: 'boolean' },
  'digest-kind': { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  update: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'build-arg': { type: 'string', multiple: true },
  'allow-unresolved': { type: 'boolean' },
  mirror: { type: 'string', multiple: true },
  'insecure-registry': { type: 'string', multiple: true },
  timeout: { type: 'string' },
  config: { type: 'string' },
  'no-cache': { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;
const COMMON: readonly OptionName[] = ['mirror', 'insecure-registry', 'timeout', 'config', 'no-cache', 'verbose', 'help', 'version'];
const ALLOWED: Record<CommandName, readonly OptionName[]> = {
  resolve: ['platform', 'index', 'digest-kind', 'json', 'build-arg'],
  pin: ['platform', 'index', 'digest-kind', 'update', 'dry-run', 'build-arg', 'allow-unresolved'],
  check: ['platform', 'index', 'digest-kind', 'json', 'format', 'build-arg', 'allow-unresolved'],
  manifest: ['platform'],
};

/** What `check` prints: lines of text, a JSON array, a SARIF log, or GitHub workflow commands. */
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface GlobalOptions {
  readonly mirrors: Record<string, string>;
  readonly insecureRegistries: string[];
  readonly timeoutMs: number;
  readonly configDir?: string;
  /** False with `--no-cache`: nothing is read from or written to the disk cache. */
  readonly cache: boolean;
  readonly verbose: boolean;
  /** `--platform`, else `DOCKER_DEFAULT_PLATFORM`, else `linux/<host arch>`. */
  readonly platform: Platform;
  /** True only when `--platform` was given (`manifest` then follows the index; `pin`/`check` may replace a gone pin). */
  readonly platformGiven: boolean;
  /** `--build-arg NAME=VALUE`, and `--build-arg NAME` with NAME's value from the environment; the last one of a name wins. */
  readonly buildArgs: ReadonlyMap<string, string>;
}

/** The digest kinds `--digest-kind` takes. */
export const DIGEST_KINDS: readonly DigestKind[] = ['platform', 'index'];

export type Invocation =
  | { readonly action: 'help'; readonly command?: CommandName }
  | { readonly action: 'version' }
  | { readonly action: 'resolve'; readonly image: string; readonly digestKind?: DigestKind; readonly json: boolean; readonly options: GlobalOptions }
  | { readonly action: 'manifest'; readonly image: string; readonly options: GlobalOptions }
  | {
      readonly action: 'pin';
      readonly files: string[];
      /** `--digest-kind` (or `--index`); undefined when neither was given: the repository config decides, else platform. */
      readonly digestKind?: DigestKind;
      readonly update: boolean;
      readonly dryRun: boolean;
      readonly allowUnresolved: boolean;
      readonly options: GlobalOptions;
    }
  | { readonly action: 'check'; readonly files: string[]; readonly digestKind?: DigestKind; readonly format: CheckFormat; readonly allowUnresolved: boolean; readonly options: GlobalOptions };

/** Throws `UsageError`, or `DockerPinError('INVALID_PLATFORM')` for a bad `--platform`. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  // Not strict: parseArgs then reports nothing itself, and checkOptions says what is wrong.
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const [name, ...operands] = positionals;
  checkOptions(argv, tokens, name !== undefined && isCommand(name) ? name : undefined);
  if (name === undefined) {
    if (values.version) return { action: 'version' };
    if (values.help) return { action: 'help' };
    throw new UsageError('no command given');
  }
  if (name === 'help') return helpFor(operands);
  if (!isCommand(name)) throw new UsageError(`unknown command "${name}"`);
  if (values.help) return { action: 'help', command: name };
  if (values.version) return { action: 'version' };
  for (const option of Object.keys(values) as OptionName[]) {
    if (!COMMON.includes(option) && !ALLOWED[name].includes(option)) {
      throw new UsageError(`--${option} is not an option of "${name}"`, name);
    }
  }
  // checkOptions made sure every value has its declared type.
  const options = globalOptions(values as RawValues, env, name);
  const kind = digestKindOf(values['digest-kind'] as string | undefined, values.index === true, name);
  const digestKind = kind === undefined ? {} : { digestKind: kind };
  switch (name) {
    case 'resolve':
    case 'manifest': {
      if (operands.length !== 1) throw new UsageError(`"${name}" takes exactly one image reference`, name);
      // The scanner's rule for `FROM scratch`: the bare word, in any case.
      if (operands[0].toLowerCase() === 'scratch') {
        throw new UsageError(`"${operands[0]}" is not an image: scratch is the empty base of a build (FROM scratch), with nothing to pin`, name);
      }
      return name === 'resolve'
        ? { action: 'resolve', image: operands[0], ...digestKind, json: values.json === true, options }
        : { action: 'manifest', image: operands[0], options };
    }
    case 'pin':
    case 'check': {
      if (operands.length === 0) throw new UsageError(`"${name}" needs at least one file or directory (. for this one)`, name);
      // An unset variable in a script (`docker-pin check "$FILE"`) would otherwise be "": no such file.
      if (operands.includes('')) throw new UsageError('an empty file name was given', name);
      if (operands.filter((file) => file === STDIN).length > 1) throw new UsageError(`"${STDIN}" (standard input) can be named only once`, name);
      const allowUnresolved = values['allow-unresolved'] === true;
      return name === 'pin'
        ? { action: 'pin', files: operands, ...digestKind, update: values.update === true, dryRun: values['dry-run'] === true, allowUnresolved, options }
        : { action: 'check', files: operands, ...digestKind, format: checkFormat(values.format as string | undefined, values.json === true, env), allowUnresolved, options };
    }
  }
}

/** `--digest-kind`, else `--index` (its short form), else undefined: not chosen on the command line. */
function digestKindOf(given: string | undefined, index: boolean, command: CommandName): DigestKind | undefined {
  if (given === undefined) return index ? 'index' : undefined;
  if (!(DIGEST_KINDS as readonly string[]).includes(given)) throw new UsageError(`--digest-kind wants ${DIGEST_KINDS.join(' or ')}, got "${given}"`, command);
  if (index && given !== 'index') throw new UsageError(`--index is --digest-kind index: it cannot go with --digest-kind ${given}`, command);
  return given as DigestKind;
}

/**
 * `--format`, else `--json` (its old spelling), else GitHub's workflow commands inside a GitHub
 * Actions job (as ratchet does), else text.
 */
function checkFormat(format: string | undefined, json: boolean, env: NodeJS.ProcessEnv): CheckFormat {
  if (format !== undefined) {
    if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format wants ${CHECK_FORMATS.join(', ')}, got "${format}"`, 'check');
    if (json && format !== 'json') throw new UsageError(`--json is --format json: it cannot go with --format ${format}`, 'check');
    return format as CheckFormat;
  }
  if (json) return 'json';
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'text';
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

/** `docker-pin help [command]`, as `--help` and `<command> --help`. */
function helpFor(operands: readonly string[]): Invocation {
  if (operands.length > 1) throw new UsageError('"help" takes at most one command');
  const [command] = operands;
  if (command === undefined) return { action: 'help' };
  if (!isCommand(command)) throw new UsageError(`unknown command "${command}"`);
  return { action: 'help', command };
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** Every option is known, string options have a value and boolean ones none. */
function checkOptions(argv: readonly string[], tokens: readonly Token[], command: CommandName | undefined): void {
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    // `-rf` comes as two tokens, `-r` and `-f`: name the word as typed.
    const written = token.rawName.startsWith('--') ? token.rawName : argv[token.index];
    if (!Object.prototype.hasOwnProperty.call(OPTIONS, token.name)) throw new UsageError(`unknown option "${written}"`, command);
    const type = OPTIONS[token.name as OptionName].type;
    if (type === 'string') {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`, command);
      // Without `=`, parseArgs takes the next word whatever it is; a word like `--index` is more
      // likely an option after a forgotten value than a value.
      if (!token.inlineValue && token.value.startsWith('-')) {
        throw new UsageError(`${token.rawName} needs a value, not "${token.value}" (to give that value, write ${token.rawName}=${token.value})`, command);
      }
    } else if (token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value`, command);
    }
  }
}

interface RawValues {
  platform?: string;
  mirror?: string[];
  'insecure-registry'?: string[];
  timeout?: string;
  config?: string;
  'no-cache'?: boolean;
  verbose?: boolean;
  'build-arg'?: string[];
}

function globalOptions(values: RawValues, env: NodeJS.ProcessEnv, command: CommandName): GlobalOptions {
  const platform = values.platform !== undefined ? parsePlatform(values.platform) : platformFromEnv(env, command);
  return {
    mirrors: parseMirrors(values.mirror ?? [], command),
    insecureRegistries: (values['insecure-registry'] ?? []).map((h) => parseInsecure(h, command)),
    timeoutMs: parseTimeout(values.timeout, command),
    configDir: values.config,
    cache: values['no-cache'] !== true,
    verbose: values.verbose === true,
    platform,
    platformGiven: values.platform !== undefined,
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], env, command),
  };
}

/** `DOCKER_DEFAULT_PLATFORM`, else the host's; a bad value names the variable, which the user may not know is set. */
function platformFromEnv(env: NodeJS.ProcessEnv, command: CommandName): Platform {
  try {
    return defaultPlatform(env);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    throw new UsageError(`DOCKER_DEFAULT_PLATFORM: ${(error as Error).message}; set it to os/arch[/variant] (e.g. linux/amd64), unset it, or pass --platform`, command);
  }
}

/**
 * As `docker build` reads them: `NAME=VALUE` (the value may be empty or hold `=`), or `NAME` alone
 * for NAME's value in the environment — left out, as docker does, when the environment has none.
 */
export function parseBuildArgs(entries: readonly string[], env: NodeJS.ProcessEnv, command?: CommandName): Map<string, string> {
  const args = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    // The entry is not echoed: build args often carry tokens.
    if (name.trim() === '' || /\s/.test(name)) throw new UsageError('--build-arg wants NAME=VALUE or NAME, with a name without spaces', command);
    const value = eq < 0 ? env[name] : entry.slice(eq + 1);
    if (value !== undefined) args.set(name, value);
  }
  return args;
}

/** `docker.io=http://127.0.0.1:5000` → `{ 'docker.io': 'http://127.0.0.1:5000' }`. */
export function parseMirrors(entries: readonly string[], command?: CommandName): Record<string, string> {
  const mirrors: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const registry = eq > 0 ? entry.slice(0, eq).trim().toLowerCase() : '';
    const url = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (registry === '' || url === '') throw new UsageError(`--mirror wants <registry>=<url>, e.g. docker.io=https://mirror.example`, command);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--mirror for ${registry}: not a URL`, command);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new UsageError(`--mirror for ${registry}: only http and https URLs are supported`, command);
    }
    // A password in a URL ends up in logs and process listings; the docker config is the place for it.
    // The URL is not echoed, since it may hold exactly that secret.
    if (parsed.username !== '' || parsed.password !== '') {
      throw new UsageError(`--mirror for ${registry}: credentials do not belong in the URL; put them in the docker config (--config)`, command);
    }
    mirrors[registry === 'index.docker.io' ? 'docker.io' : registry] = url;
  }
  return mirrors;
}

function parseInsecure(host: string, command: CommandName): string {
  const trimmed = host.trim();
  if (trimmed === '' || /[/@\s]/.test(trimmed.replace(/^https?:\/\//, ''))) {
    throw new UsageError(`--insecure-registry wants host[:port], got "${host}"`, command);
  }
  return trimmed;
}

/** Node's timers hold 2^31-1 ms (about 24.8 days); a longer delay fires after 1 ms instead. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function parseTimeout(text: string | undefined, command: CommandName): number {
  if (text === undefined) return 30_000;
  const seconds = Number(text);
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || ms < 1 || text.trim() === '') {
    throw new UsageError(`--timeout wants a positive number of seconds, got "${text}"`, command);
  }
  if (ms > MAX_TIMEOUT_MS) {
    throw new UsageError(`--timeout is at most ${Math.floor(MAX_TIMEOUT_MS / 1000)} seconds (about 24 days), got "${text}"`, command);
  }
  return ms;
}
