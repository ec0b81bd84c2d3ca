// The yaml package, as every file of docker-pin imports it. yaml is a CommonJS package, and a
// bundle (esbuild) gives each file that imports one a namespace of its own, copying every export
// into it as the file loads: imported by thirty-odd files, that was thirty-odd copies at start-up.
// Imported here alone, it is copied once (bench/startupTricks.md; test/build/yamlOnce.test.ts).
export { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, Parser, visit } from 'yaml';
export type { Alias, Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
