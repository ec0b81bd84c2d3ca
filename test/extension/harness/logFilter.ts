// The workbench forwards every console line of the window and the extension host. Most of it is
// noise on a machine without internet; the run keeps everything in a log file and prints the rest.

const NOISE: readonly RegExp[] = [
  /open-vsx\.org/,
  /vsda/,
  /\[remote-connection\]/,
  /Creating a socket|Resolving connection token|Resolved connection token/,
  /WebSocket close with status code/,
  /An unknown error occurred\. Please consult the log/,
  /Updating additional builtin extensions cache/,
  /\[Service Worker\]/,
  /ChatSessionStore/,
  /refused to show dialog in tests/,
  /Failed to load resource/,
  /Creation of workbench contribution .* took/,
  // The Settings editor, opened at a setting before its tree has rendered (a workbench quirk).
  /TreeError \[SettingsTree\]/,
];

export function isNoise(line: string): boolean {
  return NOISE.some((re) => re.test(line));
}
