#!/bin/sh
# Builds sladsl.vsix with @vscode/vsce from the npm registry (run from anywhere).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm test
npx vsce package --out sladsl.vsix
echo "built $(pwd)/sladsl.vsix; install it with: code --install-extension $(pwd)/sladsl.vsix"
