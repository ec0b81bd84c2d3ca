// Stands in for the https-proxy-agent (v5) that axios's Node adapter imports at load for its own
// proxy support. docker-pin turns that off (`proxy: false`) and hands axios its own agents, proxy
// ones included (src/registry/agents.ts), so axios's copy is never constructed; evaluating it
// (with agent-base and debug) still cost every CLI run a few milliseconds.

export const NO_AXIOS_PROXY_MESSAGE = "docker-pin routes proxies through its own agents; axios's proxy support is left out of the bundle";

export default class NoAxiosProxyAgent {
  constructor() {
    throw new Error(NO_AXIOS_PROXY_MESSAGE);
  }
}
