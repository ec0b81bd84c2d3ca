// What the platform status-bar item says (no `vscode`, so it is unit-tested): the platform in
// effect and where it comes from, or, when the value in effect is invalid, that nothing is resolved.
import type { RateLimit } from '../registry/rateLimit';
import { rateLimitLines } from './rateLimitModel';
import type { Settings } from './settingsModel';

export interface PlatformStatusView {
  readonly text: string;
  readonly tooltip: string;
  /** Shown with the warning colours: the value in effect is not a platform. */
  readonly warning: boolean;
}

const FROM: Record<Settings['platformSource'], string> = {
  'dockerPin.platform': 'the dockerPin.platform setting',
  '.docker-pin.yaml': 'the repository config, .docker-pin.yaml (dockerPin.platform is empty)',
  DOCKER_DEFAULT_PLATFORM: 'DOCKER_DEFAULT_PLATFORM in the environment (dockerPin.platform is empty)',
  host: "this machine's architecture (dockerPin.platform and DOCKER_DEFAULT_PLATFORM are empty)",
};

/** `rates`: the pull budgets registries reported last, added to the tooltip. */
export function platformStatusView(settings: Pick<Settings, 'platformText' | 'platformSource' | 'platformProblem' | 'digestKind'>, rates: readonly RateLimit[] = []): PlatformStatusView {
  const budgets = rateLimitLines(rates).map((line) => `\n\n${line}`).join('');
  const { platformText, platformSource, platformProblem } = settings;
  if (platformProblem !== undefined && platformSource === '.docker-pin.yaml') {
    return { text: '$(warning) invalid .docker-pin.yaml', tooltip: platformProblem, warning: true };
  }
  if (platformProblem !== undefined) {
    return { text: `$(warning) invalid platform (${platformSource})`, tooltip: `${platformProblem} Click to select a platform.${budgets}`, warning: true };
  }
  // A chosen setting needs no label; a platform that comes from elsewhere says where.
  const text = platformSource === 'dockerPin.platform' ? `$(server) ${platformText}` : `$(server) ${platformText} · ${platformSource}`;
  const pins = settings.digestKind === 'index' ? 'multi-arch index digests' : `${platformText} digests`;
  return {
    text,
    tooltip: `Docker Pin pins ${pins} here; the platform ${platformText} comes from ${FROM[platformSource]}. Click to select another platform.${budgets}`,
    warning: false,
  };
}
