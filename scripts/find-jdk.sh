# Sourced by ./dlm, ./build, .ci/run and bench/: sets JAVA_HOME to a JDK >= 25.
# Order: JAVA_HOME, then `java` on PATH, then the system's JVM directories.
# The machine's default java may be older (17), so each candidate's version is checked.

dlm_java_major() {
  # The JDK's `release` file names its version without starting a JVM; ask the JVM only if it is missing.
  local version=""
  if [ -f "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$version"
}

dlm_find_jdk() {
  local want=25 candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(dlm_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "dlm: no JDK $want or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  echo "dlm: install one (for example Temurin 25) or point JAVA_HOME at it." >&2
  return 1
}
