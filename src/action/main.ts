// Entry of the GitHub Action (bundled to action/main.js, which action.yml runs and the repository
// commits): runs `docker-pin check` or `docker-pin pin` in this process, as the CLI does, on the
// paths given, then writes the outputs `findings` and `changed-files`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNRESOLVED, type ExitCode } from '../cli/exitCodes';
import { findingOf } from '../cli/formats/findings';
import { escapeData } from '../cli/formats/github';
import { type Output, processOutput } from '../cli/output';
import { run } from '../cli/run';
import { type ActionInputs, readInputs } from './inputs';
import { setOutput } from './outputs';

async function main(env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const inputs = readInputs(env);
  // Paths are the workspace's, where actions/checkout puts the repository.
  if (env.GITHUB_WORKSPACE) process.chdir(env.GITHUB_WORKSPACE);
  let findings = 0;
  const changed: string[] = [];
  const sarif: (string | Buffer)[] = [];
  // SARIF is one document for an upload step, not for the log: it goes to its file.
  const output: Output = inputs.mode === 'check' && inputs.format === 'sarif' ? { out: (text) => void sarif.push(text), err: processOutput.err } : processOutput;
  const code = await run(argvOf(inputs), env, output, {
    checked: (records) => {
      findings += records.filter((record) => findingOf(record) !== undefined).length;
    },
    pinned: ({ written, failed }) => {
      changed.push(...written);
      findings += failed;
    },
  });
  if (sarif.length > 0) writeFileSync(resolve(inputs.sarifFile), Buffer.concat(sarif.map((part) => Buffer.from(part))));
  setOutput(env, 'findings', String(findings));
  setOutput(env, 'changed-files', changed.join('\n'));
  if (inputs.mode === 'check' && inputs.format === 'sarif') setOutput(env, 'sarif-file', inputs.sarifFile);
  // Findings fail the step only when asked; a check that could not be done (bad input, a registry
  // out of reach) always does.
  return code === EXIT_FINDINGS && !inputs.failOnFindings ? EXIT_OK : code;
}

/** The command line the inputs stand for; `--` keeps a path that starts with `-` a path. */
function argvOf(inputs: ActionInputs): string[] {
  const platform = inputs.platform === undefined ? [] : ['--platform', inputs.platform];
  const kind = inputs.digestKind === undefined ? [] : ['--digest-kind', inputs.digestKind];
  return inputs.mode === 'pin' ? ['pin', ...platform, ...kind, '--', ...inputs.paths] : ['check', '--format', inputs.format, ...platform, ...kind, '--', ...inputs.paths];
}

main(process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // As the runner shows an error, with the reason in the job's annotations.
    process.stdout.write(`::error title=docker-pin::${escapeData(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = EXIT_UNRESOLVED;
  },
);
