// Parses the command line, builds the one registry client, runs the command. `main.ts` calls it.
// Commands and the client are imported only once a command runs: `--version` and `--help` then
// start without evaluating axios, the AST parser and the rest (about half the start-up time).
import { stat } from 'node:fs/promises';
import { isUsageError } from '../core/errors';
import { defaultCacheDirectory } from './cacheDirectory';
import { type GlobalOptions, type Invocation, parseCommandLine, UsageError } from './args';
import type { CommandName } from './commandNames';
import type { RegistryClient } from '../registry/client';
import type { CommandContext, RunObserver } from './context';
import { EXIT_OK, EXIT_USAGE, type ExitCode, worstExitCode } from './exitCodes';
import { helpText } from './help';
import type { SharedAnalyzeOptions } from '../engine/analyze';
import { distinctFiles } from './inputs';
import type { RepoConfigs } from './repoConfig';
import type { FileOperand } from './readSource';
import { type Output, processOutput, stderrLogger } from './output';
import { VERSION } from './version';
import { walkOperands } from './walk';

/** `observer` hears what `check` found and what `pin` wrote, for a caller in this process. */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, output: Output = processOutput, observer?: RunObserver): Promise<ExitCode> {
  let invocation: Invocation;
  try {
    invocation = parseCommandLine(argv, env);
    if ('options' in invocation) await checkConfigDir(invocation.options.configDir, invocation.action);
  } catch (error) {
    if (error instanceof UsageError || isUsageError(error)) {
      const command = error instanceof UsageError ? error.command : undefined;
      output.err(`docker-pin: ${(error as Error).message}`);
      output.err(`Run "docker-pin ${command ? `${command} ` : ''}--help" for usage.`);
      return EXIT_USAGE;
    }
    throw error;
  }
  switch (invocation.action) {
    case 'help':
      output.out(helpText(invocation.command));
      return EXIT_OK;
    case 'version':
      output.out(`${VERSION}\n`);
      return EXIT_OK;
    case 'resolve': {
      const [{ resolveCommand }, { configured, resolveSettings, RepoConfigs }] = await Promise.all([import('./commands/resolve'), import('./repoConfig')]);
      // The current directory's repository config, under the flags, as `pin` would use it for a file here.
      const settings = await configured(() => resolveSettings(invocation, new RepoConfigs()), output);
      if (typeof settings === 'number') return settings;
      return withContext(invocation.options, env, output, (ctx) => resolveCommand({ ...invocation, ...settings }, ctx));
    }
    case 'manifest': {
      const { manifestCommand } = await import('./commands/manifest');
      const platform = invocation.options.platformGiven ? invocation.options.platform : undefined;
      return withContext(invocation.options, env, output, (ctx) => manifestCommand({ image: invocation.image, platform }, ctx));
    }
    case 'pin':
    case 'check': {
      // Every repository config the files need is read and checked before any file is: an invalid
      // one stops the run (exit 2) with nothing written.
      const [{ configured, RepoConfigs }, { withRepoConfigs }] = await Promise.all([import('./repoConfig'), import('./fileOptions')]);
      const configs = new RepoConfigs();
      const fileOptions = (run: SharedAnalyzeOptions) => withRepoConfigs(run, { platformGiven: invocation.options.platformGiven, ...(invocation.digestKind !== undefined ? { digestKind: invocation.digestKind } : {}) }, configs);
      const shared = {
        files: [] as FileOperand[],
        platform: invocation.options.platform,
        platformGiven: invocation.options.platformGiven,
        // Files no repository config applies to: the command line's kind, else platform digests.
        index: invocation.digestKind === 'index',
        buildArgs: invocation.options.buildArgs,
        environment: environmentOf(env),
        verbose: invocation.options.verbose,
        fileOptions,
      };
      return configured(async () => {
        const { files, walked, code } = await filesOf(invocation.files, output, configs);
        if (invocation.action === 'pin') {
          const { pinCommand } = await import('./commands/pin');
          return worstExitCode([code, await withContext(invocation.options, env, output, (ctx) => pinCommand({ ...invocation, ...shared, files, walked }, ctx), observer)]);
        }
        const { checkCommand } = await import('./commands/check');
        return worstExitCode([code, await withContext(invocation.options, env, output, (ctx) => checkCommand({ ...invocation, ...shared, files, walked }, ctx), observer)]);
      }, output);
    }
  }
}

/** The environment as compose interpolates from it: the variables that have a value. */
function environmentOf(env: NodeJS.ProcessEnv): Map<string, string> {
  return new Map(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The files `operands` stand for (directories walked), each once. A directory holding no supported
 * file is said on stderr and is no error, as ruff and black treat a tree with nothing to do: an
 * empty result is a true answer, and a path that does not exist is still an error of its own. A
 * directory that cannot be read is an error (exit 2): files in it would go unchecked.
 */
async function filesOf(operands: readonly string[], output: Output, configs: RepoConfigs): Promise<{ files: FileOperand[]; walked: string[]; code: ExitCode }> {
  const walked = await walkOperands(operands, (path) => configs.excluding(path));
  // Named, yet not read: said, so that nobody takes the silence for a clean check.
  for (const { path, by } of walked.excluded) output.err(`docker-pin: ${path}: not read: ${by} leaves it out (ignore.paths)`);
  for (const path of walked.otherFiles) output.err(`docker-pin: ${path}: not read: not a compose file, Kubernetes manifest, GitHub workflow or action, GitLab CI file or dev container config`);
  for (const dir of walked.emptyDirectories) output.err(`docker-pin: ${dir}: no Dockerfile, compose file, Kubernetes manifest, workflow, GitLab CI file or dev container config in this directory (files .gitignore excludes are left out)`);
  for (const problem of walked.problems) output.err(`docker-pin: ${problem}`);
  // The walk's kind is kept: the file is not told again by its content.
  const files = (await distinctFiles(walked.files)).map((file) => ({ path: file.path, kind: file.kind }));
  return { files, walked: walked.directories, code: walked.problems.length > 0 ? EXIT_USAGE : EXIT_OK };
}

/**
 * `--config` must name a directory: a mistyped one would otherwise look like "no credentials", far
 * from its cause. (`$DOCKER_CONFIG` is left as docker leaves it: a directory not made yet holds no logins.)
 */
async function checkConfigDir(dir: string | undefined, command: CommandName): Promise<void> {
  if (dir === undefined) return;
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(dir)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--config "${dir}": ${code === 'ENOENT' ? 'no such directory' : `cannot be read (${code ?? String(error)})`}`, command);
  }
  if (!isDirectory) throw new UsageError(`--config "${dir}" is not a directory; give the directory that holds config.json`, command);
}

/**
 * Runs `command` with the process's one client, then says on stderr which registries' pull budgets
 * run low (every budget with --verbose), whatever the command's outcome, and waits for the disk
 * cache's queued writes: the next run finds everything this one fetched.
 */
async function withContext(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv,
  output: Output,
  command: (ctx: CommandContext) => Promise<ExitCode>,
  observer?: RunObserver,
): Promise<ExitCode> {
  const { ctx, client } = await context(options, env, output, observer);
  try {
    return await command(ctx);
  } finally {
    const { reportRateLimits } = await import('./rateLimits');
    reportRateLimits(client.rateLimits(), options.verbose, output);
    await client.flush();
  }
}

/** One client per process: every file and line shares its caches and its tokens. */
async function context(options: GlobalOptions, env: NodeJS.ProcessEnv, output: Output, observer?: RunObserver): Promise<{ ctx: CommandContext; client: RegistryClient }> {
  const [{ RegistryClient }, { DockerConfigCredentials }, { dockerCertsDirs }] = await Promise.all([
    import('../registry/client'),
    import('../registry/credentials'),
    import('../registry/tlsTrust'),
  ]);
  const client = new RegistryClient({
    logger: stderrLogger(options.verbose, output),
    credentials: new DockerConfigCredentials({ configDir: options.configDir, allowHelpers: true }),
    mirrors: options.mirrors,
    insecureRegistries: options.insecureRegistries,
    insecureRegistryHint: (host) => `--insecure-registry ${host}`,
    // The CAs and client certificates docker uses for each registry, so docker-pin reaches what docker reaches.
    certsDirs: dockerCertsDirs(env),
    timeoutMs: options.timeoutMs,
    ...(options.cache ? { cacheDirectory: defaultCacheDirectory(env) } : {}),
  });
  return { ctx: { client, output, observer }, client };
}
