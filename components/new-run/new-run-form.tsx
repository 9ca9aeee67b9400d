'use client';
// The New-run form. It validates with PevaConfigSchema (the schema runs.start uses) and starts
// nothing while a field is invalid; if the server still rejects the config, its field errors
// land beside the same fields. Start navigates to the new run's page.
import { useMemo, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { runHref } from '@/components/ui/links';
import { fromConfig, type FormValues } from './form-model';
import { PRESETS } from './presets';
import { errorsAt, FORM_STRICT_CONFIG, serverFieldErrors, validateValues, type FieldErrors } from './validate';
import { PresetPicker } from './preset-picker';
import { FunctionsEditor } from './functions-editor';
import { RateStrategyFields } from './rate-strategy-fields';
import { RunFields } from './run-fields';
import { LimitsFields } from './limits-fields';
import { JsonPanel } from './json-panel';
import { ErrorSummary } from './error-summary';
import { TextField } from './text-field';
import { ProviderField } from './provider-field';
import { PlanEstimate } from './plan-estimate';
import { planSummary } from './plan-summary';
import { DEFAULT_PROVIDER, type ProviderKind } from '@/lib/contract/provider-kind';
import { LIMITS } from '@/lib/contract/peva-config';
import { parseThresholdsText } from '@/lib/contract/thresholds';
import { ThresholdsField } from './thresholds-field';
import { PreflightPanel } from './preflight-panel';

export function NewRunForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>(() => fromConfig(PRESETS[0]!.config));
  const [preset, setPreset] = useState<string | null>(PRESETS[0]!.id);
  const [runId, setRunId] = useState('');
  const [provider, setProvider] = useState<ProviderKind>(DEFAULT_PROVIDER);
  const [attempted, setAttempted] = useState(false);
  const [allowMany, setAllowMany] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors | null>(null);
  const [thresholdsText, setThresholdsText] = useState('');
  const thresholds = useMemo(() => parseThresholdsText(thresholdsText), [thresholdsText]);
  const validation = useMemo(() => validateValues(values), [values]);
  const plan = useMemo(() => (validation.parsed ? planSummary(validation.parsed) : null), [validation.parsed]);

  // A pre-flight answers for exactly the config and provider it was asked about.
  const preflight = useMutation(trpc.runs.preflight.mutationOptions());
  const preflightKey = JSON.stringify([validation.config, provider]);
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  const checked = preflight.data && checkedKey === preflightKey ? preflight.data : null;

  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
        router.push(runHref(r.runId));
      },
      onError: (err) => setServerErrors(serverFieldErrors(err)),
    }),
  );

  // Client errors show once the user has tried to start; server errors until the next edit.
  const errors: FieldErrors = {
    ...(attempted ? validation.errors : {}),
    ...(attempted && !thresholds.ok ? { thresholds: thresholds.errors } : {}),
    ...(serverErrors ?? {}),
  };
  const change = (next: FormValues) => {
    setValues(next);
    setPreset(null);
    setServerErrors(null);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    setServerErrors(null);
    if (!validation.parsed || !thresholds.ok) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="error-summary"]')?.focus());
      return;
    }
    // Start only once a pre-flight of these very values said nothing to confirm; with warnings
    // (nothing would run, functions missing) the panel asks for "Start anyway".
    if (checked) {
      if (checked.warnings.length === 0) startNow();
      return;
    }
    runPreflight((p) => {
      if (p.warnings.length === 0) startNow();
    });
  };

  const runPreflight = (then?: (p: NonNullable<typeof preflight.data>) => void) => {
    const key = preflightKey;
    preflight.mutate(
      { config: validation.config, provider, strictConfig: FORM_STRICT_CONFIG },
      {
        onSuccess: (p) => {
          setCheckedKey(key);
          then?.(p);
        },
        // A pre-flight that cannot answer must not block a run: start reports its own errors.
        onError: () => then && startNow(),
      },
    );
  };

  const startNow = () =>
    start.mutate({
      config: validation.config,
      provider,
      allowManyConfigurations: allowMany,
      strictConfig: FORM_STRICT_CONFIG,
      ...(thresholds.ok && thresholds.thresholds ? { thresholds: thresholds.thresholds } : {}),
      ...(runId.trim() ? { runId: runId.trim() } : {}),
    });

  return (
    <form className="new-run" onSubmit={onSubmit} noValidate data-testid="new-run-form">
      <PresetPicker
        current={preset}
        onPick={(p) => {
          setValues(fromConfig(p.config));
          setPreset(p.id);
          setServerErrors(null);
        }}
      />
      <ErrorSummary errors={errors} />
      <FunctionsEditor
        rows={values.functions}
        onChange={(functions) => change({ ...values, functions })}
        errors={errors}
      />
      <RateStrategyFields rate={values.rate} onChange={(rate) => change({ ...values, rate })} errors={errors} />
      <RunFields values={values} onChange={change} errors={errors} />
      <LimitsFields values={values} onChange={change} errors={errors} />
      <ThresholdsField
        text={thresholdsText}
        onChange={(t) => {
          setThresholdsText(t);
          setServerErrors(null);
        }}
        errors={errorsAt(errors, 'thresholds', true)}
      />
      <JsonPanel
        config={validation.config}
        onImport={(c) => {
          change(fromConfig(c));
          setAttempted(true);
        }}
      />
      <PlanEstimate plan={plan} />
      {checked && <PreflightPanel result={checked} onStartAnyway={startNow} starting={start.isPending} />}
      {preflight.error && checkedKey !== preflightKey && (
        <p className="error-box" role="alert">
          Pre-flight failed: {preflight.error.message}
        </p>
      )}
      <div className="actions submit-bar">
        <ProviderField value={provider} onChange={setProvider} />
        <TextField
          path="runId"
          label="Run id (optional)"
          value={runId}
          onChange={setRunId}
          errors={errorsAt(errors, 'runId')}
          placeholder="run-YYYYMMDD-HHMMSS"
        />
        <label className="check" title="A sweep of more configurations needs this confirmation">
          <input
            type="checkbox"
            checked={allowMany}
            onChange={(e) => setAllowMany(e.target.checked)}
            data-testid="allow-many"
          />{' '}
          allow more than {LIMITS.configurations.toLocaleString('en')} configurations
        </label>
        <button
          type="button"
          className="button"
          disabled={!validation.parsed || preflight.isPending}
          onClick={() => runPreflight()}
          data-testid="preflight-check"
        >
          Pre-flight check
        </button>
        <button
          type="submit"
          className="button primary big"
          disabled={start.isPending || start.isSuccess || preflight.isPending}
          data-testid="start-run"
        >
          {start.isPending || start.isSuccess ? 'Starting…' : preflight.isPending ? 'Checking…' : 'Start run'}
        </button>
        {start.error && !serverErrors && (
          <p className="error-box" role="alert">
            Start failed: {start.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
