#!/usr/bin/env bash
# Starts Forewarn on the embedded default: SQLite in ./data, the built-in development mailbox, and the bundled
# sample inventory imported on first start. Open http://127.0.0.1:5080 . Extra arguments go to `forewarn serve`
# (e.g. --urls http://127.0.0.1:8080). Idempotent: run it again and it picks up the same data.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (dotnet on PATH); this machine image normally has it." >&2
  exit 1
fi
export Forewarn__DataDirectory=${Forewarn__DataDirectory:-$(pwd)/data}
dotnet build src/Forewarn -c Release -nologo -v quiet
exec dotnet src/Forewarn/bin/Release/net10.0/forewarn.dll serve "$@"
