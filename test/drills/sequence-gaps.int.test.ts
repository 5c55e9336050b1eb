/**
 * Drill: 5,000 killmails stored by 4 `work` processes at once while a deferred trigger rolls back about one
 * storing transaction in eight at COMMIT, after its numbers were taken. The live sequence must come out dense:
 * 1..5,000, one number per killmail, none skipped, none doubled (migration 00012).
 */
import { expect, test } from "bun:test";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { spawnRole, waitFor } from "../support/processes.ts";

const stack = useDrillStack({ name: "sequence-gaps", synthetic: 5_000, days: 2 });

// 40001 (serialization failure) is a failure the store retries, never one it blames the killmail for. A sequence
// counts the rollbacks: nextval is not undone by the rollback it precedes.
async function installForcedRollbacks() {
  await stack.sql.unsafe(`
    create sequence drill_rollbacks;
    create function drill_maybe_roll_back() returns trigger language plpgsql as $$
    begin
      if random() < 0.0025 then
        perform nextval('drill_rollbacks');
        raise exception 'drill: forced rollback at commit' using errcode = '40001';
      end if;
      return null;
    end $$;
    create constraint trigger drill_roll_back after insert on killmail_sequence
      deferrable initially deferred for each row execute function drill_maybe_roll_back();
  `);
}

test("4 concurrent workers with forced rollbacks leave the live sequence without a gap", async () => {
  await installForcedRollbacks();
  const total = stack.emulator.context.dataset.records.length;
  const workers = Array.from({ length: 4 }, () => spawnRole({ args: ["work", "--concurrency", "8", "--queues", "killmails"], env: stack.env() }));
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: stack.env() });
  try {
    stack.emulator.publish(total);
    await waitFor({ check: async () => (await stack.count()).rows >= total, timeoutMs: 150_000, intervalMs: 1_000, what: `${total} stored` })
      .catch((error) => { throw new Error(`${error.message}\n${workers[0]!.output().slice(-1500)}`); });
  } finally {
    await Promise.all([...workers.map((worker) => worker.kill("SIGTERM")), listener.kill("SIGTERM")]);
  }
  const [numbers] = await stack.sql<{ count: number; distinct: number; killmails: number; min: number; max: number; head: number; rollbacks: number }[]>`
    select count(*)::int as count, count(distinct sequence)::int as distinct, count(distinct killmail_id)::int as killmails,
      min(sequence)::int as min, max(sequence)::int as max,
      (select last::int from live_sequence_head) as head,
      (select last_value::int from drill_rollbacks) as rollbacks
    from killmail_sequence`;
  console.info(`forced rollbacks: ${numbers!.rollbacks}, sequence 1..${numbers!.max}`);
  expect(numbers!.rollbacks).toBeGreaterThan(1);
  expect(numbers).toEqual({ count: total, distinct: total, killmails: total, min: 1, max: total, head: total, rollbacks: numbers!.rollbacks });
  expect(await stack.count()).toEqual({ rows: total, distinct: total });
}, 240_000);
