// Counts each request by kind in the client's stats (one per request asked of the layers below,
// whatever redirects and retries it takes).
import type { ClientStats } from '../types';
import type { Layer } from './types';

export function count(stats: ClientStats): Layer {
  return (next) => (req) => {
    if (req.kind) stats[req.kind]++;
    return next(req);
  };
}
