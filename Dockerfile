# One image, every role: fly.toml picks the subcommand per process group (`killboard serve`, `killboard work`, ...).
# The two bases are arguments so that scripts/build-image can substitute images it made itself (debootstrap plus
# the Bun binary from npm) on a machine that reaches no image registry; on Fly the defaults below are used.
ARG BUN_IMAGE=oven/bun:1.4.5
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BUN_IMAGE} AS build
WORKDIR /app
COPY package.json bun.lock ./
# package.json patchedDependencies: bun install applies them (see patches/).
COPY patches ./patches
# --production: the compiled binary bundles the runtime dependencies only; TypeScript is not needed to build it.
RUN bun install --frozen-lockfile --production
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY views ./views
COPY static ./static
COPY data ./data
RUN bun run build

FROM ${BASE_IMAGE}
# A fixed numeric id so that platforms checking "runs as non-root" (USER must be numeric for that) accept it.
RUN groupadd --gid 10001 killboard && useradd --uid 10001 --gid killboard --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin killboard
# The binary carries migrations, static data, prices, views and static files: nothing else is copied beside it.
# No CA bundle either: Bun verifies TLS against the root certificates compiled into it.
COPY --from=build /app/dist/killboard /usr/local/bin/killboard
COPY scripts/healthcheck /usr/local/bin/killboard-healthcheck
USER 10001:10001
# Fly ignores HEALTHCHECK (fly.toml has its own checks); this serves plain Docker and compose.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 CMD ["/usr/local/bin/killboard-healthcheck"]
# No ENTRYPOINT: a Fly process command replaces CMD only, so every command names the binary itself.
CMD ["killboard", "serve"]
