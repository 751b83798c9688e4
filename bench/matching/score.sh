#!/usr/bin/env bash
# Measures topic matching on a set of phrasings: expected topic (or "-" for out of scope) TAB question.
# Usage: bench/matching/score.sh [file.tsv]   (default: bench/matching/devset.tsv) — run from the repository root.
set -euo pipefail
set_file=${1:-bench/matching/devset.tsv}
here=$(cd "$(dirname "$0")" && pwd)
cut -f2 "$set_file" | dotnet run -c Release --project src/OptOutBot -- ask --json 2>/dev/null | python3 "$here/score.py" "$set_file"
