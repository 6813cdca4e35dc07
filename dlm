#!/usr/bin/env bash
# Runs dlm from this checkout: finds a JDK 25, builds the runnable jar when it is missing or older
# than the sources, then runs it with the given arguments.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$root/scripts/find-jdk.sh"
dlm_find_jdk
jar="$root/dlm-cli/target/dlm.jar"
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root" -path "$root/bench" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  echo "dlm: building (first run or sources changed)..." >&2
  if ! "$root/mvnw" -f "$root/pom.xml" -q -B -DskipTests -Denforcer.skip=false -pl dlm-cli -am package >"${TMPDIR:-/tmp}/dlm-build.log" 2>&1; then
    echo "dlm: the build failed; see ${TMPDIR:-/tmp}/dlm-build.log" >&2
    exit 2
  fi
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss512k -jar "$jar" "$@"
