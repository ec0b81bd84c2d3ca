// Entry of `docker-pin` (bundled to dist/cli.js).
import { EXIT_UNRESOLVED } from './exitCodes';
import { run } from './run';

// A failed write to stdout ends in a message, not in Node's stack trace. A reader that left early
// (`docker-pin check … | head -1`) wanted no more: the rest is dropped and the run's exit code
// stands. Any other failure (a full disk) lost results, so the run cannot end in success.
let stdoutFailure: string | undefined;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (stdoutFailure !== undefined) return;
  stdoutFailure = error.code ?? 'error';
  if (stdoutFailure !== 'EPIPE') process.stderr.write(`docker-pin: could not write the output (${stdoutFailure})\n`);
});
// Nowhere left to say anything.
process.stderr.on('error', () => undefined);
process.once('exit', () => {
  if (stdoutFailure !== undefined && stdoutFailure !== 'EPIPE') process.exitCode = EXIT_UNRESOLVED;
});

run(process.argv.slice(2), process.env).then(
  (code) => {
    // exitCode, not exit(): stdout may still be flushing a large manifest or diff into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`docker-pin: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_UNRESOLVED;
  },
);
