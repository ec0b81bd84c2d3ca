// `dockerPin.selectPlatform([platform])`: a quick pick of common platforms (or any typed one),
// written to `dockerPin.platform`. With an argument it writes that value without asking.
import * as vscode from 'vscode';
import { formatPlatform, hostPlatform, parsePlatform } from '../../core/platform';
import type { Services } from '../services';
import { PLATFORM_VARIABLE } from '../settingsModel';

const COMMON = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64', 'windows/amd64'];

interface PlatformItem extends vscode.QuickPickItem {
  readonly value: string | undefined;
}

/** What an empty `dockerPin.platform` means here, as the CLI decides without `--platform`. */
function emptyMeans(services?: Services): { label: string; description: string } {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const repo = uri === undefined ? undefined : services?.settings.repoConfig(uri).config;
  if (repo?.platform !== undefined) return { label: `Repository (${formatPlatform(repo.platform)})`, description: `follows the repository config, ${repo.file}` };
  const variable = process.env[PLATFORM_VARIABLE]?.trim();
  return variable
    ? { label: `Default (${variable})`, description: `follows ${PLATFORM_VARIABLE} of the environment` }
    : { label: `Host (${formatPlatform(hostPlatform())})`, description: 'follows the machine VS Code runs on' };
}

async function pick(services: Services): Promise<string | undefined> {
  const { platformText: current, platformSource } = services.settings.current;
  const items: PlatformItem[] = [
    { ...emptyMeans(services), value: '', picked: platformSource !== 'dockerPin.platform' },
    ...COMMON.map((p) => ({ label: p, description: p === current ? 'current' : undefined, value: p })),
    { label: 'Other…', description: 'type os/arch[/variant]', value: undefined },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: 'Docker Pin: platform to pin for', placeHolder: `Current: ${current}` });
  if (!chosen) return undefined;
  if (chosen.value !== undefined) return chosen.value;
  return vscode.window.showInputBox({
    title: 'Docker Pin: platform',
    prompt: 'os/arch[/variant], e.g. linux/arm64/v8',
    validateInput: (value) => {
      try {
        parsePlatform(value.trim());
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
}

export async function selectPlatform(services: Services, platform?: string): Promise<string | undefined> {
  const value = platform ?? (await pick(services));
  if (value === undefined) return undefined;
  const normalized = value.trim() === '' ? '' : formatPlatform(parsePlatform(value.trim()));
  const config = vscode.workspace.getConfiguration('dockerPin', vscode.window.activeTextEditor?.document.uri);
  const inspected = config.inspect<string>('platform');
  // Write where the value in effect comes from, so the choice is not shadowed by a folder setting.
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update('platform', normalized, target);
  services.log.info(`platform set to ${normalized || emptyMeans().label.toLowerCase()}`);
  return normalized;
}
