#!/usr/bin/env bash
# Installs the Restcomm SMPP bridge as a systemd service:
#   /opt/restcomm-smpp-bridge/            framework-dependent Release build (apphost RestcommSmppBridge + dlls),
#                                         replaced on every run
#   /etc/restcomm-smpp-bridge/appsettings.json   site configuration, from config/appsettings.production.example.json;
#                                         never overwritten once it exists
#   /etc/restcomm-smpp-bridge/environment        secrets (mode 0600), from config/environment.example; never overwritten
#   /var/lib/restcomm-smpp-bridge/        data (SQLite database), owned by the service user
#   /var/log/restcomm-smpp-bridge/        optional rolling log files, owned by the service user
#   /etc/systemd/system/restcomm-smpp-bridge.service (+ .service.d/10-dotnet.conf: where the .NET runtime is)
#
# Usage: scripts/install.sh [--destdir DIR] [--from PUBLISH_DIR]
#   --destdir DIR   install under DIR instead of / (packaging, tests); also read from $DESTDIR. With a destdir the
#                   service user is not created, nothing is chowned and systemd is not reloaded.
#   --from DIR      install an existing `dotnet publish` output instead of publishing from this checkout.
# Needs root without --destdir. Needs the .NET 10 runtime (ASP.NET Core) in a system folder such as
# /usr/share/dotnet or /usr/lib/dotnet: the unit sets ProtectHome=true, so a runtime under /root or /home is hidden.
set -euo pipefail

readonly service=restcomm-smpp-bridge
readonly user=restcomm-smpp-bridge
repo="$(cd "$(dirname "$0")/.." && pwd)"
destdir="${DESTDIR:-}"
from=""

while [ $# -gt 0 ]; do
  case "$1" in
    --destdir) [ $# -ge 2 ] || { echo "install.sh: --destdir needs a folder" >&2; exit 2; }; destdir="$2"; shift 2 ;;
    --destdir=*) destdir="${1#*=}"; shift ;;
    --from) [ $# -ge 2 ] || { echo "install.sh: --from needs a folder" >&2; exit 2; }; from="$2"; shift 2 ;;
    --from=*) from="${1#*=}"; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$destdir" ]; then
  mkdir -p "$destdir"
  destdir="$(cd "$destdir" && pwd)"
elif [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (or give --destdir to install under a folder)" >&2
  exit 1
fi

app="$destdir/opt/$service"
etc="$destdir/etc/$service"
data="$destdir/var/lib/$service"
logs="$destdir/var/log/$service"
units="$destdir/etc/systemd/system"

dotnet_bin="$(command -v dotnet || true)"
if [ -z "$dotnet_bin" ]; then
  echo "install.sh: dotnet is not on PATH; install the .NET 10 SDK or runtime first" >&2
  exit 1
fi
dotnet_root="$(dirname "$(readlink -f "$dotnet_bin")")"
if ! "$dotnet_bin" --list-runtimes | grep -q '^Microsoft.AspNetCore.App 10\.'; then
  echo "install.sh: the ASP.NET Core 10 runtime is missing from $dotnet_root" >&2
  exit 1
fi
case "$dotnet_root" in
  /root/*|/home/*) echo "install.sh: warning: the runtime in $dotnet_root is hidden from the service by ProtectHome=true; install .NET under /usr/share/dotnet or /usr/lib/dotnet" >&2 ;;
esac

# 1. The build: publish into a staging folder, then swap it in, so a failed build leaves the installed one alone.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
if [ -z "$from" ]; then
  echo "publishing the Release build..."
  "$dotnet_bin" publish "$repo/src/RestcommSmppBridge/RestcommSmppBridge.csproj" -c Release -o "$stage/app" \
    --nologo -v quiet -p:UseAppHost=true
else
  [ -f "$from/RestcommSmppBridge.dll" ] || { echo "install.sh: $from holds no RestcommSmppBridge.dll" >&2; exit 1; }
  cp -a "$from" "$stage/app"
fi
[ -x "$stage/app/RestcommSmppBridge" ] || { echo "install.sh: the build has no apphost RestcommSmppBridge" >&2; exit 1; }
cp "$repo/README.md" "$stage/app/README.md"

mkdir -p "$destdir/opt"
rm -rf "$app.old"
[ -d "$app" ] && mv "$app" "$app.old"
mv "$stage/app" "$app"
rm -rf "$app.old"
chmod -R u=rwX,go=rX "$app"

# 2. Folders. Configuration is root's, readable by the service's group; data and logs are the service's.
install -d -m 0755 "$units"
install -d -m 0750 "$etc" "$data" "$logs"

# 3. Configuration, never overwritten: an operator's edits survive a reinstall or an upgrade.
if [ -e "$etc/appsettings.json" ]; then
  echo "kept $etc/appsettings.json (exists); the new example is $app/appsettings.production.example.json"
else
  install -m 0640 "$repo/config/appsettings.production.example.json" "$etc/appsettings.json"
  echo "installed $etc/appsettings.json from the example: edit carriers, accounts, numbers and TLS paths"
fi
install -m 0644 "$repo/config/appsettings.production.example.json" "$app/appsettings.production.example.json"
if [ -e "$etc/environment" ]; then
  echo "kept $etc/environment (exists)"
else
  install -m 0600 "$repo/config/environment.example" "$etc/environment"
  echo "installed $etc/environment (mode 0600): put carrier passwords and account tokens there"
fi

# 4. The unit, and a drop-in naming the runtime the apphost must use (it is not always the default location).
install -m 0644 "$repo/config/$service.service" "$units/$service.service"
install -d -m 0755 "$units/$service.service.d"
printf '# Written by scripts/install.sh: the .NET runtime the apphost runs on.\n[Service]\nEnvironment=DOTNET_ROOT=%s\n' \
  "$dotnet_root" > "$units/$service.service.d/10-dotnet.conf"
chmod 0644 "$units/$service.service.d/10-dotnet.conf"

# 5. The service user and ownership, and systemd, on a real root only.
if [ -z "$destdir" ]; then
  if ! getent passwd "$user" > /dev/null; then
    useradd --system --user-group --home-dir "/var/lib/$service" --no-create-home --shell /usr/sbin/nologin \
      --comment "Restcomm SMPP bridge" "$user"
    echo "created system user $user"
  fi
  chown root:"$user" "$etc" "$etc/appsettings.json"
  chown root:root "$etc/environment"
  chown -R "$user":"$user" "$data" "$logs"
  if [ -d /run/systemd/system ] && command -v systemctl > /dev/null; then
    systemctl daemon-reload
    if systemctl is-active --quiet "$service"; then
      echo "the service is running the previous build: systemctl restart $service"
    else
      echo "start it with: systemctl enable --now $service   (logs: journalctl -u $service -f)"
    fi
  fi
fi

echo "installed $service under ${destdir:-/}"
