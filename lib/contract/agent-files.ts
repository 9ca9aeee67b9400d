// What the runner agent leaves beside its event stream for whoever follows it: which
// processes it runs as, and how it exited. The controller reads these on the runner host
// (directly, or through `multipass exec cat`), so their shape is validated like any input.
import { z } from 'zod';

/** File names in the agent's output dir on the runner. */
export const AGENT_FILES = {
  stream: 'events.stream',
  status: 'status.json',
  pids: 'agent.pid.json',
  exit: 'agent.exit.json',
  stdout: 'agent.stdout.log',
  stderr: 'agent.stderr.log',
  spec: 'spec.json',
} as const;

export const AgentPidsSchema = z.object({
  /** Leads the agent's process group and session; records the agent's exit. */
  supervisor_pid: z.number().int().positive(),
  agent_pid: z.number().int().positive(),
  started_at: z.number(),
});
export type AgentPids = z.infer<typeof AgentPidsSchema>;

export const AgentExitSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  ended_at: z.number(),
});
export type AgentExit = z.infer<typeof AgentExitSchema>;

/** "exit code 3", "killed by SIGKILL": how an agent exit reads in a log or journal. */
export function describeAgentExit(exit: Pick<AgentExit, 'code' | 'signal'> | null): string {
  if (!exit) return 'its exit was not recorded (the agent and its supervisor were killed)';
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
