import { defineCommand } from "citty";
import { formatStatus } from "../ops/status.format.ts";
import { createStatusUpstream } from "../ops/status.upstream.ts";
import { readDeploymentStatus } from "../ops/status.usecases.ts";
import { createQueues } from "../queue/queue.client.ts";
import { jsonArg } from "./role.args.ts";
import { runRole } from "./role.run.ts";

export default defineCommand({
  meta: { name: "status", description: "The whole deployment: live roles (heartbeats), feed cursor lag, queue depths and failures, recent gap days" },
  args: jsonArg(),
  async run({ args }) {
    await runRole({
      tag: "status",
      db: { max: 3 },
      redis: ["producer"],
      async run({ sql, redis, config, defer }) {
        const queues = createQueues({ connection: redis.producer, prefix: config.QUEUE_PREFIX });
        defer(() => queues.close());
        const status = await readDeploymentStatus({
          sql, redis: redis.producer, prefix: config.QUEUE_PREFIX, queues: Object.values(queues.byName),
          upstream: createStatusUpstream({ baseUrl: config.R2Z2_BASE_URL, userAgent: config.ESI_USER_AGENT }), board: config.BOARD_ENTITIES,
        });
        console.log(args.json ? JSON.stringify(status) : formatStatus({ status }));
      },
    });
  },
});
