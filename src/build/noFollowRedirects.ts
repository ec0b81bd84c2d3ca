// Stands in for the `follow-redirects` package that axios's Node adapter imports at load, for
// requests with `maxRedirects` above 0. docker-pin sends every request with `maxRedirects: 0` and
// follows redirects itself, in the transport's redirect layer, which decides where credentials may
// go (src/registry/transport/redirects.ts); axios then uses Node's http and https as they are.
// Evaluating follow-redirects (and Node's assert, which it loads) still cost every CLI run 3–5 ms.
// Should a request ever ask axios to follow redirects, it fails saying why instead of going out.

export const NO_FOLLOW_REDIRECTS_MESSAGE =
  "docker-pin follows redirects in its own transport layer (maxRedirects: 0); axios's follow-redirects is left out of the bundle";

const refuse = {
  request(): never {
    throw new Error(NO_FOLLOW_REDIRECTS_MESSAGE);
  },
};

export default { http: refuse, https: refuse };
