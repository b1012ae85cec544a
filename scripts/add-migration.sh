#!/usr/bin/env bash
# Adds an EF Core migration for both providers: scripts/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  dotnet tool run dotnet-ef migrations add "$name" --project src/Forewarn.Core --startup-project src/Forewarn.Core \
    --context "${p}ForewarnDbContext" --output-dir "Data/Migrations/$p"
done
