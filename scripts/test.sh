#!/usr/bin/env bash
# The one test command (npm test): installs what is missing, builds, starts the real servers the
# probe tests need (MariaDB, dnsmasq), runs every test and the linters, and stops the servers.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi

bash scripts/test-services.sh start
trap 'bash scripts/test-services.sh stop' EXIT
set -a
# shellcheck source=/dev/null
. .test-services/env
set +a

npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"
npx eslint .
npx prettier --check . > /dev/null || { npx prettier --check .; exit 1; }
