#!/usr/bin/env bash
# One-time machine set-up for the tests: a JDK 17+ and Maven must exist. Idempotent; safe to run again.
set -euo pipefail
need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
# Node.js and npm for the application tests of ./harness run --app (AppRunNodeTest), which fail without them.
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
# Headless Chromium for the report's browser test (ReportBrowserIT); without it that test skips.
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || need+=(chromium)
# python3 for ci/speed-targets-only.py (the containers step reads its result files with it).
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: please install: ${need[*]}" >&2; exit 2; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
