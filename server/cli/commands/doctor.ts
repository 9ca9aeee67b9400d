// `lb-web doctor`: what this machine has for lb-web, with the fix for each missing piece.
// Exit 0 when the local provider can run (optional items may be missing), else 1.
import 'server-only';
import { formatDoctor, runDoctor } from '@/server/doctor/doctor';
import { guarded, parseCommandArgs, UsageError } from '../cli-common';
import type { CliCommand, CliContext } from './types';

const usage = 'lb-web doctor [--json]';

async function runDoctorCli(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('doctor', usage, args, { json: { type: 'boolean' } });
  if (values.help) return (ctx.io.out(`usage: ${usage}`), 0);
  if (positionals.length) throw new UsageError(`lb-web doctor: unexpected argument ${positionals[0]}\nusage: ${usage}`);
  const report = await runDoctor({
    path: ctx.env.PATH ?? '',
    multipassBinary: ctx.env.LBWEB_MULTIPASS_BIN || 'multipass',
  });
  if (values.json) ctx.io.out(JSON.stringify(report, null, 2));
  else for (const line of formatDoctor(report)) ctx.io.out(line);
  return report.ok ? 0 : 1;
}

export const doctorCli: CliCommand = {
  name: 'doctor',
  summary: 'Check this machine for everything lb-web needs, with the fix for each missing piece',
  usage,
  run: guarded('doctor', runDoctorCli),
};
