import { notImplemented, type CliCommand } from './types';

const usage = 'lb-web hosts up|status|down';

export const hostsCli: CliCommand = {
  name: 'hosts',
  summary: 'Provision, inspect or destroy the runner and target hosts',
  usage,
  run: notImplemented('hosts', usage),
};
