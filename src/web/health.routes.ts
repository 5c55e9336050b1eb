import { createProbeRoutes } from "../metrics/metrics.probes.routes.ts";
import type { WebDeps } from "./web.deps.ts";

export const createHealthRoutes = ({ deps }: { deps: WebDeps }) => createProbeRoutes({ checks: deps.checks });
