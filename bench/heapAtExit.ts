// Preloaded (`node --expose-gc --require`) into one extra CLI run of the memory series: at exit it
// runs a full GC and writes the JS heap still in use to the file DOCKER_PIN_BENCH_HEAP names. That
// is the data a run keeps; peak RSS also counts what V8 reserves for itself as a run goes on (a
// young generation that grows with the bytes that survived, optimized code), which is not.
import { writeFileSync } from 'node:fs';

const out = process.env.DOCKER_PIN_BENCH_HEAP;
if (out !== undefined) {
  process.once('exit', () => {
    (globalThis as { gc?: () => void }).gc?.();
    writeFileSync(out, String(process.memoryUsage().heapUsed));
  });
}
