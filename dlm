#!/usr/bin/env bash
# Runs dlm from this checkout: finds a JDK 25, builds the runnable jar when it is missing or older
# than the sources, trains the JVM's ahead-of-time cache for that jar, then runs it with the given
# arguments.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$root/scripts/find-jdk.sh"
dlm_find_jdk
java="$JAVA_HOME/bin/java"
target="$root/dlm-cli/target"
jar="$target/dlm.jar"
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root" \( -name target -o -name .git -o -path "$root/bench" \) -prune -o \
    \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  echo "dlm: building (first run or sources changed)..." >&2
  log="${TMPDIR:-/tmp}/dlm-build.log"
  if ! "$root/mvnw" -f "$root/pom.xml" -q -B -DskipTests -pl dlm-cli -am package >"$log" 2>&1; then
    echo "dlm: the build failed; see $log" >&2
    exit 2
  fi
fi

# JVM flags, measured in docs/architecture.md ("Start-up"):
# - SerialGC: one GC thread and the smallest footprint; dlm allocates little per byte.
# - -Xmn8m: a small young generation lets start-up garbage (migrations, the HTTP client, option
#   parsing) be collected instead of staying resident: peak RSS ~130 -> under 100 MiB, same speed.
# - -Xmx256m: a default maximum (a quarter of RAM) lets per-packet garbage (MINA SSHD's SFTP
#   buffers) grow past a gigabyte; 256 MiB holds 100 downloads of 16 connections with room to spare.
# - -XX:TieredStopAtLevel is NOT set: C1-only code hashes at half speed (S1: 4.4 -> 11.2 s of CPU).
# - -XX:UserThreadWaitAttemptsAtExit=0: at exit the JVM otherwise waits up to 300 ms for threads
#   blocked in native code, and the JDK's virtual-thread I/O poller always is (in epoll_wait) once
#   any socket was used: every `dlm get` ended 0.25-0.33 s after its last byte and message. dlm has
#   finished its work before it exits (files forced and renamed, the store closed), so nothing is
#   lost by not waiting: a 1 MiB FTP get 1.07-1.10 -> 0.81-0.90 s.
base=(-XX:+UseSerialGC -Xmn8m -Xmx256m -XX:UserThreadWaitAttemptsAtExit=0)

# The command the arguments name, after --home DIR and --debug.
command=""
skip=false
for arg in "$@"; do
  if [ "$skip" = true ]; then skip=false; continue; fi
  case "$arg" in
    --home) skip=true ;;
    --home=* | --debug) ;;
    *) command=$arg; break ;;
  esac
done
# - -XX:CompileThresholdScaling: the JIT compiles only methods that many times hotter than by
#   default, so runs stop paying for compiling code they execute a few hundred times. 10 for every
#   command but `get`: dlm ls 2.1 -> 1.3 s of CPU, --version 0.69 -> 0.43 s, idle daemon VmRSS
#   ~105-129 -> 95 MiB. 4 for `get`, whose hot loops still compile early enough (3 interleaved runs,
#   load 3.5-4.5: 1 GiB user CPU 2.65-3.29 -> 2.27-2.78 s at the same wall time; 1,000 x 64 KiB with
#   -j 16 wall 3.97-4.23 -> 3.71-3.99 s, peak RSS 109-112 -> 101 MiB); 10 made that batch slower
#   (8.0 -> 10.1 s of CPU) because its per-file code then runs interpreted longer.
#   An SFTP `get` runs C2 alone (-XX:-TieredCompilation) at half the default threshold instead: its
#   per-packet path (MINA's decode, the JDK's AES-GCM) runs about 32,000 times per GiB, so with 4 it
#   stayed in C1 code, where GHASH runs as plain Java instead of the CPU's carry-less multiply, for
#   most of a 1 GiB download, and with tiered compilation at any threshold the one C2 thread's queue
#   kept it waiting. 1 GiB: 20.9 CPU s with 4, 11-17 tiered at 1, 9.3-10.6 with these (interleaved
#   runs, load 3-10); a 1 MiB download 1.75 -> 1.97 CPU s against tiered at 1, the same wall time.
#   The JDK's AES-GCM classes compile at a twentieth of that: the GHASH intrinsic replaces its Java
#   loop only inside compiled callers, so until the per-packet callers compiled (about 5,000
#   packets, 150 MiB) GHASH ran as interpreted Java, a second of samples in a JFR profile. 1 GiB, 8
#   alternating runs: 8.91 -> 8.65 s, 9.9 -> 9.5 CPU s (medians).
#   A batch (-r, or a list with -i) keeps tiered compilation, at the default threshold: its per-file
#   code runs a few thousand times, which C1 compiles early and C2 alone would leave interpreted
#   (1,000 x 64 KiB with -r: 11.1 CPU s with 4, 10.4 tiered at 1, 12.8 with the single-file flags;
#   docs/protocols/sftp.md, "Measurements").
# - An https:// get of one file: the default threshold (1). Like SFTP's, its per-record path (the
#   JDK's AES-GCM over 16 KiB TLS records, 65,536 per GiB) stays in C1 code, GHASH as plain Java,
#   for most of a large transfer at 4 (1 GiB over TLS from loopback nginx, 4 interleaved runs: 11.28
#   -> 8.66 s, 18.1 -> 13.7 CPU s/GiB). A batch keeps 4: 1,000 x 64 KiB over TLS took 5.62 s /
#   108 MiB at 4 and 6.53 s / 125 MiB at 1.
https_jit=(-XX:CompileThresholdScaling=1)
lazy_jit=(-XX:CompileThresholdScaling=10)
get_jit=(-XX:CompileThresholdScaling=4)
sftp_jit=(-XX:-TieredCompilation -XX:CompileThresholdScaling=0.5
  -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.05)
sftp_batch_jit=(-XX:CompileThresholdScaling=1)
# - -XX:TrimNativeHeapInterval=5000 for the daemon: every 5 s the JVM hands the C heap's free memory
#   back to the system, which the compiler threads' bursts otherwise leave behind (idle VmRSS
#   103-128 -> 96-103 MiB in 6 runs each; no change in API latency; docs/daemon.md).
daemon_trim=(-XX:TrimNativeHeapInterval=5000)

# The AOT cache (JDK 25, JEPs 483/514/515): the classes of real commands, loaded and linked, and
# their method profiles, mapped at start-up instead of being found, parsed, verified and profiled
# again on every run. dev.dlm.cli.training.Training makes four per jar, because the JVM loads every
# class of its cache at start-up: one from real `dlm get`s of local files from an HTTP server of its
# own, one from `dlm get`s over TLS from an HTTPS server of its own (HTTP/2 and HTTP/1.1; for a `get`
# naming an https:// URL: TLS and HTTP/2 cost a plain HTTP download ~0.1 s of CPU and ~9 MiB), one
# from `dlm get`s from an SFTP server of its own (for a `get` naming an sftp:// URL: the SSH
# client's ~1,000 classes would cost every HTTP download ~0.1 s of CPU and ~9 MiB), one from a daemon
# driven by the client commands (for `daemon`, `add`, `ls` and the rest). A key file names the jar,
# the JDK and the JVM flags they were made with, so a rebuilt jar, a moved checkout, another JDK or
# changed flags train again. A
# missing, stale or unusable cache only costs start-up time: the JVM then runs without one, and its
# notes about that stay off the terminal (-Xlog:aot=off, -Xlog:cds=off; the JVM's default is to
# print them on stdout; its other warnings still go to stderr).
key="$JAVA_HOME $jar ${base[*]} ${get_jit[*]} ${sftp_jit[*]} ${lazy_jit[*]}"
quiet_aot=(-Xlog:disable -Xlog:all=warning:stderr -Xlog:aot=off:stderr -Xlog:cds=off:stderr)
train() { # train NAME JVM-FLAGS...: writes $target/dlm-NAME.aot, or nothing if the training fails
  local name=$1
  shift
  local aot="$target/dlm-$name.aot" tmp="$target/dlm-$name.aot.$$.tmp"
  local log="${TMPDIR:-/tmp}/dlm-aot-$name.log"
  rm -f "$aot"
  # Without SSH_AUTH_SOCK: the SFTP training logs in with a key of its own, never the user's agent.
  if env -u SSH_AUTH_SOCK "$java" "$@" -XX:AOTCacheOutput="$tmp" "${quiet_aot[@]}" \
      -cp "$jar" dev.dlm.cli.training.Training "$name" >"$log" 2>&1 && [ -f "$tmp" ]; then
    mv -f "$tmp" "$aot"
  else
    echo "dlm: could not prepare the start-up cache (see $log); dlm runs without it" >&2
  fi
  rm -f "$tmp" "$tmp.config"
}
if [ ! -f "$target/dlm.aot.key" ] || [ "$jar" -nt "$target/dlm.aot.key" ] ||
    [ "$(cat "$target/dlm.aot.key")" != "$key" ]; then
  echo "dlm: preparing the start-up caches (once per build)..." >&2
  train get "${base[@]}" "${get_jit[@]}"
  train https "${base[@]}" "${get_jit[@]}"
  train sftp "${base[@]}" "${sftp_jit[@]}"
  train daemon "${base[@]}" "${lazy_jit[@]}"
  # Written even when a training failed: run without that cache until the jar changes rather
  # than train again on every command.
  echo "$key" >"$target/dlm.aot.key"
fi
case "$command" in
  get)
    jvm=("${base[@]}" "${get_jit[@]}") aot="$target/dlm-get.aot"
    # The URLs on the command line and in an input file (-i FILE) pick the cache: an sftp:// URL
    # the SFTP one (and its JIT flags; -r or an input file makes it a batch), else an https:// URL
    # the HTTPS one.
    schemes="" list=false batch=false
    for arg in "$@"; do
      if [ "$list" = true ] && [ -f "$arg" ]; then schemes+=" $(grep -o -E '(sftp|https)://' "$arg" | sort -u || true)"; fi
      list=false
      case "$arg" in
        sftp://* | https://*) schemes+=" ${arg%%://*}://" ;;
        -i | --input-file) list=true batch=true ;;
        --input-file=*) batch=true
          if [ -f "${arg#*=}" ]; then schemes+=" $(grep -o -E '(sftp|https)://' "${arg#*=}" | sort -u || true)"; fi ;;
        --recursive) batch=true ;;
        -*) if [[ "$arg" =~ ^-[a-zA-Z]*r[a-zA-Z]*$ ]]; then batch=true; fi ;;
      esac
    done
    case "$schemes" in
      *sftp://*)
        aot="$target/dlm-sftp.aot"
        if [ "$batch" = true ]; then jvm=("${base[@]}" "${sftp_batch_jit[@]}"); else jvm=("${base[@]}" "${sftp_jit[@]}"); fi
        ;;
      *https://*)
        aot="$target/dlm-https.aot"
        if [ "$batch" = false ]; then jvm=("${base[@]}" "${https_jit[@]}"); fi
        ;;
    esac
    ;;
  daemon) jvm=("${base[@]}" "${lazy_jit[@]}" "${daemon_trim[@]}") aot="$target/dlm-daemon.aot" ;;
  *) jvm=("${base[@]}" "${lazy_jit[@]}") aot="$target/dlm-daemon.aot" ;;
esac

exec "$java" "${jvm[@]}" -XX:AOTCache="$aot" "${quiet_aot[@]}" -jar "$jar" "$@"
