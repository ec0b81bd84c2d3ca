// Stands in for axios's fetch adapter (`axios/lib/adapters/fetch.js`) in both bundles. Evaluating
// that module probes `globalThis.Request` and builds a Request, which makes Node load its
// bundled undici: several milliseconds of every CLI run for an adapter axios never picks here
// (its default order is xhr, http, fetch, and Node always has http). Asked for by name, axios
// reports "adapter fetch is not supported by the environment" because `getFetch` answers false.

/** axios's adapter table calls this to get the fetch adapter; false means "not available". */
export const getFetch = (): false => false;

export default false;
