// The patches in patches/ change how fast dockerfile-ast (and the two libraries it builds positions
// and ranges with) parses, never what it returns. This holds them to that against upstream itself:
// the installed libraries are copied, the patches taken back out of the copies (`git apply -R`, the
// reverse of what patch-package applies), and both parse the same generated and real files; every
// instruction, argument, flag, mount option, JSON word, heredoc, variable and comment must agree.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as patched from 'dockerfile-ast';
import { hugeDockerfile } from '../../bench/generate';
import { benchImages } from '../../bench/images';
import { dockerfileText } from './dockerfile.arbitraries';

type Library = typeof patched;
type Range = { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };

const root = join(__dirname, '..', '..', '..');
const PACKAGES = ['dockerfile-ast', 'vscode-languageserver-types', 'vscode-languageserver-textdocument'];

/** The installed libraries with every patch of patches/ reversed: upstream as published. */
function upstream(dir: string): Library {
  for (const name of PACKAGES) cpSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), { recursive: true });
  for (const file of readdirSync(join(root, 'patches'))) {
    if (!PACKAGES.some((name) => file.startsWith(`${name}+`))) continue;
    try {
      execFileSync('git', ['apply', '-R', join(root, 'patches', file)], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const why = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
      throw new Error(`the installed libraries do not match patches/${file} (run npm ci, which applies it, or npx patch-package after changing them): ${why}`);
    }
  }
  return createRequire(join(dir, 'package.json'))('dockerfile-ast') as Library;
}

function at(range: Range | null | undefined): string {
  return range == null ? 'null' : `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

function instructionView(lib: Library, instruction: patched.Instruction): unknown[] {
  const view: unknown[] = [
    instruction.getKeyword(),
    at(instruction.getRange()),
    at(instruction.getInstructionRange()),
    instruction.getArguments().map((word) => `${word.getValue()} @${at(word.getRange())}`),
    instruction.getVariables().map((variable) => `${variable.getName()} @${at(variable.getRange())}`),
  ];
  if (instruction instanceof lib.ModifiableInstruction) {
    view.push(
      instruction.getFlags().map((flag) => [
        flag.getName(),
        flag.getValue(),
        at(flag.getRange()),
        at(flag.getNameRange()),
        at(flag.getValueRange()),
        flag.getOptions().map((option) => [option.getName(), option.getValue(), at(option.getRange()), at(option.getValueRange())]),
      ]),
    );
  }
  if (instruction instanceof lib.JSONInstruction) {
    view.push(at(instruction.getOpeningBracket()?.getRange()), instruction.getJSONStrings().map((word) => `${word.getJSONValue()} @${at(word.getRange())}`), at(instruction.getClosingBracket()?.getRange()));
  }
  if (instruction instanceof lib.Run || instruction instanceof lib.Copy) {
    view.push(instruction.getHeredocs().map((heredoc) => `${heredoc.getName()} @${at(heredoc.getStartRange())} ${at(heredoc.getNameRange())} ${at(heredoc.getContentRange())} ${at(heredoc.getDelimiterRange())}`));
  }
  if (instruction instanceof lib.Onbuild) {
    const trigger = instruction.getTriggerInstruction();
    view.push(trigger === null ? null : instructionView(lib, trigger));
  }
  return view;
}

/** What a parse returns, read in document order or backwards (the patches cache some answers). */
function view(lib: Library, text: string, backwards: boolean): string {
  try {
    const dockerfile = lib.DockerfileParser.parse(text);
    const instructions = dockerfile.getInstructions();
    const read = (backwards ? [...instructions].reverse() : instructions).map((instruction) => instructionView(lib, instruction));
    return JSON.stringify({
      escape: dockerfile.getEscapeCharacter(),
      directives: dockerfile.getDirectives().map((directive) => `${directive.getName()}=${directive.getValue()}`),
      instructions: backwards ? read.reverse() : read,
      comments: dockerfile.getComments().map((comment) => `${comment.getContent()} @${at(comment.getRange())}`),
      stages: dockerfile.getFROMs().map((from) => dockerfile.getContainingImage(from.getRange().start)?.getComments().map((comment) => comment.getContent())),
      initialArgs: dockerfile.getInitialARGs().map((arg) => arg.getProperties().map((property) => `${property.getName()}=${property.getValue()}`)),
    });
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

/** Pieces of Dockerfile syntax, joined at random: escapes, line ends, comments, heredocs, JSON. */
const PIECES = [
  'FROM', 'RUN', 'COPY', 'ADD', 'CMD', 'ENTRYPOINT', 'ONBUILD', 'ENV', 'ARG', 'LABEL', 'HEALTHCHECK', 'SHELL', 'from', 'Run',
  ' ', '\t', '\\', '`', '\n', '\r\n', '\r', '\\\n', '\\ \n', '\\\r\n', ' \\  \n', '#', '# c', '\n#',
  '--mount=type=cache,from=img,target=/x', '--from=alpine:3', '--platform=$P', '--chown=1:1', '--network=none',
  '[', ']', '"a"', '","', '"', "'", '<<EOF', 'EOF', '<<-END', 'END', '$X', '${Y:-z}', 'a=b', 'AS', 'x', '&&', 'img:tag',
  '# escape=`\n', '# syntax=a/b\n',
];
const tokenSoup = fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.boolean()), { maxLength: 40 }).map((parts) => parts.map(([piece, space]) => piece + (space ? ' ' : '')).join(''));

/** Long RUN scripts with continuations, comments inside them, JSON forms and a heredoc. */
const OFFICIAL_STYLE = `# syntax=docker/dockerfile:1
ARG BASE=debian:bookworm-slim
FROM \${BASE} AS build
ENV LANG=C.UTF-8 \\
    PATH=/usr/local/bin:$PATH
RUN set -eux; \\
# runtime dependencies
    apt-get update; \\
    apt-get install -y --no-install-recommends ca-certificates curl gnupg  \\
        netbase tzdata; \\
    \\
    savedAptMark="$(apt-mark showmanual)"; \\
    dpkgArch="$(dpkg --print-architecture)"; \\
    case "\${dpkgArch##*-}" in \\
        amd64) ARCH='x64';; \\
        arm64) ARCH='arm64';; \\
        *) echo "unsupported architecture"; exit 1 ;; \\
    esac; \\
    rm -rf /var/lib/apt/lists/* # trailing words
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=bind,from=build,source=/x,target=/y \\
    ["sh", "-c", "echo \\"quoted\\" && true"]
COPY --from=build --chown=1000:1000 /usr/local /usr/local
COPY <<-EOF /etc/motd
\thello
\tEOF
ONBUILD RUN --network=none make
HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-f", "http://localhost/"]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
`;

describe('dockerfile-ast as patched, against upstream', function () {
  this.timeout(120_000);
  let dir: string;
  let original: Library;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'docker-pin-upstream-'));
    original = upstream(dir);
    assert.notEqual(original, patched, 'upstream must be a copy of its own');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const same = (text: string): void => {
    for (const backwards of [false, true]) assert.equal(view(patched, text, backwards), view(original, text, backwards), `for ${JSON.stringify(text)}`);
  };

  it('reads generated Dockerfiles exactly as upstream does', () => {
    fc.assert(fc.property(dockerfileText, same), { numRuns: 1500, seed: 7 });
  });

  it('reads any mix of escapes, line ends, comments, heredocs and JSON forms exactly as upstream does', () => {
    fc.assert(fc.property(tokenSoup, same), { numRuns: 4000, seed: 11 });
  });

  it('reads a Dockerfile written the way official images are, and the 10,000-line benchmark file, exactly as upstream does', () => {
    same(readFileSync(join(root, 'examples', 'Dockerfile'), 'utf8'));
    same(OFFICIAL_STYLE);
    same(OFFICIAL_STYLE.replace(/\n/g, '\r\n'));
    same(hugeDockerfile(benchImages(40), 10_000));
  });
});
