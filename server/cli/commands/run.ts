import { notImplemented, type CliCommand } from './types';

const usage = 'lb-web run -c <config.json> [--provider local] [--output DIR]';

export const runCli: CliCommand = {
  name: 'run',
  summary: 'Run a PEVA-FAAS config and print its LB_EVENT lines (exit 0 only when finished)',
  usage,
  run: notImplemented('run', usage),
};
