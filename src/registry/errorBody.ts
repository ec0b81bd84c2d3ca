// The error body of the distribution spec: `{"errors": [{"code": "...", "message": "..."}]}`.

export interface RegistryErrorEntry {
  readonly code?: string;
  readonly message?: string;
}

/** The registry's errors in `body`; none when it is not such a body. */
export function registryErrors(body: Buffer): RegistryErrorEntry[] {
  try {
    const json = JSON.parse(body.toString('utf8')) as { errors?: unknown };
    return Array.isArray(json.errors) ? (json.errors as RegistryErrorEntry[]).filter((e) => typeof e === 'object' && e !== null) : [];
  } catch {
    return [];
  }
}

/** The first message in `body`, on one line and cut short: it is the registry's text, shown to a user, and could be anything. */
export function registryText(body: Buffer): string | undefined {
  const message = registryErrors(body).find((e) => typeof e.message === 'string')?.message;
  return message ? message.replace(/\s+/g, ' ').trim().slice(0, 200) : undefined;
}
