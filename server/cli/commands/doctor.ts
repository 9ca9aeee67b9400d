import { notImplemented, type CliCommand } from './types';

const usage = 'lb-web doctor';

export const doctorCli: CliCommand = {
  name: 'doctor',
  summary: 'Check this machine for everything lb-web needs',
  usage,
  run: notImplemented('doctor', usage),
};
