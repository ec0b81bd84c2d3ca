// A compose project as teams write them: extension fields with anchors merged into many services,
// images held in variables with inline defaults or in `.env`, builds with args and contexts,
// profiles, flow style, quotes, comments and `$$`. Line numbers in the tests refer to this text.

export const SHOP_COMPOSE = `# Shop: local stack.
# Copy .env.example to .env before the first run.
---
x-restart: &restart
  restart: unless-stopped

x-healthcheck: &healthcheck
  interval: "\${HEALTHCHECK_INTERVAL:-30s}"
  timeout: 10s
  retries: 5

x-worker: &worker
  <<: *restart
  image: \${WORKER_IMAGE:-ghcr.io/shop/worker:2.4.1}   # one image for every worker
  environment: &worker-env
    QUEUE_URL: "amqp://guest:guest@queue:5672"
    LOG_LEVEL: info

x-search: &search
  <<: *restart
  image: "$SEARCH_IMAGE"
  environment:
    SEARCH_HEAP: 512m

services:
  proxy:
    <<: *restart
    image: "traefik:v3.1"
    platform: \${DOCKER_PLATFORM:-}
    command: ["--providers.docker", "--entrypoints.web.address=:80"]
    ports: ["80:80"]

  db:
    <<: *restart
    # Same major as production.
    image: 'postgres:16.4-bookworm'
    platform: linux/amd64
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
    healthcheck:
      <<: *healthcheck
      test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]

  cache: {image: redis:7.4-alpine, platform: linux/arm64, profiles: [full]}

  queue:
    <<: *restart
    image: rabbitmq:3.13-management@sha256:${'4'.repeat(64)}

  worker-orders:
    <<: *worker
    command: worker --queue orders
  worker-mail:
    <<: *worker
    platform: linux/arm64/v8
    command: worker --queue mail
    environment:
      <<: *worker-env
      LOG_LEVEL: debug

  search-api:
    <<: *search
  search-indexer:
    <<: *search
    command: index --all
    profiles:
      - full

  web:
    <<: *restart
    image: shop-web:dev
    build:
      context: ./web
      dockerfile: docker/Dockerfile.web
      target: runtime
      args:
        - NODE_VERSION=\${NODE_VERSION:-22}
        - BASE_IMAGE
        - "APP_ENV=production"
      additional_contexts:
        assets: docker-image://ghcr.io/shop/assets:\${ASSETS_TAG:-2025.01}
        shared: service:shared
        config: ./config
      platforms:
        - linux/amd64
        - linux/arm64
    depends_on: [db, cache]

  web-preview:
    image: shop-web:dev
    profiles: [preview]

  shared:
    build: ./shared
    pull_policy: build

  jobs:
    build:
      context: .
      dockerfile_inline: |
        FROM python:3.12-slim
        RUN pip install shop-jobs
      args:
        PYTHON_VERSION: 3.12
        DEBUG:
    image: registry.example.com/shop/jobs:\${JOBS_TAG:-latest}
    pull_policy: missing

  docs:
    image: nginx   # no tag written
    volumes: ["./docs:/usr/share/nginx/html:ro"]
`;

export const SHOP_DOT_ENV = `# Local settings
POSTGRES_PASSWORD=secret
SEARCH_IMAGE=docker.elastic.co/elasticsearch/elasticsearch:8.15.0
export BASE_IMAGE="node:22-bookworm-slim"
ASSETS_TAG=2025.02 # newer assets
`;
