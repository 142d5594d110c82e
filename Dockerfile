# syntax=docker/dockerfile:1
#
# One image recipe for every service of the monorepo. Pick the service with the SERVICE build argument:
#   docker build --build-arg SERVICE=skills -t hr-integration/skills:local .
# Services run TypeScript through tsx (no build step), so the runtime image carries the workspace with its
# full dependency tree (`--prod=false`: tsx is a dev dependency of the root package).
# Versions are pinned here and overridden from deploy/compose/.env, the one place compose pins images.

ARG NODE_VERSION=20.20.2
ARG PNPM_VERSION=10.34.8

# ---- base: node + the pnpm version package.json pins -------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS base
ARG PNPM_VERSION
ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    CI=true
RUN npm install --global --no-fund --no-audit --no-update-notifier "pnpm@${PNPM_VERSION}" \
 && pnpm --version
WORKDIR /app

# ---- deps: fetch every package in the lockfile into the store (cached until the lockfile changes) -------
FROM base AS deps
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm fetch --frozen-lockfile --store-dir /pnpm/store

# ---- build: link the workspace offline from the fetched store ------------------------------------------
FROM deps AS build
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline --prod=false --store-dir /pnpm/store
ARG SERVICE
RUN if [ -z "${SERVICE}" ]; then echo "build with --build-arg SERVICE=<skills|training|secondment|hr-sync>" >&2; exit 1; fi; \
    if [ ! -f "services/${SERVICE}/src/main.ts" ]; then echo "services/${SERVICE}/src/main.ts not found" >&2; exit 1; fi

# ---- runtime: node only, non-root, the linked workspace ------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0
WORKDIR /app
# The node image's unprivileged user (uid/gid 1000); the files stay root-owned and read-only to it.
COPY --from=build /app /app
USER node

# HTTP 3001-3004 and gRPC 50051-50054: skills, training, secondment, hr-sync in that order.
EXPOSE 3001-3004 50051-50054

# Liveness only (/healthz): readiness (/readyz) depends on Kafka and the store and is for orchestrators.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={skills:3001,training:3002,secondment:3003,'hr-sync':3004};const p=process.env.HTTP_PORT||d[process.env.SERVICE];fetch('http://127.0.0.1:'+p+'/healthz',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# exec: node becomes PID 1 and receives SIGTERM itself (the services shut down gracefully on it).
CMD exec node --import tsx services/${SERVICE}/src/main.ts
