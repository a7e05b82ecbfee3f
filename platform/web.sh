#!/bin/sh
# The web process: several uvicorn workers serving config.asgi:application (HTTP and WebSockets).
#
# WEB_CONCURRENCY sets the number of worker processes (default 4, about one per CPU core). Their WebSocket
# clients share rooms through the Redis channel layer. --proxy-headers takes the client address and scheme
# from X-Forwarded-For / X-Forwarded-Proto, which only the reverse proxy can reach on the private network
# (web publishes no port); the proxy overwrites them, so a client cannot forge them.
# The proxy writes the access log, hence --no-access-log here: application logs and errors still go to stderr.
# --ws-max-size is the application's SPACES_MAX_FRAME_BYTES (same variable, same default): a bigger WebSocket
# message is refused by uvicorn from its declared length with close code 1009 (see config/frame_limits.py).
set -eu

cd "$(dirname "$0")/.."

exec uvicorn config.asgi:application \
    --host 0.0.0.0 \
    --port "${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-4}" \
    --proxy-headers \
    --ws-max-size "${SPACES_MAX_FRAME_BYTES:-65536}" \
    --forwarded-allow-ips='*' \
    --lifespan off \
    --timeout-graceful-shutdown "${WEB_GRACEFUL_TIMEOUT:-20}" \
    --no-access-log
