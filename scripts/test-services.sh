#!/usr/bin/env bash
# Starts and stops, on loopback only, the real servers the probe tests talk to: MariaDB with TLS
# from a CA made at start time, and dnsmasq answering the test zone `tidb-pe.test`.
#
#   bash scripts/test-services.sh start   installs missing Debian packages (as root), starts both
#   bash scripts/test-services.sh env     prints the variables the tests read
#   bash scripts/test-services.sh stop    ends exactly the processes that `start` recorded
#
# `start` is idempotent: when both servers still run it leaves them be. State, logs, keys and the
# MariaDB data directory live in .test-services/ (git-ignored); the data directory is kept between
# runs so that a second start is quick.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE="$ROOT/.test-services"
HELPERS="$ROOT/scripts/test-services"
ENV_FILE="$STATE/env"
ZONE=tidb-pe.test
TLS_NAME="db.$ZONE"
DB_USER=tidbpe
# Debian keeps server binaries in sbin, which is not on every user's PATH.
PATH="$PATH:/usr/sbin:/sbin"

fail() {
  echo "test-services: $*" >&2
  exit 1
}

# Package name and the command that shows it is installed. iptables and iproute2 serve only the
# network-namespace tests, which need root anyway.
required_packages() {
  echo 'mariadb-server mariadbd'
  echo 'dnsmasq-base dnsmasq'
  echo 'openssl openssl'
  # Validators of the JUnit and Prometheus outputs: the formats are checked by outside tools.
  echo 'libxml2-utils xmllint'
  echo 'prometheus promtool'
  if [ "$(id -u)" -eq 0 ]; then
    echo 'iptables iptables'
    echo 'iproute2 ip'
  fi
}

install_packages() {
  local missing=() package command
  while read -r package command; do
    command -v "$command" > /dev/null || missing+=("$package")
  done < <(required_packages)
  [ "${#missing[@]}" -eq 0 ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    fail "Missing Debian packages: ${missing[*]}: install them with 'sudo apt-get install ${missing[*]}', or run as root"
  fi

  echo "test-services: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq > "$STATE/apt.log" 2>&1 || { tail -20 "$STATE/apt.log" >&2; fail 'apt-get update failed'; }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >> "$STATE/apt.log" 2>&1 ||
    { tail -20 "$STATE/apt.log" >&2; fail "Could not install: ${missing[*]}"; }
}

is_running() {
  local name=$1 pid
  [ -f "$STATE/$name.pid" ] || return 1
  pid=$(cat "$STATE/$name.pid")
  # The process name guards against a recycled pid.
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = "$name" ]
}

stop_one() {
  local name=$1 pid
  if is_running "$name"; then
    pid=$(cat "$STATE/$name.pid")
    kill -TERM "$pid" 2> /dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2> /dev/null && kill -KILL "$pid" 2> /dev/null || true
  fi
  rm -f "$STATE/$name.pid"
}

free_port() {
  node "$HELPERS/free-port.mjs" "$@"
}

# Waits until `pattern` shows in `log`, failing early when the process has died.
wait_for_log() {
  local name=$1 log=$2 pattern=$3
  for _ in $(seq 1 300); do
    grep -q "$pattern" "$log" 2> /dev/null && return 0
    is_running "$name" || { tail -20 "$log" >&2; fail "$name exited during start-up: see $log"; }
    sleep 0.1
  done
  tail -20 "$log" >&2
  fail "$name did not start within 30 s: see $log"
}

run_openssl() {
  openssl "$@" 2>> "$STATE/tls/openssl.log" ||
    { tail -5 "$STATE/tls/openssl.log" >&2; fail "openssl $1 failed: see $STATE/tls/openssl.log"; }
}

make_certificates() {
  local dir="$STATE/tls"
  rm -rf "$dir"
  mkdir -p "$dir"
  cat > "$dir/openssl.cnf" << EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = \$ENV::SAN
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  local curve=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  SAN=unused run_openssl req -x509 -config "$dir/openssl.cnf" -extensions ca "${curve[@]}" \
    -days 30 -subj '/CN=tidb-pe test CA' -keyout "$dir/ca.key" -out "$dir/ca.pem"

  # Name, days and alternative names: the server's own; one for `localhost`, a name every
  # system resolver knows; and one that expires inside the 14-day warning window.
  local name days san
  while read -r name days san; do
    SAN=$san run_openssl req -new -config "$dir/openssl.cnf" "${curve[@]}" \
      -subj "/CN=$TLS_NAME" -keyout "$dir/$name.key" -out "$dir/$name.csr"
    SAN=$san run_openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" \
      -CAkey "$dir/ca.key" -CAcreateserial -days "$days" -extfile "$dir/openssl.cnf" \
      -extensions server -out "$dir/$name.pem"
  done << EOF
server 30 DNS:$TLS_NAME,IP:127.0.0.1
localhost 30 DNS:localhost,IP:127.0.0.1
short 7 DNS:$TLS_NAME,IP:127.0.0.1
EOF
  chmod 600 "$dir"/*.key
}

start_mariadb() {
  local dir="$STATE/mariadb" data="$STATE/mariadb/data" socket
  mkdir -p "$dir"
  if [ ! -d "$data/mysql" ]; then
    rm -rf "$data"
    mariadb-install-db --no-defaults --datadir="$data" --user="$(id -un)" \
      --auth-root-authentication-method=socket --skip-test-db > "$dir/install.log" 2>&1 ||
      { tail -20 "$dir/install.log" >&2; fail "mariadb-install-db failed: see $dir/install.log"; }
  fi

  # A Unix socket path may not exceed 107 bytes; a deep checkout gets one in /tmp instead.
  socket="$dir/mariadbd.sock"
  [ "${#socket}" -lt 100 ] || socket=$(mktemp -u /tmp/tidb-pe-mariadbd.XXXXXX.sock)

  MARIADB_PORT=$(free_port)
  MARIADB_PASSWORD=$(openssl rand -hex 16)
  (
    umask 077
    rm -f "$dir/init.sql"
    printf "CREATE USER IF NOT EXISTS '%s'@'%%' IDENTIFIED BY '%s';\n" "$DB_USER" "$MARIADB_PASSWORD" > "$dir/init.sql"
    printf "ALTER USER '%s'@'%%' IDENTIFIED BY '%s';\n" "$DB_USER" "$MARIADB_PASSWORD" >> "$dir/init.sql"
    # The same password for a user that may log in over TLS only.
    printf "CREATE USER IF NOT EXISTS '%s_tls'@'%%' IDENTIFIED BY '%s' REQUIRE SSL;\n" "$DB_USER" "$MARIADB_PASSWORD" >> "$dir/init.sql"
    printf "ALTER USER '%s_tls'@'%%' IDENTIFIED BY '%s' REQUIRE SSL;\n" "$DB_USER" "$MARIADB_PASSWORD" >> "$dir/init.sql"
  )
  : > "$dir/error.log"

  # Probes connect and hang up without logging in on purpose; a high max-connect-errors keeps
  # MariaDB from blocking 127.0.0.1 for it.
  mariadbd --no-defaults --datadir="$data" --socket="$socket" --port="$MARIADB_PORT" \
    --bind-address=127.0.0.1 --user="$(id -un)" --pid-file="$dir/mariadbd.pid-by-server" \
    --log-error="$dir/error.log" --skip-name-resolve --max-connect-errors=1000000 \
    --ssl-ca="$STATE/tls/ca.pem" --ssl-cert="$STATE/tls/server.pem" \
    --ssl-key="$STATE/tls/server.key" --init-file="$dir/init.sql" \
    --innodb-buffer-pool-size=16M --performance-schema=OFF --skip-log-bin \
    < /dev/null > "$dir/stdout.log" 2>&1 &
  echo $! > "$STATE/mariadbd.pid"
  wait_for_log mariadbd "$dir/error.log" 'ready for connections'
}

start_dnsmasq() {
  local dir="$STATE/dnsmasq" i
  mkdir -p "$dir"
  DNS_PORT=$(free_port --udp)
  {
    echo "port=$DNS_PORT"
    echo 'listen-address=127.0.0.1'
    echo 'bind-interfaces'
    echo 'no-resolv'
    echo 'no-hosts'
    echo 'pid-file='
    echo "user=$(id -un)"
    echo "log-facility=$dir/dnsmasq.log"
    # Names in the zone that are not listed below get NXDOMAIN.
    echo "local=/$ZONE/"
    echo 'local-ttl=60'
    # Answers like an endpoint's ENI addresses, as private DNS gives them.
    echo "host-record=private.$ZONE,10.0.1.25"
    echo "host-record=private.$ZONE,10.0.2.25"
    # A documentation address (TEST-NET-3) standing in for a public answer.
    echo "host-record=public.$ZONE,203.0.113.10"
    # The endpoint's own regional and zonal names.
    echo "host-record=vpce-regional.$ZONE,10.0.1.25"
    echo "host-record=vpce-regional.$ZONE,10.0.2.25"
    echo "host-record=vpce-zonal-a.$ZONE,10.0.1.25"
    echo "host-record=loopback.$ZONE,127.0.0.1"
    # Private DNS names often come as an alias of the endpoint's own name.
    echo "cname=alias.$ZONE,private.$ZONE"
    echo 'host-record=localhost,127.0.0.1'
    # Sixty A records overflow a 512-byte UDP reply, so the client must ask again over TCP.
    for i in $(seq 1 60); do echo "host-record=truncated.$ZONE,10.0.3.$i"; done
  } > "$dir/dnsmasq.conf"
  : > "$dir/dnsmasq.log"

  dnsmasq --keep-in-foreground --conf-file="$dir/dnsmasq.conf" \
    < /dev/null > "$dir/stdout.log" 2>&1 &
  echo $! > "$STATE/dnsmasq.pid"
  wait_for_log dnsmasq "$dir/dnsmasq.log" 'cleared cache'
}

write_env() {
  local tls="$STATE/tls" name value
  rm -f "$ENV_FILE"
  (
    umask 077
    while read -r name value; do
      printf 'export %s=%q\n' "$name" "$value" >> "$ENV_FILE"
    done << EOF
TIDB_PE_TEST_MARIADB_HOST 127.0.0.1
TIDB_PE_TEST_MARIADB_PORT $MARIADB_PORT
TIDB_PE_TEST_MARIADB_USER $DB_USER
TIDB_PE_TEST_MARIADB_PASSWORD $MARIADB_PASSWORD
TIDB_PE_TEST_DNS 127.0.0.1:$DNS_PORT
TIDB_PE_TEST_DNS_ZONE $ZONE
TIDB_PE_TEST_TLS_NAME $TLS_NAME
TIDB_PE_TEST_TLS_CA $tls/ca.pem
TIDB_PE_TEST_TLS_CERT $tls/server.pem
TIDB_PE_TEST_TLS_KEY $tls/server.key
TIDB_PE_TEST_TLS_LOCALHOST_CERT $tls/localhost.pem
TIDB_PE_TEST_TLS_LOCALHOST_KEY $tls/localhost.key
TIDB_PE_TEST_TLS_SHORT_CERT $tls/short.pem
TIDB_PE_TEST_TLS_SHORT_KEY $tls/short.key
EOF
  )
}

start() {
  mkdir -p "$STATE"
  if is_running mariadbd && is_running dnsmasq && [ -f "$ENV_FILE" ]; then
    echo "test-services: already running; variables in $ENV_FILE" >&2
    return 0
  fi

  stop
  install_packages
  make_certificates
  start_mariadb
  start_dnsmasq
  write_env
  echo "test-services: MariaDB on 127.0.0.1:$MARIADB_PORT, dnsmasq on 127.0.0.1:$DNS_PORT; variables in $ENV_FILE" >&2
}

stop() {
  [ -d "$STATE" ] || return 0
  stop_one mariadbd
  stop_one dnsmasq
  rm -f "$ENV_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env)
    [ -f "$ENV_FILE" ] || fail "No services are running: run 'bash scripts/test-services.sh start' first"
    cat "$ENV_FILE"
    ;;
  *)
    echo 'Usage: bash scripts/test-services.sh start|stop|env' >&2
    exit 64
    ;;
esac
