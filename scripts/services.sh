#!/usr/bin/env bash
# Start the local services the tests use (PostgreSQL, Mosquitto, NATS, Redis) if they are installed
# but not running. Each check is a connection attempt on the service's port.
set -u

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

wait_for() {
  local port=$1 name=$2
  for _ in $(seq 1 50); do up "$port" && return 0; sleep 0.2; done
  echo "warning: $name did not come up on port $port" >&2
  return 1
}

if ! up 5432 && command -v pg_ctlcluster >/dev/null; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  wait_for 5432 PostgreSQL
fi
if ! up 1883 && command -v mosquitto >/dev/null; then
  as_root mosquitto -d -c /etc/mosquitto/mosquitto.conf
  wait_for 1883 Mosquitto
fi
if ! up 4222 && [ -x /usr/sbin/nats-server ]; then
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_for 4222 NATS
fi
if ! up 6379 && command -v redis-server >/dev/null; then
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for 6379 Redis
fi
for port in 5432 1883 4222 6379; do
  up "$port" || { echo "error: nothing listens on 127.0.0.1:$port (PostgreSQL 5432, Mosquitto 1883, NATS 4222, Redis 6379)" >&2; exit 1; }
done
echo "services: PostgreSQL, Mosquitto, NATS, Redis are up"
