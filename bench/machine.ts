// Describes the machine a run happened on, so published figures can be compared honestly.
import * as os from 'node:os';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

/** 1-minute load average: other work on a shared machine inflates every wall time. */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    // `availableParallelism` honours cgroup/affinity limits, like `nproc` does.
    cpus: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model?.trim() || 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}
