#!/usr/bin/env bash
# Reservekopie van de Voordeurcheck-database met pg_dump (custom format).
#
#   deploy/backup.sh [MAP]        standaard: /var/backups/voordeurcheck
#
# DATABASE_URL comes from the environment, else from $VOORDEURCHECK_ENV
# (default /etc/voordeurcheck/voordeurcheck.env). Prints the path of the new file.
# The file is written under a temporary name, checked with pg_restore --list, and only
# then renamed, so a file named voordeurcheck-*.dump is always complete. With
# VOORDEURCHECK_BACKUP_KEEP=N only the newest N backups in MAP are kept.
set -euo pipefail

dir=${1:-/var/backups/voordeurcheck}
env_file=${VOORDEURCHECK_ENV:-/etc/voordeurcheck/voordeurcheck.env}
if [ -z "${DATABASE_URL:-}" ] && [ -r "$env_file" ]; then
  DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' "$env_file" | tail -n 1)
fi
if [ -z "${DATABASE_URL:-}" ]; then
  echo "Fout: geen DATABASE_URL (niet in de omgeving en niet in $env_file)." >&2
  exit 2
fi
case "$DATABASE_URL" in
  postgres://*|postgresql://*|postgresql+psycopg://*) ;;
  *) echo "Fout: DATABASE_URL is geen PostgreSQL-adres; een reservekopie met pg_dump kan alleen van PostgreSQL." >&2; exit 2 ;;
esac
url=${DATABASE_URL/postgresql+psycopg:/postgresql:}  # libpq does not know SQLAlchemy's driver part

umask 077  # the dump holds the accounts' password hashes
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$dir/voordeurcheck-$stamp.dump"
partial="$dir/.voordeurcheck-$stamp.dump.part"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$target"
echo "$target"

if [ -n "${VOORDEURCHECK_BACKUP_KEEP:-}" ]; then
  ls -1t "$dir"/voordeurcheck-*.dump | tail -n +"$((VOORDEURCHECK_BACKUP_KEEP + 1))" | xargs -r rm -f --
fi
