// Registry authentication as a layer: a request for a repository is sent with the Authorization
// its registry is known to want (auth.ts), and a 401 is answered once: the challenge read, a token
// for the repository's pull scope fetched, the request sent again. A second 401 is final.
import { DockerPinError } from '../../core/errors';
import type { Authenticator } from '../auth';
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
      if (res.status === 401) {
        const credential = await auth.credentialFor(endpoint);
        const why = credential
          ? `refused the credentials for ${endpoint.registry}`
          : `requires a login, and no credentials are configured for ${endpoint.registry}`;
        throw new DockerPinError('UNAUTHORIZED', `${req.what}: ${endpoint.host} ${why} (HTTP 401)`, { host: endpoint.host, status: 401 });
      }
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
