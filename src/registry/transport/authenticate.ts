// Registry authentication as a layer: a request for a repository is sent with the Authorization
// its registry is known to want (auth.ts), and a 401 is answered once: the challenge read, a token
// for the repository's pull scope fetched, the request sent again. A second 401 is final.
import { DockerPinError } from '../../core/errors';
import type { Authenticator } from '../auth';
import type { Endpoint } from '../endpoint';
import type { Credential } from '../types';
import type { Layer, TransportRequest } from './types';

export function authenticate(auth: Authenticator): Layer {
  return (next) => async (req) => {
    if (!req.scope) return next(req);
    const { endpoint, repository } = req.scope;
    const { header: sent, probe } = await auth.prepare(endpoint, repository, req.signal);
    try {
      let res = await next(withAuthorization(req, sent));
      if (res.status !== 401) {
        probe?.finish(res.status);
        return res;
      }
      // answer() records the challenge, which also releases requests waiting on this probe.
      const header = await auth.answer(endpoint, repository, res.headers['www-authenticate'], sent, req.signal);
      res = await next(withAuthorization(req, header));
      if (res.status === 401) throw refused(req.what, endpoint, header, await auth.credentialFor(endpoint));
      return res;
    } finally {
      // Whatever went wrong (no usable challenge, a network error, cancelled), the others go on.
      probe?.finish();
    }
  };
}

function withAuthorization(req: TransportRequest, authorization: string | undefined): TransportRequest {
  const headers: Record<string, string> = { ...req.headers };
  delete headers.authorization;
  if (authorization) headers.authorization = authorization;
  return { ...req, headers };
}

/**
 * A second 401. After a token was issued, it means the token grants no pull on the repository:
 * Docker Hub (and any token registry) answers so both for a repository that does not exist and
 * for a private one the caller may not pull, so the message says both. After Basic credentials, it
 * means they were refused.
 */
function refused(what: string, endpoint: Endpoint, sent: string, credential: Credential | undefined): DockerPinError {
  const details = { host: endpoint.host, status: 401 };
  if (sent.startsWith('Bearer ')) {
    const why = credential ? `the login for ${endpoint.registry} may not pull it` : `no credentials are configured for ${endpoint.registry}`;
    return new DockerPinError('UNAUTHORIZED', `${what}: not found, or private and needs a login (${endpoint.host} answered HTTP 401; ${why})`, details);
  }
  const why = credential ? `refused the credentials for ${endpoint.registry}` : `requires a login, and no credentials are configured for ${endpoint.registry}`;
  return new DockerPinError('UNAUTHORIZED', `${what}: ${endpoint.host} ${why} (HTTP 401)`, details);
}
