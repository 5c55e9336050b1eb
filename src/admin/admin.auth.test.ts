import { expect, test } from "bun:test";
import { matchesToken, readBearer } from "./admin.auth.ts";

test("only the exact token matches, whatever the lengths", () => {
  const token = "a".repeat(40);
  expect(matchesToken({ given: token, token })).toBe(true);
  expect(matchesToken({ given: `${token}b`, token })).toBe(false);
  expect(matchesToken({ given: token.slice(1), token })).toBe(false);
  expect(matchesToken({ given: "", token })).toBe(false);
});

test("a bearer token is read from the Authorization header, any other scheme is none", () => {
  expect(readBearer({ header: "Bearer abc.def" })).toBe("abc.def");
  expect(readBearer({ header: "bearer   abc " })).toBe("abc");
  expect(readBearer({ header: "Basic YWJj" })).toBeNull();
  expect(readBearer({ header: "Bearer" })).toBeNull();
  expect(readBearer({ header: "Bearer a b" })).toBeNull();
  expect(readBearer({ header: undefined })).toBeNull();
});
