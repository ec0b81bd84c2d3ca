// Writes the settings a run starts with. In code-server the window is remote, so VS Code ignores
// machine-scoped settings (dockerPin.mirrors, insecureRegistries, dockerConfig) in User settings
// and reads them from <user-data-dir>/Machine/settings.json instead.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export type Settings = Readonly<Record<string, unknown>>;

export function writeSettings(userDataDir: string, settings: { user?: Settings; machine?: Settings }): void {
  const write = (folder: string, value: Settings): void => {
    mkdirSync(path.join(userDataDir, folder), { recursive: true });
    writeFileSync(path.join(userDataDir, folder, 'settings.json'), JSON.stringify(value, null, 2));
  };
  write('User', {
    // Quiet, predictable windows: no welcome page, no tips, no auto-save racing the tests.
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'files.autoSave': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    ...settings.user,
  });
  write('Machine', settings.machine ?? {});
}
