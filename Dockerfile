# The image `shoreline generate --emit k8s-job --image …` runs: `shoreline` as the entrypoint, as
# user 1000 (the Job's runAsUser and fsGroup), every command of the CLI available (generate,
# conform, load with the built-in engine, seed, import, serve). test/packaging.test.ts holds this
# file to the Job, and runs a tree staged as the build stage copies it.

FROM node:22-bookworm-slim AS build
# For native addons without a prebuilt binary for the platform (better-sqlite3 falls back to node-gyp).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/shoreline
# Dependencies first (a layer reused while package*.json stay the same); install scripts wait
# until the sources are here, since `prepare` builds dist/ from them.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# Native addons (better-sqlite3), esbuild's binary check, then the bundle; dev tools are dropped.
RUN npm rebuild && npm run build && npm prune --omit=dev && npm cache clean --force

FROM node:22-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /opt/shoreline /opt/shoreline
RUN ln -s /opt/shoreline/bin/shoreline.js /usr/local/bin/shoreline \
  && mkdir -p /data /work && chown 1000:1000 /data /work
# The node image's own unprivileged user (uid and gid 1000).
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["shoreline"]
CMD ["--help"]
