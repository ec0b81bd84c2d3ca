// dockerfile-ast is patched (patches/dockerfile-ast+0.7.1.patch, with the two libraries it builds
// positions and ranges with: patches/vscode-languageserver-textdocument+1.0.16.patch and
// patches/vscode-languageserver-types+3.18.5.patch; all applied by `npm ci` through patch-package)
// so that a 10,000-line Dockerfile parses in a fraction of the time. The patches must
// not change anything the parser returns: these cases pin down what docker-pin and a user see
// (instructions, their ranges, arguments and flags, heredocs, and which stage owns each comment),
// and the last ones check that the patch is in place by the work a parse does, not by timing it.
import * as assert from 'node:assert/strict';
import { Copy, DockerfileParser, Instruction, JSONInstruction, ModifiableInstruction, Onbuild, Run } from 'dockerfile-ast';
import type { Comment } from 'dockerfile-ast';
import { ImageTemplate } from 'dockerfile-ast/lib/imageTemplate';
import { Parser } from 'dockerfile-ast/lib/parser';
import type { Range } from '../../src/core/types';

function at(range: Range | null): string {
  return range === null ? 'null' : `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** One instruction: keyword, range, arguments, flags (with mount options) and an ONBUILD's trigger. */
type InstructionView = [string, string, string[], ...unknown[]];

function instructionView(instruction: Instruction): InstructionView {
  const view: InstructionView = [
    instruction.getKeyword(),
    at(instruction.getRange()),
    instruction.getArguments().map((a) => `${a.getValue()} @${at(a.getRange())}`),
  ];
  if (instruction instanceof ModifiableInstruction) {
    view.push(
      instruction
        .getFlags()
        .map((f) => `--${f.getName()}=${f.getValue()} @${at(f.getValueRange())}` + f.getOptions().map((o) => ` ${o.getName()}=${o.getValue()}`).join('')),
    );
  }
  if (instruction instanceof Onbuild) {
    const trigger = instruction.getTriggerInstruction();
    view.push(trigger === null ? null : instructionView(trigger));
  }
  return view;
}

interface View {
  escape: string;
  instructions: InstructionView[];
  /** Comments of the instructions before the first FROM (the template holding the first ARG). */
  initial: string[];
  /** Comments of each build stage, as `getContainingImage(<its FROM>).getComments()` gives them. */
  stages: string[][];
  /** Heredocs of each RUN and COPY. */
  heredocs: string[][];
}

function view(text: string): View {
  const dockerfile = DockerfileParser.parse(text);
  const comments = (template: { getComments(): Comment[] } | null): string[] =>
    (template?.getComments() ?? []).map((c) => `${c.getContent()} @${c.getRange().start.line}`);
  const firstArg = dockerfile.getInitialARGs()[0];
  return {
    escape: dockerfile.getEscapeCharacter(),
    instructions: dockerfile.getInstructions().map(instructionView),
    initial: firstArg === undefined ? [] : comments(dockerfile.getContainingImage(firstArg.getRange().start)),
    stages: dockerfile.getFROMs().map((from) => comments(dockerfile.getContainingImage(from.getRange().start))),
    heredocs: dockerfile
      .getInstructions()
      .flatMap((i) => (i instanceof Run || i instanceof Copy ? [i.getHeredocs()] : []))
      .map((heredocs) => heredocs.map((h) => `${h.getName()} @${at(h.getContentRange())}`)),
  };
}

describe('dockerfile-ast as patched', () => {
  it('reads a multi-stage file: arguments, flags, and the comments of each stage and of the ARGs before FROM', () => {
    const text =
      '# leading comment\n' +
      'ARG BASE=alpine:3.20\n' +
      '# between the ARGs\n' +
      'ARG OTHER\n' +
      'FROM ${BASE} AS build\n' +
      '# inside build\n' +
      'RUN --mount=type=cache,target=/root/.cache \\\n' +
      '  # a comment inside a continuation\n' +
      '  make\n' +
      '\n' +
      'FROM scratch\n' +
      '# in the last stage\n' +
      'COPY --from=build /out /out\n' +
      '# after the last instruction\n';
    assert.deepEqual(view(text), {
      escape: '\\',
      instructions: [
        ['ARG', '1:0-1:20', ['BASE=alpine:3.20 @1:4-1:20']],
        ['ARG', '3:0-3:9', ['OTHER @3:4-3:9']],
        ['FROM', '4:0-4:21', ['${BASE} @4:5-4:12', 'AS @4:13-4:15', 'build @4:16-4:21'], []],
        ['RUN', '6:0-8:6', ['make @8:2-8:6'], ['--mount=type=cache,target=/root/.cache @6:12-6:42 type=cache target=/root/.cache']],
        ['FROM', '10:0-10:12', ['scratch @10:5-10:12'], []],
        ['COPY', '12:0-12:27', ['/out @12:18-12:22', '/out @12:23-12:27'], ['--from=build @12:12-12:17']],
      ],
      // Comments outside every template's range (before the first ARG, after the last
      // instruction) belong to none: that is dockerfile-ast's rule, kept as it was.
      initial: ['between the ARGs @2'],
      stages: [['inside build @5', 'a comment inside a continuation @7'], ['in the last stage @11']],
      heredocs: [[], []],
    });
  });

  it('reads heredocs: their lines are arguments, and a # line inside one is not a comment', () => {
    const text =
      'FROM debian:12\n' +
      'RUN <<EOF\n' +
      '# not a comment, a heredoc line\n' +
      'apt-get update\n' +
      'EOF\n' +
      'COPY --chmod=755 <<-EOT /run.sh\n' +
      '\techo hi\n' +
      '\tEOT\n' +
      '# a real comment\n' +
      'WORKDIR /app\n';
    assert.deepEqual(view(text), {
      escape: '\\',
      instructions: [
        ['FROM', '0:0-0:14', ['debian:12 @0:5-0:14'], []],
        [
          'RUN',
          '1:0-4:3',
          [
            '<<EOF @1:4-1:9', '# @2:0-2:1', 'not @2:2-2:5', 'a @2:6-2:7', 'comment, @2:8-2:16', 'a @2:17-2:18',
            'heredoc @2:19-2:26', 'line @2:27-2:31', 'apt-get @3:0-3:7', 'update @3:8-3:14', 'EOF @4:0-4:3',
          ],
          [],
        ],
        ['COPY', '5:0-7:4', ['<<-EOT @5:17-5:23', '/run.sh @5:24-5:31', 'echo @6:1-6:5', 'hi @6:6-6:8', 'EOT @7:1-7:4'], ['--chmod=755 @5:13-5:16']],
        ['WORKDIR', '9:0-9:12', ['/app @9:8-9:12']],
      ],
      initial: [],
      stages: [['a real comment @8']],
      heredocs: [['EOF @2:0-3:14'], ['EOT @6:0-6:8']],
    });
  });

  it('reads ONBUILD triggers with their own flags', () => {
    const text =
      'FROM node:20 AS base\n' +
      'ONBUILD COPY --from=tools:1 /bin/t /bin/t\n' +
      'ONBUILD RUN --mount=type=bind,from=helper:2,target=/h ls /h\n' +
      '# trailing\n';
    assert.deepEqual(view(text).instructions, [
      ['FROM', '0:0-0:20', ['node:20 @0:5-0:12', 'AS @0:13-0:15', 'base @0:16-0:20'], []],
      [
        'ONBUILD',
        '1:0-1:41',
        ['COPY @1:8-1:12', '--from=tools:1 @1:13-1:27', '/bin/t @1:28-1:34', '/bin/t @1:35-1:41'],
        ['COPY', '1:8-1:41', ['/bin/t @1:28-1:34', '/bin/t @1:35-1:41'], ['--from=tools:1 @1:20-1:27']],
      ],
      [
        'ONBUILD',
        '2:0-2:59',
        ['RUN @2:8-2:11', '--mount=type=bind,from=helper:2,target=/h @2:12-2:53', 'ls @2:54-2:56', '/h @2:57-2:59'],
        ['RUN', '2:8-2:59', ['ls @2:54-2:56', '/h @2:57-2:59'], ['--mount=type=bind,from=helper:2,target=/h @2:20-2:53 type=bind from=helper:2 target=/h']],
      ],
    ]);
  });

  it('reads a file with the backtick escape directive, continuations and CRLF line ends', () => {
    const text =
      '# escape=`\r\n' +
      'ARG TAG=ltsc2022\r\n' +
      'FROM mcr.microsoft.com/windows/servercore:$TAG AS win\r\n' +
      '# windows stage\r\n' +
      'RUN dir c:\\ `\r\n' +
      '  && echo done\r\n' +
      'FROM `\r\n' +
      '  mcr.microsoft.com/powershell:lts\r\n' +
      'COPY --from=win C:\\x C:\\x\r\n';
    assert.deepEqual(view(text), {
      escape: '`',
      instructions: [
        ['ARG', '1:0-1:16', ['TAG=ltsc2022 @1:4-1:16']],
        ['FROM', '2:0-2:53', ['mcr.microsoft.com/windows/servercore:$TAG @2:5-2:46', 'AS @2:47-2:49', 'win @2:50-2:53'], []],
        ['RUN', '4:0-5:14', ['dir @4:4-4:7', 'c:\\ @4:8-4:11', '&& @5:2-5:4', 'echo @5:5-5:9', 'done @5:10-5:14'], []],
        ['FROM', '6:0-7:34', ['mcr.microsoft.com/powershell:lts @7:2-7:34'], []],
        ['COPY', '8:0-8:25', ['C:\\x @8:16-8:20', 'C:\\x @8:21-8:25'], ['--from=win @8:12-8:15']],
      ],
      initial: [],
      stages: [['windows stage @3'], []],
      heredocs: [[], []],
    });
  });

  it('gives every stage of a many-stage file its own comments, and no comment to two stages', () => {
    const stages = 300;
    const lines = ['ARG X=1', '# initial'];
    for (let i = 0; i < stages; i++) lines.push(`FROM alpine AS s${i}`, `# comment of s${i}`, 'RUN true', `# second of s${i}`, 'WORKDIR /w');
    const seen = view(lines.join('\n') + '\n');
    assert.deepEqual(seen.initial, []);
    assert.deepEqual(
      seen.stages,
      Array.from({ length: stages }, (_, i) => [`comment of s${i} @${3 + 5 * i}`, `second of s${i} @${5 + 5 * i}`]),
    );
  });

  it('gives the same answers whatever order they are asked in', () => {
    // Positions are looked up near the previous answer first (the patch of
    // vscode-languageserver-textdocument), so asking backwards must not change them.
    const text = Array.from({ length: 60 }, (_, i) => `FROM alpine:3.${i} AS s${i}\r\nRUN --mount=from=s${i},target=/t \\\r\n  echo ${i}\r\n`).join('');
    const forward = DockerfileParser.parse(text).getInstructions().map(instructionView);
    const backward = DockerfileParser.parse(text).getInstructions().reverse().map(instructionView).reverse();
    assert.deepEqual(backward, forward);
    assert.deepEqual(forward[119], ['RUN', '178:0-179:9', ['echo @179:2-179:6', '59 @179:7-179:9'], ['--mount=from=s59,target=/t @178:12-178:30 from=s59 target=/t']]);
  });

  it('reads the JSON form of RUN, CMD and ENTRYPOINT when asked for it, after the flags', () => {
    const text = 'FROM alpine\nRUN --mount=type=cache,target=/c \\\n  ["sh", "-c", "echo \\"hi\\""]\nCMD [ "a" ,"b"]\nENTRYPOINT []\n';
    const json = DockerfileParser.parse(text)
      .getInstructions()
      .filter((instruction): instruction is Run => instruction instanceof JSONInstruction)
      .map((instruction) => [
        instruction.getKeyword(),
        at(instruction.getOpeningBracket()?.getRange() ?? null),
        instruction.getJSONStrings().map((word) => `${word.getJSONValue()} @${at(word.getRange())}`),
        at(instruction.getClosingBracket()?.getRange() ?? null),
      ]);
    assert.deepEqual(json, [
      ['RUN', '2:2-2:3', ['sh @2:3-2:7', '-c @2:9-2:13', 'echo"hi" @2:15-2:28'], '2:28-2:29'],
      ['CMD', '3:4-3:5', ['a @3:6-3:9', 'b @3:11-3:14'], '3:14-3:15'],
      ['ENTRYPOINT', '4:11-4:12', [], '4:12-4:13'],
    ]);
  });

  describe('the patch is applied', () => {
    /** Counts the calls of `target[name]` while `run` runs, then restores it. */
    function countCalls<T extends object>(target: T, name: keyof T & string, run: () => void): number {
      const original = target[name] as unknown as (...args: unknown[]) => unknown;
      let calls = 0;
      (target as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        calls++;
        return original.apply(this, args);
      };
      try {
        run();
      } finally {
        (target as Record<string, unknown>)[name] = original;
      }
      return calls;
    }

    function manyStages(stages: number): string {
      const lines: string[] = [];
      for (let i = 0; i < stages; i++) lines.push(`FROM alpine AS s${i}`, `# comment ${i}`, 'RUN true');
      return lines.join('\n') + '\n';
    }

    it('asks each stage for its range once, not once per comment (the unpatched code is quadratic)', () => {
      const stages = 200;
      const calls = countCalls(ImageTemplate.prototype, 'getRange', () => DockerfileParser.parse(manyStages(stages)));
      // The initial template and each stage, once; unpatched, 200 comments times 200 stages.
      assert.ok(calls <= stages + 1, `getRange called ${calls} times for ${stages} stages`);
    });

    it('builds each instruction once, and again only when a heredoc extends it', () => {
      const text = 'FROM alpine AS a\nRUN --mount=type=cache,target=/c echo hi\nCOPY --from=a /x /y\nWORKDIR /w\nRUN <<EOF\nls\nEOF\n';
      const calls = countCalls(Parser, 'createInstruction', () => DockerfileParser.parse(text));
      // Five instructions, the last rebuilt with its heredoc's lines; unpatched, ten builds.
      assert.equal(calls, 6);
    });

    it('tokenizes no argument of a RUN without a heredoc while parsing it (nine times unpatched)', () => {
      const calls = countCalls(Instruction.prototype as unknown as { getRawArguments(): unknown }, 'getRawArguments', () => DockerfileParser.parse('RUN --mount=type=cache,target=/c echo hi\n'));
      assert.equal(calls, 0);
    });

    it("reads a RUN's flags without tokenizing the command after them", () => {
      const run = DockerfileParser.parse('RUN --network=none --mount=type=cache,target=/c echo one two three four\n').getInstructions()[0] as Run;
      const prototype = Instruction.prototype as unknown as { getRawArguments(stopAfter?: (value: string) => boolean): { getValue(): string }[] };
      const original = prototype.getRawArguments;
      const tokenized: string[][] = [];
      prototype.getRawArguments = function (this: unknown, stopAfter?: (value: string) => boolean) {
        const words = original.call(this, stopAfter);
        tokenized.push(words.map((word) => word.getValue()));
        return words;
      };
      try {
        assert.deepEqual(run.getFlags().map((flag) => flag.getName()), ['network', 'mount']);
      } finally {
        prototype.getRawArguments = original;
      }
      // Up to the first word that is no flag; the whole command unpatched.
      assert.deepEqual(tokenized, [['--network=none', '--mount=type=cache,target=/c', 'echo']]);
    });
  });
});
