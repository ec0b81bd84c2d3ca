// Whether a YAML file parses whole: a file Compose reads in full (an override file it merges) is
// refused by it at its first syntax error, so a reader must not take it as far as it parses.
import { YamlFile } from './yamlFile';

/** The first syntax error of `text`, in words (`YAML error on line 5: …`); undefined when it parses. */
export function yamlSyntaxError(text: string): string | undefined {
  const errors = new YamlFile(text).documents.flatMap((document) => document.errors());
  return errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)[0]?.message;
}
