#!/usr/bin/env bash
# Measures tidb-pe against the budgets of SPEC section 8 and prints the figures as Markdown for
# docs/performance.md. Not a test: nothing here fails on a missed budget, it reports it.
#
#   bash scripts/bench.sh                 all benchmarks (about two minutes)
#   bash scripts/bench.sh --json FILE     also save the raw numbers
#
# Installs hyperfine and the AWS CLI from Debian when they are missing and this runs as root;
# without hyperfine the timings fall back to Node's clock. Everything it starts listens on, and
# talks to, 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

install_missing() {
  local missing=() package command
  while read -r package command; do
    command -v "$command" > /dev/null || missing+=("$package")
  done <<< $'hyperfine hyperfine\nawscli aws'
  [ "${#missing[@]}" -eq 0 ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: missing ${missing[*]}: install with 'sudo apt-get install ${missing[*]}'" >&2
    return 0
  fi
  echo "bench: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq > /dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
}

install_missing
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build --silent
command -v aws > /dev/null || { echo 'bench: the AWS CLI is required for the comparison' >&2; exit 1; }

exec node scripts/bench/run.mjs "$@"
