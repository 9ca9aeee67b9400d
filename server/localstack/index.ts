// The embedded default target (see local-stack.ts); main.ts runs it as a program.
import 'server-only';
export { startLocalStack, KNOWN_FUNCTIONS, type LocalStack, type LocalStackOptions } from './local-stack';
export { readStackFile, stackFilePath, stackFileSchema, type StackFile } from './stack-file';
export { basicAuthHeader, type BasicAuthCredentials } from './basic-auth';
export type { AutoscaleInput } from './autoscaler';
export type { FunctionStatus } from './function-deployment';
