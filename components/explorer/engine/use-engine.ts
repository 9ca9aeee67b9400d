'use client';
// React view of the connector's engine status (the connector itself knows nothing of React).
import { useSyncExternalStore } from 'react';
import { getConnector, type EngineStatus } from './duckdb-connector';

const SERVER_STATUS: EngineStatus = { state: 'idle', restarts: 0 };

export function useEngineStatus(): EngineStatus {
  const c = getConnector();
  return useSyncExternalStore(c.subscribe, c.getStatus, () => SERVER_STATUS);
}
