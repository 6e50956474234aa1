# whybot container: a multi-stage build on Node 24 LTS (Debian slim; Node 20 left support in April 2026).
# Build:  docker build -t whybot .
# Run:    docker run -d --name whybot --env-file .env -v whybot-data:/data -p 127.0.0.1:9464:9464 whybot
# Set DISCORD_TOKEN and/or TELEGRAM_TOKEN in .env: without a chat token the bot is a terminal prompt, which
# ends at once without a terminal (docker run -it for that).
# Linted with dockerlint (npm) and dockerfilelint (npm); dockerfilelint 1.8 wrongly flags HEALTHCHECK's
# --start-period (its option pattern stops at the hyphen), which Docker has accepted since 17.05.
#
# Stage 1 installs every dependency, builds the compiled JavaScript (npm ci runs prepare = npm run build),
# then drops the development dependencies. better-sqlite3 compiles a native addon, so the toolchain lives
# only in this stage; @resvg/resvg-js ships its binary inside its npm package.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# Stage 2: the runtime image, no compiler, running as the unprivileged "node" user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    WHYBOT_DB_PATH=/data/whybot.sqlite \
    WHYBOT_HEALTH_PORT=9464 \
    WHYBOT_HEALTH_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
# Compiled JavaScript (the chart fonts are copied beside it by the build); templates stay editable at the root.
COPY --from=build /app/dist ./dist
COPY package.json holders.example.json ./
COPY templates ./templates
# A font for Chinese text on charts (Inter, bundled, draws Latin, Cyrillic and Vietnamese; see src/chart/fonts.ts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9464
# /healthz answers 200 while the adapters are connected and market data is fresh (503 with the reasons
# otherwise, and while shutting down); /metrics on the same port is for Prometheus.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WHYBOT_HEALTH_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Graceful shutdown: the bot handles SIGTERM itself (docker stop): it stops taking commands, finishes the replies
# in flight, closes the liquidation streams and flushes them to the database, and exits within 10 s, inside
# docker stop's default 10 s grace period. Node runs as PID 1 but installs its own SIGTERM/SIGINT handlers.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
