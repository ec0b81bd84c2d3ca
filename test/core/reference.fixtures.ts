// Cases ported from distribution/reference reference_test.go (TestReferenceParse) and
// normalize_test.go (TestValidateReferenceName, TestValidateRemoteName, TestParseRepositoryInfo,
// TestNormalizedSplitHostname, TestParseAnyReference). Upstream's Parse leaves a name without a
// host un-normalized; here every name goes through docker's normalization, so the expected
// registry/repository are the normalized ones (`test_com` -> docker.io/library/test_com).

export interface ValidCase {
  readonly input: string;
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const F64 = 'f'.repeat(64);
const F128 = 'f'.repeat(128);
const REDIS = 'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';

export const validReferences: readonly ValidCase[] = [
  // reference_test.go TestReferenceParse
  { input: 'test_com', registry: 'docker.io', repository: 'library/test_com' },
  { input: 'test.com:tag', registry: 'docker.io', repository: 'library/test.com', tag: 'tag' },
  { input: 'test.com:5000', registry: 'docker.io', repository: 'library/test.com', tag: '5000' },
  { input: 'test.com/repo:tag', registry: 'test.com', repository: 'repo', tag: 'tag' },
  { input: 'test:5000/repo', registry: 'test:5000', repository: 'repo' },
  { input: 'test:5000/repo:tag', registry: 'test:5000', repository: 'repo', tag: 'tag' },
  { input: `test:5000/repo@sha256:${F64}`, registry: 'test:5000', repository: 'repo', digest: `sha256:${F64}` },
  {
    input: `test:5000/repo:tag@sha256:${F64}`,
    registry: 'test:5000',
    repository: 'repo',
    tag: 'tag',
    digest: `sha256:${F64}`,
  },
  { input: 'lowercase:Uppercase', registry: 'docker.io', repository: 'library/lowercase', tag: 'Uppercase' },
  {
    input: `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
    registry: 'docker.io',
    repository: `${'a/'.repeat(127)}a`,
    tag: 'tag-puts-this-over-max',
  },
  { input: 'sub-dom1.foo.com/bar/baz/quux', registry: 'sub-dom1.foo.com', repository: 'bar/baz/quux' },
  {
    input: 'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
    registry: 'sub-dom1.foo.com',
    repository: 'bar/baz/quux',
    tag: 'some-long-tag',
  },
  {
    input: 'b.gcr.io/test.example.com/my-app:test.example.com',
    registry: 'b.gcr.io',
    repository: 'test.example.com/my-app',
    tag: 'test.example.com',
  },
  { input: 'xn--n3h.com/myimage:xn--n3h.com', registry: 'xn--n3h.com', repository: 'myimage', tag: 'xn--n3h.com' },
  {
    input: `xn--7o8h.com/myimage:xn--7o8h.com@sha512:${F128}`,
    registry: 'xn--7o8h.com',
    repository: 'myimage',
    tag: 'xn--7o8h.com',
    digest: `sha512:${F128}`,
  },
  { input: 'foo_bar.com:8080', registry: 'docker.io', repository: 'library/foo_bar.com', tag: '8080' },
  { input: 'foo/foo_bar.com:8080', registry: 'docker.io', repository: 'foo/foo_bar.com', tag: '8080' },
  { input: '192.168.1.1', registry: 'docker.io', repository: 'library/192.168.1.1' },
  { input: '192.168.1.1:tag', registry: 'docker.io', repository: 'library/192.168.1.1', tag: 'tag' },
  { input: '192.168.1.1:5000', registry: 'docker.io', repository: 'library/192.168.1.1', tag: '5000' },
  { input: '192.168.1.1/repo', registry: '192.168.1.1', repository: 'repo' },
  { input: '192.168.1.1:5000/repo', registry: '192.168.1.1:5000', repository: 'repo' },
  { input: '192.168.1.1:5000/repo:5050', registry: '192.168.1.1:5000', repository: 'repo', tag: '5050' },
  { input: '[2001:db8::1]/repo', registry: '[2001:db8::1]', repository: 'repo' },
  { input: '[2001:db8:1:2:3:4:5:6]/repo:tag', registry: '[2001:db8:1:2:3:4:5:6]', repository: 'repo', tag: 'tag' },
  { input: '[2001:db8::1]:5000/repo', registry: '[2001:db8::1]:5000', repository: 'repo' },
  { input: '[2001:db8::1]:5000/repo:tag', registry: '[2001:db8::1]:5000', repository: 'repo', tag: 'tag' },
  {
    input: `[2001:db8::1]:5000/repo@sha256:${F64}`,
    registry: '[2001:db8::1]:5000',
    repository: 'repo',
    digest: `sha256:${F64}`,
  },
  {
    input: `[2001:db8::1]:5000/repo:tag@sha256:${F64}`,
    registry: '[2001:db8::1]:5000',
    repository: 'repo',
    tag: 'tag',
    digest: `sha256:${F64}`,
  },
  { input: '[2001:db8::]:5000/repo', registry: '[2001:db8::]:5000', repository: 'repo' },
  { input: '[::1]:5000/repo', registry: '[::1]:5000', repository: 'repo' },

  // normalize_test.go TestValidateReferenceName (valid names)
  { input: 'docker/docker', registry: 'docker.io', repository: 'docker/docker' },
  { input: 'library/debian', registry: 'docker.io', repository: 'library/debian' },
  { input: 'debian', registry: 'docker.io', repository: 'library/debian' },
  { input: 'docker.io/docker/docker', registry: 'docker.io', repository: 'docker/docker' },
  { input: 'docker.io/library/debian', registry: 'docker.io', repository: 'library/debian' },
  { input: 'docker.io/debian', registry: 'docker.io', repository: 'library/debian' },
  { input: 'index.docker.io/docker/docker', registry: 'docker.io', repository: 'docker/docker' },
  { input: 'index.docker.io/library/debian', registry: 'docker.io', repository: 'library/debian' },
  { input: 'index.docker.io/debian', registry: 'docker.io', repository: 'library/debian' },
  { input: '127.0.0.1:5000/docker/docker', registry: '127.0.0.1:5000', repository: 'docker/docker' },
  { input: '127.0.0.1:5000/library/debian', registry: '127.0.0.1:5000', repository: 'library/debian' },
  { input: '127.0.0.1:5000/debian', registry: '127.0.0.1:5000', repository: 'debian' },
  { input: '192.168.0.1', registry: 'docker.io', repository: 'library/192.168.0.1' },
  { input: '192.168.0.1:80', registry: 'docker.io', repository: 'library/192.168.0.1', tag: '80' },
  { input: '192.168.0.1:8/debian', registry: '192.168.0.1:8', repository: 'debian' },
  { input: '192.168.0.2:25000/debian', registry: '192.168.0.2:25000', repository: 'debian' },
  {
    input: 'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    registry: 'docker.io',
    repository: 'library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
  },
  { input: '[fc00::1]:5000/docker', registry: '[fc00::1]:5000', repository: 'docker' },
  { input: '[fc00::1]:5000/docker/docker', registry: '[fc00::1]:5000', repository: 'docker/docker' },
  { input: '[fc00:1:2:3:4:5:6:7]:5000/library/debian', registry: '[fc00:1:2:3:4:5:6:7]:5000', repository: 'library/debian' },
  // With a host in front, 64 hex characters are a repository name, not an image ID.
  { input: `docker.io/${REDIS}`, registry: 'docker.io', repository: `library/${REDIS}` },
  { input: 'Docker/docker', registry: 'Docker', repository: 'docker' },
  { input: 'DOCKER/docker', registry: 'DOCKER', repository: 'docker' },

  // normalize_test.go TestValidateRemoteName (valid names)
  { input: 'docker-rules/docker', registry: 'docker.io', repository: 'docker-rules/docker' },
  { input: 'docker---rules/docker', registry: 'docker.io', repository: 'docker---rules/docker' },
  { input: 'doc/docker', registry: 'docker.io', repository: 'doc/docker' },
  { input: 'd/docker', registry: 'docker.io', repository: 'd/docker' },
  { input: 'jess/t', registry: 'docker.io', repository: 'jess/t' },
  { input: 'dock__er/docker', registry: 'docker.io', repository: 'dock__er/docker' },

  // normalize_test.go TestNormalizedSplitHostname
  { input: 'test.com/foo', registry: 'test.com', repository: 'foo' },
  { input: 'test_com/foo', registry: 'docker.io', repository: 'test_com/foo' },
  { input: 'docker/migrator', registry: 'docker.io', repository: 'docker/migrator' },
  { input: 'test.com:8080/foo', registry: 'test.com:8080', repository: 'foo' },
  { input: 'test-com:8080/foo', registry: 'test-com:8080', repository: 'foo' },
  { input: 'foo', registry: 'docker.io', repository: 'library/foo' },
  { input: 'xn--n3h.com/foo', registry: 'xn--n3h.com', repository: 'foo' },
  { input: 'xn--n3h.com:18080/foo', registry: 'xn--n3h.com:18080', repository: 'foo' },
  { input: 'docker.io/library/foo/bar', registry: 'docker.io', repository: 'library/foo/bar' },

  // normalize_test.go TestParseAnyReference / TestParseReferenceWithTagAndDigest
  { input: 'redis:latest', registry: 'docker.io', repository: 'library/redis', tag: 'latest' },
  { input: `redis@sha256:${REDIS}`, registry: 'docker.io', repository: 'library/redis', digest: `sha256:${REDIS}` },
  {
    input: `dmcgowan/myapp@sha256:${REDIS}`,
    registry: 'docker.io',
    repository: 'dmcgowan/myapp',
    digest: `sha256:${REDIS}`,
  },
  {
    input: 'busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
    registry: 'docker.io',
    repository: 'library/busybox',
    tag: 'latest',
    digest: 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
  },
  // 63 hex characters are an ordinary name.
  { input: REDIS.slice(0, 63), registry: 'docker.io', repository: `library/${REDIS.slice(0, 63)}` },
  { input: 'dbcc1', registry: 'docker.io', repository: 'library/dbcc1' },

  // Everyday references from Dockerfiles.
  { input: 'localhost/app', registry: 'localhost', repository: 'app' },
  { input: 'localhost:5000/team/app:1.0', registry: 'localhost:5000', repository: 'team/app', tag: '1.0' },
  { input: 'ghcr.io/owner/app:v1.2.3', registry: 'ghcr.io', repository: 'owner/app', tag: 'v1.2.3' },
  { input: 'mcr.microsoft.com/dotnet/sdk:8.0', registry: 'mcr.microsoft.com', repository: 'dotnet/sdk', tag: '8.0' },
  { input: 'alpine:_private', registry: 'docker.io', repository: 'library/alpine', tag: '_private' },
  { input: `alpine:${'t'.repeat(128)}`, registry: 'docker.io', repository: 'library/alpine', tag: 't'.repeat(128) },
  // `sha256:<hex>` alone is a name with a 64-character tag, as in docker.
  { input: `sha256:${REDIS}`, registry: 'docker.io', repository: 'library/sha256', tag: REDIS },
];

export interface InvalidCase {
  readonly input: string;
  /** A piece of the message a user must see. */
  readonly message: string;
}

export const invalidReferences: readonly InvalidCase[] = [
  // reference_test.go TestReferenceParse
  { input: '', message: 'empty' },
  { input: ':justtag', message: 'repository name is missing' },
  { input: `@sha256:${F64}`, message: 'repository name is missing' },
  { input: 'repo@sha256:ffffffffffffffffffffffffffffffffff', message: 'sha256 digest must have 64 hex characters' },
  { input: `validname@invaliddigest:${F64}`, message: 'unsupported digest algorithm "invaliddigest"' },
  { input: 'Uppercase:tag', message: 'must be lowercase' },
  { input: 'test:5000/Uppercase/lowercase:tag', message: 'must be lowercase' },
  { input: `${'a/'.repeat(128)}a:tag`, message: 'must not be more than 255 characters' },
  { input: 'aa/asdf$$^/aa', message: 'path component "asdf$$^"' },
  { input: '[2001:db8::1]', message: 'path component "[2001"' },
  { input: '[2001:db8::1]:5000', message: 'path component "[2001"' },
  { input: '[2001:db8::1]:tag', message: 'path component "[2001"' },
  { input: '[fe80::1%eth0]:5000/repo', message: 'registry host "[fe80::1%eth0]:5000"' },
  { input: '[fe80::1%@invalidzone]:5000/repo', message: 'digest' },

  // normalize_test.go TestValidateReferenceName (invalid names)
  { input: 'https://github.com/docker/docker', message: 'registry host "https:"' },
  { input: 'docker/Docker', message: 'must be lowercase' },
  { input: '-docker', message: 'path component "-docker"' },
  { input: '-docker/docker', message: 'path component "-docker"' },
  { input: '-docker.io/docker/docker', message: 'registry host "-docker.io"' },
  { input: 'docker///docker', message: 'empty path component' },
  { input: 'docker.io/docker/Docker', message: 'must be lowercase' },
  { input: 'docker.io/docker///docker', message: 'empty path component' },
  { input: '[fc00::1]', message: 'path component "[fc00"' },
  { input: '[fc00::1]:5000', message: 'path component "[fc00"' },
  { input: 'fc00::1:5000/debian', message: 'registry host "fc00::1:5000"' },
  { input: '[fe80::1%eth0]:5000/debian', message: 'registry host' },
  { input: '[2001:db8:3:4::192.0.2.33]:5000/debian', message: 'registry host' },
  { input: REDIS, message: 'image ID' },

  // normalize_test.go TestValidateRemoteName (invalid names)
  { input: 'docker-/docker', message: 'path component "docker-"' },
  { input: '-docker-/docker', message: 'path component "-docker-"' },
  { input: '____/____', message: 'path component "____"' },
  { input: '_docker/_docker', message: 'path component "_docker"' },
  // A first component with a "." is taken for a host, so these fail as hosts.
  { input: 'dock..er/docker', message: 'registry host "dock..er"' },
  { input: 'dock_.er/docker', message: 'registry host "dock_.er"' },
  { input: 'dock-.er/docker', message: 'registry host "dock-.er"' },
  { input: 'docker/', message: 'empty path component' },
  {
    input:
      'this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker',
    message: 'must not be more than 255 characters',
  },

  // Mistakes people make in Dockerfiles.
  { input: 'ghcr.io/Owner/app', message: 'repository name must be lowercase' },
  { input: 'alpine:', message: 'tag ""' },
  { input: 'alpine:-1', message: 'tag "-1"' },
  { input: 'alpine:.1', message: 'tag ".1"' },
  { input: `alpine:${'t'.repeat(129)}`, message: `tag "${'t'.repeat(129)}"` },
  { input: 'alpine:3:4', message: 'tag "3:4"' },
  { input: 'alpine@', message: 'digest ""' },
  { input: `alpine@sha256:${'A'.repeat(64)}`, message: 'lowercase hex' },
  { input: `alpine@sha256:${'a'.repeat(65)}`, message: 'must have 64 hex characters, not 65' },
  { input: `alpine@sha512:${'a'.repeat(64)}`, message: 'sha512 digest must have 128 hex characters' },
  { input: `alpine@sha256:${'g'.repeat(64)}`, message: 'algorithm:hex' },
  { input: `alpine@@sha256:${F64}`, message: 'digest "@sha256:' },
  { input: ' alpine', message: 'path component " alpine"' },
  { input: 'alpine ', message: 'path component "alpine "' },
  { input: 'my image', message: 'path component "my image"' },
  { input: 'ALPINE', message: 'must be lowercase' },
  { input: '${image}', message: 'path component "${image}"' },
  // Uppercase is the fault only when the name in lowercase is one (as distribution/reference says it):
  // a placeholder or a variable stays invalid in any case.
  { input: '${IMAGE}', message: 'path component "${IMAGE}"' },
  { input: 'gcr.io/<PROJECT_ID>/app:1', message: 'path component "<PROJECT_ID>"' },
  { input: 'us-docker.pkg.dev/PROJECT_ID/repo/app:1', message: 'repository name must be lowercase' },
];
