#!/usr/bin/env bash
# Builds the Teams app package (manifest.json + two icons, zipped) for your Azure Bot registration.
# Usage: deploy/teams/make-package.sh APP_ID "Organisation name" https://your.site [privacy url] [terms url]
# Writes deploy/teams/optoutbot-teams.zip; upload it in Teams (Apps → Manage your apps → Upload an app) or in the
# Teams admin center. The placeholders {{…}} of manifest.json are filled in; nothing else is changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 3 ]] || { echo "usage: $0 APP_ID \"Organisation name\" https://your.site [privacy url] [terms url]" >&2; exit 2; }
app_id=$1 org=$2 site=$3 privacy=${4:-$3} terms=${5:-$3}
[[ $app_id =~ ^[0-9a-fA-F-]{36}$ ]] || { echo "APP_ID must be the Microsoft App ID (a GUID) of your Azure Bot" >&2; exit 2; }
for url in "$site" "$privacy" "$terms"; do [[ $url == https://* ]] || { echo "Teams requires https:// urls ($url)" >&2; exit 2; }; done
command -v zip >/dev/null || { echo "zip not found (apt-get install --no-install-recommends zip)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
esc() { printf '%s' "$1" | sed -e 's/[\/&|]/\\&/g'; }
sed -e "s|{{MICROSOFT_APP_ID}}|$(esc "$app_id")|g" -e "s|{{ORGANISATION_NAME}}|$(esc "$org")|g" \
    -e "s|{{WEBSITE_URL}}|$(esc "$site")|g" -e "s|{{PRIVACY_URL}}|$(esc "$privacy")|g" -e "s|{{TERMS_URL}}|$(esc "$terms")|g" \
    "$here/manifest.json" > "$work/manifest.json"
cp "$here/color.png" "$here/outline.png" "$work/"
rm -f "$here/optoutbot-teams.zip"
(cd "$work" && zip -q -X "$here/optoutbot-teams.zip" manifest.json color.png outline.png)
echo "wrote $here/optoutbot-teams.zip"
