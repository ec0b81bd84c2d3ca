// The CLI's commands, by name: what args.ts parses and what the start-up loader (bin.ts) keys its
// code cache by, in a file of its own so the loader reads nothing more.
export const COMMANDS = ['resolve', 'pin', 'check', 'manifest'] as const;
export type CommandName = (typeof COMMANDS)[number];
