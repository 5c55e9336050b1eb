import { expect, test } from "bun:test";
import { findSample, parseExposition } from "./prometheus.ts";

const VALID = `# HELP jobs_total Jobs done
# TYPE jobs_total counter
jobs_total{queue="a",note="say \\"hi\\""} 3
# TYPE wait_seconds histogram
wait_seconds_bucket{le="0.5"} 1
wait_seconds_bucket{le="+Inf"} 2
wait_seconds_sum 1.5
wait_seconds_count 2
`;

test("a well-formed exposition parses into families with their samples", () => {
  const families = parseExposition({ text: VALID });
  expect(families.get("jobs_total")?.type).toBe("counter");
  expect(findSample({ families, name: "jobs_total", labels: { note: 'say "hi"' } })).toBe(3);
  expect(findSample({ families, name: "wait_seconds_count" })).toBe(2);
});

test("each broken rule of the format is named", () => {
  const broken = {
    "bad metric name": "# TYPE 1x gauge\n1x 1\n",
    "not a sample line": 'jobs{a="b" 1\n',
    "bad value": "jobs 1,5\n",
    "bad label name": 'jobs{1a="x"} 1\n',
    "after its samples": "jobs 1\n# TYPE jobs gauge\n",
    "interleaved": "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n",
    "+Inf bucket": '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    "buckets decrease": '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
  };
  for (const [problem, text] of Object.entries(broken)) expect(() => parseExposition({ text })).toThrow(problem);
});
