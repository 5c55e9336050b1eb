import { expect, test } from "bun:test";
import { AppError, createPortInUseError, createUsageError, describeFailure } from "./errors.ts";

test("an app error shows its code and message on one line and exits 1", () => {
  const error = new AppError({ code: "redis.unreachable", message: "cannot connect to REDIS_URL (127.0.0.1:1/0):\n  refused", status: 503 });
  expect(describeFailure({ error })).toMatchObject({ line: "error: redis.unreachable: cannot connect to REDIS_URL (127.0.0.1:1/0): refused", exitCode: 1 });
});

test("a command-line error exits 2 and names the flag without a code in front", () => {
  expect(describeFailure({ error: createUsageError({ message: "unknown flag --bogus for killboard serve" }) })).toMatchObject({
    line: "error: unknown flag --bogus for killboard serve",
    exitCode: 2,
  });
});

test("a failure while closing does not hide the failure that caused the shutdown", () => {
  const cause = createPortInUseError({ name: "PORT", port: 3000 });
  const error = new SuppressedError(new Error("sql.end failed"), cause, "closing");
  expect(describeFailure({ error }).line).toBe("error: net.port_in_use: port 3000 is already in use; set PORT to a free port");
});

test("anything thrown that is not an Error still becomes one line and exit code 1", () => {
  expect(describeFailure({ error: "plain text" })).toMatchObject({ line: "error: plain text", exitCode: 1, stack: undefined });
});
