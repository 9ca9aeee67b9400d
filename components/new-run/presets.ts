// Ready-made configurations. The first is the acceptance scenario's run (one function, one
// rate, "1m"). Presets use a short cooldown (≤ 10 s per iteration instead of lb's 180 s)
// so a first try does not sit idle; the form shows it and the user can change it.
import type { PevaConfigInput } from '@/lib/contract/peva-config';

export interface Preset {
  id: string;
  label: string;
  description: string;
  config: PevaConfigInput;
}

const QUICK_COOLDOWN = { max_wait_seconds: 10, sleep_step_seconds: 1, idle_threshold_pct: 15 };
const FIGLET = { name: 'figlet', method: 'POST', body: 'PEVA-FAAS' };

export const PRESETS: readonly Preset[] = [
  {
    id: 'one-rate-1m',
    label: 'one function · one rate · 1m',
    description: 'figlet at 10 req/s for 1 minute, 1 iteration',
    config: {
      functions: [FIGLET],
      rate_strategy: { type: 'custom', rates: [10] },
      duration: '1m',
      iterations: 1,
      cooldown: QUICK_COOLDOWN,
    },
  },
  {
    id: 'baseline-10s',
    label: 'baseline 10s',
    description: 'figlet at 10 req/s for 10 s, 1 iteration: a quick end-to-end check',
    config: {
      functions: [FIGLET],
      rate_strategy: { type: 'custom', rates: [10] },
      duration: '10s',
      iterations: 1,
      cooldown: QUICK_COOLDOWN,
    },
  },
  {
    id: 'sweep',
    label: 'sweep',
    description: 'figlet and env, 10→40 req/s in steps of 10, alone and together, 20 s each, 2 iterations',
    config: {
      functions: [FIGLET, { name: 'env', method: 'GET' }],
      rate_strategy: { type: 'linear', min_rate: 10, max_rate: 40, step: 10 },
      combinations: { min_functions: 1, max_functions: 3 },
      duration: '20s',
      iterations: 2,
      cooldown: QUICK_COOLDOWN,
    },
  },
];
