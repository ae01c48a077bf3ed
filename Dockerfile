# syntax=docker/dockerfile:1
# Build: docker build -t idv-graph .
# Run:   docker run -p 4000:4000 -v $PWD/keys:/keys:ro \
#          -e YOTI_CLIENT_SDK_ID=... -e YOTI_KEY_FILE_PATH=/keys/yoti.pem \
#          -e GATEWAY_PUBLIC_URL=https://idv-graph.example.com -e GATEWAY_API_KEYS_FILE=/keys/api-keys.json \
#          -e GATEWAY_MEDIA_SECRET=... -e GATEWAY_METRICS_TOKEN=... \
#          -e GATEWAY_AUDIT_DATABASE_URL=postgres://idv_graph:...@db:5432/audit idv-graph   # secrets made once with openssl rand, shared by every replica
# Production (NODE_ENV below) needs Yoti credentials, a public URL, caller auth, a media secret
# (the same on every replica), a /metrics token (or GATEWAY_METRICS_PUBLIC=true) and an audit store
# (GATEWAY_AUDIT_DATABASE_URL; or GATEWAY_AUDIT_DIR=/app/data/audit on a volume for one replica, or
# GATEWAY_AUDIT=off), or it exits 1 with one line naming what is missing. SIGTERM drains for GATEWAY_SHUTDOWN_GRACE_MS (5 s) before the port closes:
# give `docker stop` a longer timeout than that (e.g. `docker stop -t 30`).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=96 --max-semi-space-size=16" \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
# The image's files stay root-owned and read-only to the process, which runs as the unprivileged `node` user;
# only /app/data (the embedded audit store, when chosen) is the process's to write.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
