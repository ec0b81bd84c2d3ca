// Stands in for the `form-data` package in both bundles (see esbuild.mjs and axiosDiet.mjs).
// axios's Node build imports `form-data` at load for multipart uploads; evaluating it and what it
// pulls in (mime-db's JSON, get-intrinsic, asynckit…) costs several milliseconds of every CLI run,
// and docker-pin never sends a form: request bodies are strings (a token refresh is URL-encoded).
// axios only constructs this class when asked to send an object as multipart/form-data, so the
// constructor says plainly why that cannot work instead of sending something wrong.

export const NO_FORM_DATA_MESSAGE = 'docker-pin does not send multipart forms (the form-data package is left out of the bundle)';

export default class NoFormData {
  constructor() {
    throw new Error(NO_FORM_DATA_MESSAGE);
  }
}
