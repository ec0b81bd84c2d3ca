// The contract others test against lives in the extension's manifest (extension/package.json):
// commands, settings, activation, trust.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVE_FILE_CONTEXT, Commands } from '../../src/extension/commandIds';
import { DOCUMENT_LANGUAGES } from '../../src/extension/documentKinds';

interface Contributed {
  command: string;
  title: string;
  category: string;
}
interface Pkg {
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  icon: string;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: Contributed[];
    menus: { commandPalette: { command: string; when: string }[]; 'editor/title': { command: string; when: string }[] };
    languages: { id: string; filenamePatterns?: string[]; aliases?: string[] }[];
    configuration: { properties: Record<string, { default: unknown; scope?: string; enum?: string[] }> };
  };
}

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'extension', 'package.json'), 'utf8')) as Pkg;

describe('extension commandIds and the extension manifest: the contributed contract', () => {
  it('contributes every command in category "Docker Pin" with the agreed titles', () => {
    const titles = Object.fromEntries(pkg.contributes.commands.map((c) => [c.command, c.title]));
    assert.deepEqual(
      {
        pinAll: titles[Commands.pinAll],
        checkWorkspace: titles[Commands.checkWorkspace],
        showManifest: titles[Commands.showManifest],
        selectPlatform: titles[Commands.selectPlatform],
        clearCache: titles[Commands.clearCache],
        showLog: titles[Commands.showLog],
      },
      {
        pinAll: 'Pin All Images in File',
        checkWorkspace: 'Check Workspace',
        showManifest: 'Show Manifest',
        selectPlatform: 'Select Platform',
        clearCache: 'Clear Cache',
        showLog: 'Show Log',
      },
    );
    for (const id of Object.values(Commands)) {
      const command = pkg.contributes.commands.find((c) => c.command === id);
      assert.equal(command?.category, 'Docker Pin', id);
    }
  });

  it('hides the lens-only commands from the palette', () => {
    for (const id of [Commands.applyPin, Commands.openManifest, Commands.pinAs, Commands.pinBuildArg, Commands.pinBuildArgValue]) {
      assert.equal(pkg.contributes.menus.commandPalette.find((m) => m.command === id)?.when, 'never', id);
    }
  });

  it('activates on the languages of the files it reads and on its commands only', () => {
    const languages = pkg.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
    // json too: a Kubernetes manifest written as JSON may be the first file opened. A JSON
    // document that is no manifest costs a text check (documentKinds.ts), never a scan.
    assert.deepEqual(languages, [...DOCUMENT_LANGUAGES]);
    assert.ok(!pkg.activationEvents.includes('*'));
    for (const id of Object.values(Commands)) assert.ok(pkg.activationEvents.includes(`onCommand:${id}`), id);
  });

  it('shows Pin All in the editor title and the palette for every file it reads', () => {
    const when = `editorLangId == dockerfile || ${ACTIVE_FILE_CONTEXT}`;
    assert.equal(pkg.contributes.menus.commandPalette.find((m) => m.command === Commands.pinAll)?.when, when);
    assert.equal(pkg.contributes.menus['editor/title'].find((m) => m.command === Commands.pinAll)?.when, when);
  });

  it("adds filename patterns to VS Code's dockerfile language without redefining it", () => {
    const dockerfile = pkg.contributes.languages.find((l) => l.id === 'dockerfile');
    assert.deepEqual(dockerfile, { id: 'dockerfile', filenamePatterns: ['Dockerfile.*', 'Dockerfile-*', 'Dockerfile_*', 'Containerfile*', '*.containerfile', '*.dockerfile'] });
  });

  it('declares the settings with their defaults, and machine scope for those that could redirect credentials or run programs', () => {
    const p = pkg.contributes.configuration.properties;
    const defaults = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.default]));
    assert.deepEqual(defaults, {
      'dockerPin.platform': '',
      'dockerPin.buildArgs': {},
      'dockerPin.digestKind': 'platform',
      'dockerPin.codeLens.enabled': true,
      'dockerPin.unpinnedSeverity': 'information',
      'dockerPin.mirrors': {},
      'dockerPin.insecureRegistries': [],
      'dockerPin.dockerConfig': '',
      'dockerPin.timeout': 30,
      'dockerPin.cacheLifetime': 300,
    });
    assert.equal(p['dockerPin.platform']?.scope, 'resource');
    assert.equal(p['dockerPin.buildArgs']?.scope, 'resource', 'build args may differ per folder, as each project builds its own way');
    for (const key of ['dockerPin.mirrors', 'dockerPin.insecureRegistries', 'dockerPin.dockerConfig']) assert.equal(p[key]?.scope, 'machine', key);
    assert.deepEqual(p['dockerPin.unpinnedSeverity']?.enum, ['error', 'warning', 'information', 'hint', 'none']);
    for (const [key, value] of Object.entries(p)) assert.ok(value.scope, `${key} has an explicit scope`);
  });

  it('supports untrusted workspaces in a limited way, restricting the sensitive settings', () => {
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    // Build args are restricted as the repository config's are: a workspace's value could make an image come from another registry.
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['dockerPin.mirrors', 'dockerPin.insecureRegistries', 'dockerPin.dockerConfig', 'dockerPin.buildArgs']);
  });

  it('offers the repository config schema to YAML-aware editors from a file the .vsix holds', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'extension', 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: ['.docker-pin.yaml', '.docker-pin.yml'], url: './dist/docker-pin.schema.json' }]);
    // esbuild.mjs copies the schema beside the bundle; .vscodeignore lets it into the .vsix, and the packager copies it.
    assert.match(readFileSync(join(ROOT, 'extension', '.vscodeignore'), 'utf8'), /^!dist\/docker-pin\.schema\.json$/m);
    assert.match(readFileSync(join(ROOT, 'src', 'extension', 'tools', 'package-vsix.mjs'), 'utf8'), /'dist\/docker-pin\.schema\.json'/);
    assert.match(readFileSync(join(ROOT, 'esbuild.mjs'), 'utf8'), /copies: \['schemas\/docker-pin\.schema\.json'\]/);
  });

  it('ships the bundle and an icon for VS Code ^1.90.0', () => {
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.engines.vscode, '^1.90.0');
    assert.equal(pkg.icon, 'media/icon.png');
    // The .vsix packager copies the icon from the repository next to the manifest.
    const png = readFileSync(join(ROOT, pkg.icon));
    assert.equal(png.readUInt32BE(16), 128, 'width');
    assert.equal(png.readUInt32BE(20), 128, 'height');
  });
});
