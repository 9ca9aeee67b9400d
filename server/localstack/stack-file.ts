// <hostDir>/stack.json: how the local host provider finds a running stack. Written
// atomically (tmp + rename) once everything is ready, so a reader never sees half a file.
import 'server-only';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const stackFileSchema = z.object({
  gatewayUrl: z.url(),
  prometheusUrl: z.url(),
  nodeExporterUrl: z.url(),
  functions: z.array(z.string()),
  pid: z.number().int().positive(),
  startedAt: z.iso.datetime(),
});
export type StackFile = z.infer<typeof stackFileSchema>;

export function stackFilePath(dir: string): string {
  return join(dir, 'stack.json');
}

export function writeStackFile(dir: string, data: StackFile): void {
  const target = stackFilePath(dir);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stackFileSchema.parse(data), null, 2)}\n`);
  renameSync(tmp, target);
}

/** The stack file, or undefined when absent or not valid. */
export function readStackFile(dir: string): StackFile | undefined {
  try {
    const parsed = stackFileSchema.safeParse(JSON.parse(readFileSync(stackFilePath(dir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function removeStackFile(dir: string): void {
  rmSync(stackFilePath(dir), { force: true });
}
