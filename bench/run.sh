#!/usr/bin/env bash
# Benchmarks `dlm get` side by side with curl, wget, wget2, aria2c and axel against an nginx of its
# own on loopback (and, for S4, across a 50 ms round-trip link between two network namespaces).
#
#   bench/run.sh                      # S1-S4, 5 interleaved runs each (takes a while)
#   bench/run.sh --quick              # smaller files, 2 runs: a smoke check in about a minute
#   bench/run.sh --runs 9 --scenarios S1,S4 --tools dlm,curl,aria2c
#   bench/run.sh --https --scenarios S1,S3 --tools dlm,dlm-h1,curl   # TLS + HTTP/2 nginx
#   bench/run.sh --compare ../old --scenarios S3 --tools dlm,dlm-base  # A/B of two checkouts
#
# Scenarios:  S1  one 1 GiB file, unthrottled
#             S2  one 512 MiB file, nginx limit_rate 16m per connection
#             S3  1,000 files of 64 KiB through an input file (-i), 16 at a time
#             S4  one 256 MiB file over a 50 ms round trip (needs root: namespaces + TUN delay line)
# --https: nginx serves TLS (throw-away self-signed certificate; every tool runs with its
# "insecure" flag) with HTTP/2 offered in ALPN; the tool dlm-h1 is dlm with --http1.1.
# --compare DIR: the tool dlm-base is the ./dlm of another checkout DIR (say, a `git worktree` of
# an older commit), run exactly like dlm, so --tools dlm,dlm-base measures a change A/B.
# Each run starts from an empty download directory and a fresh dlm home; tools run interleaved
# (A, B, C, A, B, C, ...). Results (raw CSV, logs, Markdown table) go to bench/results/<timestamp>/.
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
. "$bench/lib.sh"
runs=""
quick=false
scenarios="S1,S2,S3,S4"
tools_override=""
results=""
https=false
compare=""
usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --quick) quick=true; shift ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --tools) tools_override=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --https) https=true; shift ;;
    --compare) compare=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

MiB=$((1024 * 1024))
if [ "$quick" = true ]; then
  runs=${runs:-2}; s1_bytes=$((128 * MiB)); s2_bytes=$((64 * MiB)); s3_files=100; s4_bytes=$((32 * MiB))
else
  runs=${runs:-5}; s1_bytes=$((1024 * MiB)); s2_bytes=$((512 * MiB)); s3_files=1000; s4_bytes=$((256 * MiB))
fi
s3_file_bytes=$((64 * 1024))
s2_rate=16m
s4_one_way_ms=25

work="$bench/scratch"
results=${results:-"$bench/results/$(date -u +%Y%m%dT%H%M%SZ)$([ "$quick" = true ] && echo -quick || true)"}
data="$work/data"
mkdir -p "$work" "$data" "$results/logs"
results=$(cd "$results" && pwd) # runs happen in the download directory
raw="$results/raw.csv"
echo "scenario,tool,run,wall_s,user_s,sys_s,max_rss_kib,bytes,status,load1" >"$raw"


# ---------------------------------------------------------------- tools
declare -A tool_package=([curl]=curl [wget]=wget [wget2]=wget2 [aria2c]=aria2 [axel]=axel)
need_packages=()
for cmd in curl wget wget2 aria2c axel; do
  command -v "$cmd" >/dev/null 2>&1 || need_packages+=("${tool_package[$cmd]}")
done
[ -x /usr/bin/time ] || need_packages+=(time)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_packages+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${need_packages[*]}"
    policy=/usr/sbin/policy-rc.d; made_policy=false
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; made_policy=true; fi
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${need_packages[@]}" >/dev/null
    [ "$made_policy" = true ] && rm -f "$policy"
  else
    say "missing (install them as root: apt-get install ${need_packages[*]}); their tools are skipped"
  fi
fi
[ -x /usr/bin/time ] || { say "GNU time (/usr/bin/time, package time) is required"; exit 2; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { say "nginx is required (package nginx-light)"; exit 2; }
command -v python3 >/dev/null 2>&1 || { say "python3 is required"; exit 2; }

# dlm runs through ./dlm, exactly as a user runs it (its JDK lookup, staleness check, JVM flags and
# AOT cache included); JVM start-up is counted, as it is for any user. A first untimed download
# (after nginx is up) builds the jar when stale and lets ./dlm train its AOT caches, as a user's
# first command does.
. "$root/scripts/find-jdk.sh"
have_dlm=false
dlm_found_jdk=false
if dlm_find_jdk; then dlm_found_jdk=true; fi


# ---------------------------------------------------------------- data
# Deterministic pseudo-random bytes (AES-128-CTR keystream of a fixed key), cached across runs.
generate() { # name bytes
  local file="$data/$1" bytes=$2
  if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -ne "$bytes" ] || [ ! -f "$file.sha256" ]; then
    say "generating $1 ($((bytes / MiB)) MiB)"
    keystream 646c6d2d62656e63682d736565642d31 | head -c "$bytes" >"$file"
    sha256sum "$file" | cut -d' ' -f1 >"$file.sha256"
  fi
}
s1_name="s1-$((s1_bytes / MiB))M.bin"
s2_name="s2-$((s2_bytes / MiB))M.bin"
s4_name="s4-$((s4_bytes / MiB))M.bin"
s3_dir="s3-${s3_files}x64K"
IFS=, read -r -a scenario_list <<<"$scenarios"
for s in "${scenario_list[@]}"; do
  case "$s" in
    S1) generate "$s1_name" "$s1_bytes" ;;
    S2) generate "$s2_name" "$s2_bytes" ;;
    S4) generate "$s4_name" "$s4_bytes" ;;
    S3)
      if [ "$(find "$data/$s3_dir" -name '*.bin' 2>/dev/null | wc -l)" -ne "$s3_files" ]; then
        say "generating $s3_files files of 64 KiB"
        rm -rf "${data:?}/$s3_dir" && mkdir -p "$data/$s3_dir"
        keystream 646c6d2d62656e63682d736565642d33 | head -c $((s3_files * s3_file_bytes)) |
          split -b "$s3_file_bytes" -d -a 4 --additional-suffix=.bin - "$data/$s3_dir/f"
      fi ;;
    *) say "unknown scenario $s"; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- servers
pids_to_stop=()
namespaces=()
cleanup() {
  local pid ns
  for pid in "${pids_to_stop[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for ns in "${namespaces[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# With --https every nginx listens with TLS and HTTP/2 (a certificate made once per run).
scheme=http
tls_lines=""
if [ "$https" = true ]; then
  scheme=https
  mkdir -p "$work/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,IP:10.254.77.2,DNS:localhost" \
    -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null
  tls_lines="ssl_certificate $work/tls/cert.pem; ssl_certificate_key $work/tls/key.pem;"
fi

# start_nginx NAME LISTEN_ADDR:PORT [NETNS] — serves $data at / and at /slow/ (limit_rate).
start_nginx() {
  local name=$1 listen=$2 netns=${3:-} dir="$work/nginx-$1"
  rm -rf "$dir" && mkdir -p "$dir/temp"
  cat >"$dir/nginx.conf" <<CONF
$([ "$(id -u)" -eq 0 ] && echo 'user root root;')
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  server {
    listen $listen$([ "$https" = true ] && echo ' ssl http2');
    $tls_lines
    root $data;
    location / { }
    location /slow/ { alias $data/; limit_rate $s2_rate; }
  }
}
CONF
  local prefix=()
  [ -n "$netns" ] && prefix=(ip netns exec "$netns")
  "${prefix[@]}" "$nginx_bin" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' \
    >"$dir/stderr" 2>&1 &
  local pid=$!
  pids_to_stop+=("$pid")
  local i
  for i in $(seq 1 100); do
    if "${prefix[@]}" curl -sk -o /dev/null "$scheme://$listen/"; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  say "nginx $name did not start: $(cat "$dir/stderr" "$dir/error.log" 2>/dev/null)"
  exit 1
}

# S4's link: two namespaces joined by a TUN device in each, bridged by the user-space delay line.
s4_client_ns=""
start_delayed_link() {
  local tag=$$ srv cli
  cli="dlm-bench-cli-$tag"; srv="dlm-bench-srv-$tag"
  ip netns add "$cli"; namespaces+=("$cli")
  ip netns add "$srv"; namespaces+=("$srv")
  ip -n "$cli" link set lo up
  ip -n "$srv" link set lo up
  ip -n "$cli" tuntap add dev dlmb0 mode tun
  ip -n "$srv" tuntap add dev dlmb1 mode tun
  ip -n "$cli" addr add 10.254.77.1 peer 10.254.77.2 dev dlmb0
  ip -n "$srv" addr add 10.254.77.2 peer 10.254.77.1 dev dlmb1
  ip -n "$cli" link set dlmb0 mtu 65000 up
  ip -n "$srv" link set dlmb1 mtu 65000 up
  rm -f "$work/delayline.ready"
  python3 "$bench/delayline.py" --delay-ms "$s4_one_way_ms" --ready "$work/delayline.ready" \
    "$cli:dlmb0" "$srv:dlmb1" 2>"$results/logs/delayline.log" &
  pids_to_stop+=("$!")
  local i
  for i in $(seq 1 100); do [ -f "$work/delayline.ready" ] && break; sleep 0.05; done
  [ -f "$work/delayline.ready" ] || { say "the delay line did not start: $(cat "$results/logs/delayline.log")"; exit 1; }
  start_nginx s4 10.254.77.2:8080 "$srv"
  s4_client_ns=$cli
  local rtt
  rtt=$(ip netns exec "$cli" curl -sk -o /dev/null -w '%{time_connect}' "$scheme://10.254.77.2:8080/")
  say "S4 link up: TCP connect takes ${rtt}s (one round trip)"
  echo "$rtt" >"$results/s4-connect-seconds"
}

# ---------------------------------------------------------------- running one tool once
out="$work/download"
# command_for SCENARIO TOOL URL NAME LIST — sets cmd=( ... ); returns 1 when the tool does not apply.
command_for() {
  command_for_scheme "$@" || return 1
  if [ "$https" = true ]; then
    case "$2" in
      dlm*) cmd=("${cmd[0]}" "${cmd[1]}" -k "${cmd[@]:2}") ;;
      curl|axel) cmd=("${cmd[0]}" -k "${cmd[@]:1}") ;;
      wget) cmd+=(--no-check-certificate) ;;
      wget2) cmd+=(--check-certificate=off) ;;
      aria2c) cmd+=(--check-certificate=false) ;;
    esac
  fi
}
command_for_scheme() {
  local scenario=$1 tool=$2 url=$3 name=$4 list=$5
  if [ "$scenario" = S3 ]; then
    case "$tool" in
      dlm) cmd=("$root/dlm" get -q -j 16 -d "$out" -i "$list") ;;
      dlm-h1) cmd=("$root/dlm" get --http1.1 -q -j 16 -d "$out" -i "$list") ;;
      dlm-base) cmd=("$compare/dlm" get -q -j 16 -d "$out" -i "$list") ;;
      curl) cmd=(curl -sS -Z --parallel-max 16 --output-dir "$out" --remote-name-all -K "$list.curl") ;;
      wget2) cmd=(wget2 -q --no-hsts --max-threads=16 -P "$out" -i "$list") ;;
      aria2c) cmd=(aria2c -q -j16 --allow-overwrite=true -d "$out" -i "$list") ;;
      *) return 1 ;;
    esac
    return 0
  fi
  case "$tool" in
    dlm) cmd=("$root/dlm" get -q -d "$out" "$url") ;;
    dlm-h1) cmd=("$root/dlm" get --http1.1 -q -d "$out" "$url") ;;
    dlm-base) cmd=("$compare/dlm" get -q -d "$out" "$url") ;;
    curl) cmd=(curl -sS -o "$out/$name" "$url") ;;
    wget) cmd=(wget -q -O "$out/$name" "$url") ;;
    wget2) cmd=(wget2 -q --no-hsts -O "$out/$name" "$url") ;;
    aria2c) cmd=(aria2c -q -x16 -s16 -k1M --allow-overwrite=true -d "$out" -o "$name" "$url") ;;
    axel) cmd=(axel -q -n 16 -o "$out/$name" "$url") ;;
    *) return 1 ;;
  esac
}

# measure SCENARIO TOOL RUN NETNS EXPECTED_BYTES CHECK — runs cmd under GNU time, appends to raw.csv.
measure() {
  local scenario=$1 tool=$2 run=$3 netns=$4 expected=$5 check=$6
  local log="$results/logs/$scenario-$tool-$run.log" tf="$work/time.out"
  local home="$work/home" status=ok rc load
  rm -rf "$out" "$home" && mkdir -p "$out" "$home"
  sync
  load=$(cut -d' ' -f1 /proc/loadavg)
  local prefix=()
  [ -n "$netns" ] && prefix=(ip netns exec "$netns")
  echo "\$ ${cmd[*]}" >"$log"
  set +e
  (cd "$out" && DLM_HOME="$home" "${prefix[@]}" /usr/bin/time -f '%e %U %S %M' -o "$tf" "${cmd[@]}" >>"$log" 2>&1 </dev/null)
  rc=$?
  set -e
  local wall user sys rss
  read -r wall user sys rss < <(tail -n 1 "$tf")
  local got
  got=$(find "$out" -type f ! -name '*.aria2' ! -name '*.st' ! -name '*.part' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  if [ "$rc" -ne 0 ]; then
    status="exit-$rc"
  elif [ "$got" -ne "$expected" ]; then
    status="bytes-$got"
  elif [ -n "$check" ] && [ "$run" -eq 1 ]; then
    # The first run of every tool is checked byte for byte (kept out of the timing).
    if [ "$scenario" = S3 ]; then
      (cd "$out" && sha256sum --quiet -c "$data/$s3_dir.sha256sums") >>"$log" 2>&1 || status=corrupt
    else
      [ "$(sha256sum "$out"/* | head -n 1 | cut -d' ' -f1)" = "$check" ] || status=corrupt
    fi
  fi
  echo "$scenario,$tool,$run,$wall,$user,$sys,$rss,$expected,$status,$load" >>"$raw"
  printf 'bench: %-3s run %d/%d %-7s %7.2f s  %s\n' "$scenario" "$run" "$runs" "$tool" "$wall" "$status" >&2
  rm -rf "$out" "$home"
}

# A tool that is installed but cannot do one download is reported once and left out of the rest.
scenario() { # NAME NETNS URL FILE_NAME EXPECTED_BYTES CHECK LIST TOOLS...
  local name=$1 netns=$2 url=$3 file=$4 expected=$5 check=$6 list=$7
  shift 7
  local wanted=("$@") tools=() tool run
  [ -n "$tools_override" ] && IFS=, read -r -a wanted <<<"$tools_override"
  for tool in "${wanted[@]}"; do
    if ! available "${tool%%-*}" || { [ "$tool" = dlm-base ] && [ -z "$compare" ]; }; then say "$name: $tool is not installed, skipped"; continue; fi
    command_for "$name" "$tool" "$url" "$file" "$list" || { say "$name: $tool does not apply"; continue; }
    tools+=("$tool")
  done
  say "$name: ${tools[*]} x $runs runs"
  for run in $(seq 1 "$runs"); do
    for tool in "${tools[@]}"; do
      command_for "$name" "$tool" "$url" "$file" "$list"
      measure "$name" "$tool" "$run" "$netns" "$expected" "$check"
    done
  done
}

# ---------------------------------------------------------------- local server, dlm warm-up
port=$(free_port)
start_nginx local "127.0.0.1:$port"
base="$scheme://127.0.0.1:$port"
if [ "$dlm_found_jdk" = true ]; then
  generate warmup-1M.bin $((1 * MiB))
  rm -rf "$work/warmup" && mkdir -p "$work/warmup"
  if DLM_HOME="$work/warmup/home" "$root/dlm" get -q $([ "$https" = true ] && echo -k) -d "$work/warmup" "$base/warmup-1M.bin" >"$results/logs/dlm-warmup.log" 2>&1; then
    have_dlm=true
  else
    say "dlm could not download a first file (see $results/logs/dlm-warmup.log); dlm is skipped"
  fi
  if [ -n "$compare" ] && ! DLM_HOME="$work/warmup/home-base" "$compare/dlm" get -q $([ "$https" = true ] && echo -k) -d "$work/warmup" -o base.bin "$base/warmup-1M.bin" >"$results/logs/dlm-base-warmup.log" 2>&1; then
    say "the dlm of $compare could not download a first file (see $results/logs/dlm-base-warmup.log)"
    exit 1
  fi
  rm -rf "$work/warmup"
fi

# ---------------------------------------------------------------- machine
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel=$(uname -r)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "tcp_congestion=$(cat /proc/sys/net/ipv4/tcp_congestion_control)"
  echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "runs=$runs"
  echo "quick=$quick"
  echo "java=$([ "$have_dlm" = true ] && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "jvm_command=$(sed -n '/^exec /,/[^\\]$/p' "$root/dlm" | tr -s ' \\\n' ' ')"
  echo "nginx=$("$nginx_bin" -v 2>&1 | sed 's/.*: //')"
  for t in curl wget wget2 aria2c axel; do
    command -v "$t" >/dev/null 2>&1 && echo "$t=$("$t" --version 2>&1 | grep -m 1 -iE "$t|version" | head -c 100)"
  done
  if [ "$have_dlm" = true ]; then echo "dlm_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; fi
} >"$results/machine.txt"

all_tools=(dlm curl wget wget2 aria2c axel)
for s in "${scenario_list[@]}"; do
  case "$s" in
    S1) scenario S1 "" "$base/$s1_name" "$s1_name" "$s1_bytes" "$(cat "$data/$s1_name.sha256")" "" "${all_tools[@]}" ;;
    S2) # Single-stream tools are held at 16 MiB/s by construction (32 s a run at full size): not run by default.
        scenario S2 "" "$base/slow/$s2_name" "$s2_name" "$s2_bytes" "$(cat "$data/$s2_name.sha256")" "" dlm aria2c axel ;;
    S3)
      list="$work/s3-urls.txt"
      find "$data/$s3_dir" -name '*.bin' -printf '%f\n' | sort | sed "s#^#$base/$s3_dir/#" >"$list"
      sed 's/.*/url = "&"/' "$list" >"$list.curl"
      (cd "$data/$s3_dir" && sha256sum -- *.bin >"$data/$s3_dir.sha256sums")
      scenario S3 "" "" "" $((s3_files * s3_file_bytes)) yes "$list" dlm curl wget2 aria2c ;;
    S4)
      if [ "$(id -u)" -ne 0 ]; then say "S4 needs root (network namespaces and TUN devices); skipped"; continue; fi
      start_delayed_link
      # wget's single stream stalls over this link (17 s to 300 s a run, not investigated): not run
      # by default, or S4 would take longer than everything else together.
      scenario S4 "$s4_client_ns" "$scheme://10.254.77.2:8080/$s4_name" "$s4_name" "$s4_bytes" "$(cat "$data/$s4_name.sha256")" "" dlm curl wget2 aria2c axel ;;
  esac
done
echo "load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"

python3 "$bench/summarize.py" "$results" >"$results/results.md"
cat "$results/results.md"
say "results in $results"
