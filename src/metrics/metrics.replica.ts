/** The read replica's state as serve's monitor last judged it (src/db/db.replica.ts). */
import { Gauge, type Registry } from "prom-client";
import type { ReplicaMonitor } from "../db/db.replica.ts";

export function defineReplicaMetrics({ registry, monitor }: { registry: Registry; monitor: Pick<ReplicaMonitor, "state"> }) {
  new Gauge({
    name: "killboard_db_read_replica_usable",
    help: "1 while page and API reads go to the read replica (DATABASE_READ_URL), 0 while they go to the primary",
    registers: [registry],
    collect() {
      this.set(monitor.state().usable ? 1 : 0);
    },
  });
  new Gauge({
    name: "killboard_db_read_replica_lag_seconds",
    help: "How far the read replica may be behind the primary at the last check (an upper bound); absent while unknown",
    registers: [registry],
    collect() {
      this.reset();
      const { lagMs } = monitor.state();
      if (lagMs !== null) this.set(lagMs / 1000);
    },
  });
}
