// `--help` texts: the general one and one per command.
import type { CommandName } from './commandNames';

const COMMON = `Common options:
  --mirror <registry>=<url>         fetch <registry>'s images from <url> (repeatable),
                                    e.g. --mirror docker.io=https://mirror.example
  --insecure-registry <host[:port]> as docker's insecure-registries: https without a certificate
                                    check, then plain http; credentials sent (repeatable)
  --timeout <seconds>               per request (default 30)
  --config <dir>                    docker config directory, which must exist
                                    (default $DOCKER_CONFIG or ~/.docker)
  --no-cache                        neither read nor write the cache of manifests, nor the
                                    CLI's code cache ($XDG_CACHE_HOME/docker-pin, else
                                    ~/.cache/docker-pin)
  --verbose                         trace registry requests to stderr
  --help, -h                        show help (also: docker-pin help [command])
  --version                         show the version

Platform: --platform, else the repository config's, else $DOCKER_DEFAULT_PLATFORM, else
linux/<host architecture>.
Repository config: the nearest .docker-pin.yaml (or .yml) above each file, up to the
repository root, sets platform, digestKind, buildArgs and ignore (paths, images) under the
flags; an invalid one is exit 2 with nothing written.
Cache: manifests are kept by digest, so a tag fetched before is asked again with a HEAD (which
Docker Hub does not count as a pull) and fetched only when it names a new digest. Safe to delete.
TLS: CAs and client certificates in docker's /etc/docker/certs.d/<host[:port]>/ (and
~/.config/docker/certs.d/ for rootless docker) are used as docker uses them.
Exit codes: 0 ok, 1 check found unpinned, stale or gone pins or unresolved images (pin: a gone
pin was left as it was, or unresolved lines unpinned), 2 usage error, invalid
reference/platform or repository config, 3 a reference could not be resolved.`;

const BUILD_ARGS = `Variables in image lines are expanded as BuildKit expands them for the build: $TARGETPLATFORM,
$TARGETOS, $TARGETARCH and $TARGETVARIANT (from --platform) and $BUILDPLATFORM, $BUILDOS,
$BUILDARCH and $BUILDVARIANT (the same) exist without any ARG; an ARG declared before the first
FROM takes its --build-arg, else its default. A line that uses a variable without a value is
"unresolved": reported with the fix, counted, never guessed.

  --build-arg NAME=VALUE  the value of ARG NAME, as docker build takes it (repeatable); NAME alone
                          takes the value of NAME in the environment
  --allow-unresolved      report unresolved lines without making the exit code 1`;

const KINDS = `A platform digest fixes one architecture (what this tool pins by default); an index digest
(--index) names the multi-arch image list and works on every architecture.

  --digest-kind <k>  platform or index: the kind of digest, over the repository config's
                     digestKind (--digest-kind platform takes a config's index back);
                     --index is --digest-kind index`;

const WALK = `A directory is walked for every file docker-pin reads, by name and, for YAML, by content
(compose files, Kubernetes manifests), in sorted order: inside a git work tree the files git
lists (.gitignore honoured, untracked files included), elsewhere .gitignore files read as git
reads them; .git and node_modules are skipped, symlinks out of the directory not followed. A
directory with no such file is said on stderr (exit 0). A file operand of no known kind is read
as a Dockerfile.`;

const GENERAL = `Usage: docker-pin <command> [options]

Pin the images named in Dockerfiles, compose files, Kubernetes manifests, GitHub Actions
workflows and actions, GitLab CI files, CircleCI, Bitbucket Pipelines, Azure Pipelines, Drone and
Woodpecker configs, dev container configs, ko and GoReleaser configs and Docker Bake files, and the
Dockerfiles Makefiles, shell scripts, package.json scripts and Skaffold configs build, to
@sha256 digests.

Commands:
  resolve <image>     print the digest to pin for an image
  pin <file|dir>...   add digests to the images those files name (in place)
  check <file|dir>... report unpinned, stale and unresolved images; exit 1 if there are any
  manifest <image>    print an image's manifest exactly as the registry sent it

Run "docker-pin help <command>" (or "docker-pin <command> --help") for a command's options.
A file named "-" is standard input; a file named twice (another path, a symlink) is done once.
${WALK}

${COMMON}
`;

const COMMANDS: Record<CommandName, string> = {
  resolve: `Usage: docker-pin resolve <image> [--platform os/arch[/variant]] [--index] [--json]
                              [--digest-kind platform|index] [--build-arg NAME=VALUE]...

Print the digest to pin for <image> (e.g. alpine:3.20). A digest in <image>
(name:tag@sha256:… or name@sha256:…) wins over the tag, as in docker pull: the answer is for
that manifest once the registry has served it (an index's image for --platform). An image
written with variables ('busybox-\${TARGETARCH}') is expanded as a FROM line would: BuildKit's
platform args for --platform, and --build-arg values.

  --platform <p>  the platform whose manifest to choose, e.g. linux/arm64
  --index         print the index (multi-arch) digest instead of the platform digest; the
                  image need not offer --platform then
  --json          print reference, name, registry, repository, tag, digest, indexDigest,
                  platform, mediaType and every platform offered, as JSON; with --index,
                  digest, mediaType and platform describe the index (platform is null for a
                  multi-arch index, the image's own for a single-platform tag), and
                  platformDigest is left out when the image lacks --platform
  --build-arg NAME=VALUE  a value for $NAME in <image> (repeatable)

${KINDS}`,
  pin: `Usage: docker-pin pin <file|dir>... [--platform P] [--index] [--update] [--dry-run]
                           [--digest-kind platform|index] [--build-arg NAME=VALUE]...
                           [--allow-unresolved]

Add @sha256 digests to every image the Dockerfiles build from, keeping tags. Files are
rewritten atomically and only when something changed; a line that cannot be resolved is
reported and left as it was. The summary per file counts every line that could not be
pinned (invalid references included) as failed.

"-" as <file> pins standard input to standard output (the whole text, pinned or not; notes
and the summary go to stderr). A file named twice (another path, a symlink) is pinned once.

${WALK}

  --platform <p>  the platform to pin for (a line's own FROM --platform wins)
  --index         pin index (multi-arch) digests instead of platform digests
  --update        also refresh stale pins, keeping each pin's kind and platform. A pin whose
                  manifest is no longer in the registry is replaced only by your choice:
                  with --platform, by that platform's digest; with --index, by the index digest
  --dry-run       print a unified diff instead of writing (for "-" too)

${BUILD_ARGS}

${KINDS}`,
  check: `Usage: docker-pin check <file|dir>... [--platform P] [--index] [--format F]
                               [--digest-kind platform|index] [--build-arg NAME=VALUE]...
                               [--allow-unresolved]

Report images that are not pinned, whose tag has moved since they were pinned, or whose pinned
manifest is no longer in the registry (gone), and lines whose image cannot be worked out
(unresolved), as file:line:column. Writes nothing. Exit 1 if there are any, 0 when every pin is
current. "-" as <file> checks standard input (reported as <stdin>).

${WALK}

  --platform <p>  the platform to check for (a line's own FROM --platform wins)
  --index         the pins are index (multi-arch) pins, as \`pin --index\` writes them: check
                  them with HEAD requests, and report what unpinned lines would pin to the
                  index digest
  --format <f>    what to print on stdout:
                    text    file:line:column: message, findings on stdout, other messages
                            on stderr (the default)
                    json    every image line as a JSON array, with its state (current,
                            unpinned, stale, gone, digest-only, error, unresolved, skipped,
                            invalid, unreadable)
                    sarif   a SARIF 2.1.0 log for code scanning: one rule per kind of
                            finding, one result per finding; current pins are no results
                    github  GitHub Actions workflow commands (::error/::warning/::notice
                            file=…,line=…,col=…), one per finding, then a summary line
                  Inside GitHub Actions (GITHUB_ACTIONS=true) the default is github.
  --json          the same as --format json

${BUILD_ARGS}

${KINDS}`,
  manifest: `Usage: docker-pin manifest <image> [--platform P]

Print the manifest of <image> byte for byte as the registry sent it: the index (or the single
manifest) of the tag or digest, or with --platform the manifest chosen for that platform.

  --platform <p>  follow the index to this platform's manifest`,
};

export function helpText(command?: CommandName): string {
  return command === undefined ? GENERAL : `${COMMANDS[command]}\n\n${COMMON}\n`;
}
