// VS Code's CancellationToken turned into an AbortSignal at the boundary, so the core only ever
// sees AbortSignal (axios accepts it). Structural types keep this file free of `vscode`, so it can
// be unit-tested in plain mocha; a real CancellationToken satisfies `TokenLike`.

export interface TokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Stops listening to the token; call it when the work is done so no listener leaks. */
  dispose(): void;
}

/** An AbortSignal that aborts when `token` is cancelled (or already is). */
export function toAbortSignal(token: TokenLike | undefined): LinkedSignal {
  const controller = new AbortController();
  if (!token) return { signal: controller.signal, dispose: () => undefined };
  if (token.isCancellationRequested) {
    controller.abort();
    return { signal: controller.signal, dispose: () => undefined };
  }
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => void listener.dispose() };
}

/** Runs `work` with a signal linked to `token`, always releasing the token listener. */
export async function withSignal<T>(token: TokenLike | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const linked = toAbortSignal(token);
  try {
    return await work(linked.signal);
  } finally {
    linked.dispose();
  }
}
