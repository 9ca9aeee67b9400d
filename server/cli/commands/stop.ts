import { notImplemented, type CliCommand } from './types';

const usage = 'lb-web stop <run_id|run_dir>';

export const stopCli: CliCommand = {
  name: 'stop',
  summary: 'Stop a run (creates its STOP file)',
  usage,
  run: notImplemented('stop', usage),
};
