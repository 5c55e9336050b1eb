# One image, every role: fly.toml picks the subcommand per process group.
FROM oven/bun:1.4.5 AS build
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY . .
RUN bun run build

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/dist/killboard /usr/local/bin/killboard
USER nobody
ENTRYPOINT ["/usr/local/bin/killboard"]
CMD ["serve"]
