#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<NAME>/migration.sql with the SQL that takes the last
# committed schema to the current one, and the same for PostgreSQL under prisma/postgres/migrations. `prisma migrate dev` needs a shadow database engine that
# these machines cannot download, so the diff is computed between two schema files instead.
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh NAME}
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# `migrate diff` opens the config's adapter database; a scratch one, so it works without data/ and
# never touches the real database
export DATABASE_URL="file:$tmp/diff.db"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
if git cat-file -e HEAD:prisma/schema.prisma 2>/dev/null && [ -d prisma/migrations ] && ls prisma/migrations/*/migration.sql >/dev/null 2>&1; then
  git show HEAD:prisma/schema.prisma > "$tmp/prev.prisma"
  from=(--from-schema-datamodel "$tmp/prev.prisma")
else
  from=(--from-empty)
fi
mkdir -p "$dir"
node_modules/.bin/prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
[ -f prisma/migrations/migration_lock.toml ] || printf '# Managed by scripts/new-migration.sh\nprovider = "sqlite"\n' > prisma/migrations/migration_lock.toml
echo "wrote $dir/migration.sql"

# The same change for PostgreSQL: regenerate its schema from the SQLite one, diff it against the
# last committed one, and write the SQL that scripts/pg-migrate.mjs applies.
node scripts/pg-schema.mjs
pgdir="prisma/postgres/migrations/$(basename "$dir")"
git show HEAD:prisma/postgres/schema.prisma > "$tmp/prev-pg.prisma"
mkdir -p "$pgdir"
node_modules/.bin/prisma migrate diff --config prisma/postgres/prisma.config.ts \
  --from-schema-datamodel "$tmp/prev-pg.prisma" --to-schema-datamodel prisma/postgres/schema.prisma --script \
  | grep -v '^Loaded Prisma config' > "$pgdir/migration.sql"
echo "wrote $pgdir/migration.sql"
