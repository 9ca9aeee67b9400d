// Load drivers for the runner agent: k6 (FORMATS.md §7) or the built-in open-model driver.
import 'server-only';
export type { LiveFunctionSample, LiveSample, LoadDriver, LoadRunOptions, LoadRunResult, LoadTarget } from './types';
export { selectLoadDriver, findExecutable } from './select-driver';
export { createBuiltinDriver, type BuiltinDriverOptions } from './builtin-driver';
export { createK6Driver, k6Version } from './k6-driver';
export { k6RunArgv, SUMMARY_TREND_STATS } from './k6-argv';
