#!/usr/bin/env bash
# Removes the Restcomm SMPP bridge service installed by scripts/install.sh: stops and disables it, removes the unit,
# its drop-ins and /opt/restcomm-smpp-bridge. Keeps the configuration (/etc/restcomm-smpp-bridge), the data
# (/var/lib/restcomm-smpp-bridge), the logs and the service user unless --purge is given.
#
# Usage: scripts/uninstall.sh [--destdir DIR] [--purge]
#   --destdir DIR   uninstall from under DIR (as install.sh --destdir); also read from $DESTDIR.
#   --purge         also delete configuration, secrets, data, logs and the service user.
set -euo pipefail

readonly service=restcomm-smpp-bridge
readonly user=restcomm-smpp-bridge
destdir="${DESTDIR:-}"
purge=false

while [ $# -gt 0 ]; do
  case "$1" in
    --destdir) [ $# -ge 2 ] || { echo "uninstall.sh: --destdir needs a folder" >&2; exit 2; }; destdir="$2"; shift 2 ;;
    --destdir=*) destdir="${1#*=}"; shift ;;
    --purge) purge=true; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "uninstall.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  echo "uninstall.sh: run as root (or give --destdir)" >&2
  exit 1
fi

systemd_here=false
if [ -z "$destdir" ] && [ -d /run/systemd/system ] && command -v systemctl > /dev/null; then
  systemd_here=true
  systemctl disable --now "$service" 2> /dev/null || true
fi

rm -f "$destdir/etc/systemd/system/$service.service"
rm -rf "$destdir/etc/systemd/system/$service.service.d" "$destdir/opt/$service"
$systemd_here && systemctl daemon-reload

if $purge; then
  rm -rf "$destdir/etc/$service" "$destdir/var/lib/$service" "$destdir/var/log/$service"
  if [ -z "$destdir" ] && getent passwd "$user" > /dev/null; then
    userdel "$user"
  fi
  echo "removed $service, its configuration, data, logs and user"
else
  echo "removed $service; kept $destdir/etc/$service, $destdir/var/lib/$service and $destdir/var/log/$service (--purge deletes them)"
fi
