// Entry of `docker-pin` (bundled to dist/cli.js).
import { EXIT_UNRESOLVED } from './exitCodes';
import { run } from './run';

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
