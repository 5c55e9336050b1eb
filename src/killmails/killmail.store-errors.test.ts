import { expect, test } from "bun:test";
import { AppError } from "../app/errors.ts";
import { describeStoreError, isPermanentStoreError } from "./killmail.store-errors.ts";

const databaseError = (message: string, code: string) => Object.assign(new Error(message), { name: "PostgresError", code });
const socketError = (message: string, code: string) => Object.assign(new Error(message), { code });

test("data exceptions, constraint violations and model errors are permanent", () => {
  expect(isPermanentStoreError(databaseError("integer out of range", "22003"))).toBe(true);
  expect(isPermanentStoreError(databaseError("unsupported Unicode escape sequence", "22P05"))).toBe(true);
  expect(isPermanentStoreError(databaseError("null value violates not-null constraint", "23502"))).toBe(true);
  expect(isPermanentStoreError(new AppError({ code: "killmail.invalid", message: "bad", status: 400 }))).toBe(true);
});

test("connection losses, deadlocks, shutdowns and server-side app errors are worth a retry", () => {
  expect(isPermanentStoreError(databaseError("deadlock detected", "40P01"))).toBe(false);
  expect(isPermanentStoreError(databaseError("terminating connection due to administrator command", "57P01"))).toBe(false);
  expect(isPermanentStoreError(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).toBe(false);
  expect(isPermanentStoreError(new AppError({ code: "db.unreachable", message: "down", status: 503 }))).toBe(false);
  expect(isPermanentStoreError(new Error("plain"))).toBe(false);
});

test("every form of a database outage is worth a retry, never the killmail's fault", () => {
  const outages = [
    socketError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
    socketError("read ECONNRESET", "ECONNRESET"),
    socketError("write CONNECTION_ENDED 127.0.0.1:5432", "CONNECTION_ENDED"),
    socketError("write CONNECT_TIMEOUT 127.0.0.1:5432", "CONNECT_TIMEOUT"),
    databaseError("sorry, too many clients already", "53300"),
    databaseError("the database system is shutting down", "57P03"),
    databaseError("canceling statement due to statement timeout", "57014"),
    databaseError("connection failure", "08006"),
  ];
  expect(outages.filter(isPermanentStoreError)).toEqual([]);
});

test("a database refusal is described with its SQLSTATE", () => {
  expect(describeStoreError(databaseError("integer out of range", "22003"))).toBe("database refused the killmail: integer out of range (SQLSTATE 22003)");
});
