#!/usr/bin/env bash
# Zet een reservekopie van deploy/backup.sh terug: de inhoud van de database wordt
# vervangen door die van het bestand.
#
#   deploy/restore.sh --ja BESTAND
#
# Stop the app first (systemctl stop 'voordeurcheck@*'), start it again afterwards.
# Everything is restored in one transaction: when something fails, the database stays
# as it was. DATABASE_URL as for backup.sh.
set -euo pipefail

if [ "${1:-}" != "--ja" ] || [ -z "${2:-}" ]; then
  echo "Gebruik: $0 --ja BESTAND" >&2
  echo "Dit vervangt alle gegevens in de database door die uit BESTAND; --ja bevestigt dat." >&2
  exit 2
fi
file=$2
env_file=${VOORDEURCHECK_ENV:-/etc/voordeurcheck/voordeurcheck.env}
if [ -z "${DATABASE_URL:-}" ] && [ -r "$env_file" ]; then
  DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' "$env_file" | tail -n 1)
fi
if [ -z "${DATABASE_URL:-}" ]; then
  echo "Fout: geen DATABASE_URL (niet in de omgeving en niet in $env_file)." >&2
  exit 2
fi
url=${DATABASE_URL/postgresql+psycopg:/postgresql:}

if ! pg_restore --list "$file" >/dev/null 2>&1; then
  echo "Fout: $file is geen leesbare reservekopie van pg_dump; er is niets veranderd." >&2
  exit 2
fi
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$url" "$file"
echo "Teruggezet: $file"
