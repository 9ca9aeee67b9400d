// Shapes of the tRPC procedures' results, inferred from the router (never restated).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RunDetail = RouterOutputs['runs']['get'];
export type RunListItem = RouterOutputs['runs']['list']['runs'][number];
export type ArtifactFile = RouterOutputs['runs']['artifacts'][number];
export type HostsStatus = RouterOutputs['hosts']['status'];
export type HostOperationView = NonNullable<RouterOutputs['hosts']['operation']>;
export type DoctorItem = RouterOutputs['doctor']['check']['items'][number];
