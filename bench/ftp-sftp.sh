#!/usr/bin/env bash
# Benchmarks `dlm get` over FTP and SFTP side by side with curl, wget, aria2c and OpenSSH's sftp,
# against a vsftpd and an sshd of its own on loopback (issue 4, section 5).
#
#   bench/ftp-sftp.sh                       # 1 GiB file, 3 interleaved runs per tool
#   bench/ftp-sftp.sh --quick               # 128 MiB file, 2 runs: a smoke check
#   bench/ftp-sftp.sh --runs 5 --protocols sftp --tools dlm,sftp
#   bench/ftp-sftp.sh --protocols sftp --tools dlm-x1,dlm-x2,sftp --variant 'x1=-x 1' --variant 'x2=-x 2'
#
# --variant NAME=ARGS adds a tool dlm-NAME: dlm with ARGS, for A/B runs interleaved with the rest.
#   In ARGS, `checkout=DIR` runs the ./dlm of another checkout (a `git worktree` of an older
#   commit: an A/B of a change, launcher flags and start-up caches included), `jar=PATH` runs that
#   dlm jar (with ./dlm's JVM flags) instead of this checkout's,
#   `-Dkey=value` and `-X...` go to the JVM, anything else is an argument of `dlm get`.
# --results DIR writes there instead of bench/results/.
#
# FTP:  dlm, curl, wget, aria2c (-x16 -s16 -k1M), all from vsftpd (anonymous, passive).
# SFTP: dlm, OpenSSH sftp (batch get), curl (when it has SFTP), all from sshd (internal-sftp, an
#       ed25519 key made for the run). Every client runs with HOME (and dlm's user.home) in a
#       directory of its own, so the real ~/.ssh is never read or written.
# Each run starts from an empty download directory and a fresh dlm home; tools run interleaved
# (A, B, C, A, B, C, ...); the first run of each tool is checked by SHA-256. Results (raw CSV, logs,
# Markdown table) go to bench/results/<timestamp>-ftp-sftp/.
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
. "$bench/lib.sh"
runs=""
quick=false
protocols="ftp,sftp"
tools_override=""
results=""
declare -A variant_args=()
usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --quick) quick=true; shift ;;
    --protocols) protocols=$2; shift 2 ;;
    --tools) tools_override=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --variant) variant_args[dlm-${2%%=*}]=${2#*=}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

MiB=$((1024 * 1024))
if [ "$quick" = true ]; then
  runs=${runs:-2}; file_bytes=$((128 * MiB))
else
  runs=${runs:-3}; file_bytes=$((1024 * MiB))
fi

work="$bench/scratch/ftp-sftp"
results=${results:-"$bench/results/$(date -u +%Y%m%dT%H%M%SZ)-ftp-sftp$([ "$quick" = true ] && echo -quick || true)"}
data="$work/data"
mkdir -p "$work" "$data" "$results/logs"
results=$(cd "$results" && pwd)
raw="$results/raw.csv"
echo "scenario,tool,run,wall_s,user_s,sys_s,max_rss_kib,bytes,status,load1" >"$raw"


# ---------------------------------------------------------------- tools
declare -A tool_package=([curl]=curl [wget]=wget [aria2c]=aria2 [sftp]=openssh-client)
need_packages=()
for cmd in curl wget aria2c sftp; do
  command -v "$cmd" >/dev/null 2>&1 || need_packages+=("${tool_package[$cmd]}")
done
[ -x /usr/bin/time ] || need_packages+=(time)
[ -x /usr/sbin/vsftpd ] || need_packages+=(vsftpd)
[ -x /usr/sbin/sshd ] || need_packages+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || need_packages+=(openssh-client)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${need_packages[*]}"
    # Keep the packages' own services from starting (we run our own servers on high ports).
    policy=/usr/sbin/policy-rc.d; made_policy=false
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; made_policy=true; fi
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${need_packages[@]}" >/dev/null
    [ "$made_policy" = true ] && rm -f "$policy"
  else
    say "missing (install them as root: apt-get install ${need_packages[*]}); what needs them is skipped"
  fi
fi
[ -x /usr/bin/time ] || { say "GNU time (/usr/bin/time, package time) is required"; exit 2; }
command -v python3 >/dev/null 2>&1 || { say "python3 is required"; exit 2; }
curl_has_sftp=false
if command -v curl >/dev/null 2>&1 && curl -V | grep -q '^Protocols:.* sftp'; then curl_has_sftp=true; fi

. "$root/scripts/find-jdk.sh"
have_dlm=false
dlm_found_jdk=false
if dlm_find_jdk; then dlm_found_jdk=true; fi


# ---------------------------------------------------------------- data
# Deterministic pseudo-random bytes (AES-128-CTR keystream of a fixed key), cached across runs.
name="ftp-sftp-$((file_bytes / MiB))M.bin"
file="$data/$name"
if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -ne "$file_bytes" ] || [ ! -f "$file.sha256" ]; then
  say "generating $name"
  keystream 646c6d2d62656e63682d736565642d34 | head -c "$file_bytes" >"$file"
  sha256sum "$file" | cut -d' ' -f1 >"$file.sha256"
fi
chmod 755 "$data"; chmod 644 "$file"
check=$(cat "$file.sha256")
warmup="$data/warmup-1M.bin"
[ -f "$warmup" ] || keystream 646c6d2d62656e63682d736565642d35 | head -c "$MiB" >"$warmup"
chmod 644 "$warmup"

# ---------------------------------------------------------------- servers
pids_to_stop=()
cleanup() {
  local pid
  for pid in "${pids_to_stop[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work/download" "$work/home" "$work/warmup"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() { # PORT PID WHAT LOG
  local i
  for i in $(seq 1 100); do
    if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1" 2>/dev/null; then
      return 0
    fi
    kill -0 "$2" 2>/dev/null || break
    sleep 0.05
  done
  say "$3 did not start: $(cat "$4" 2>/dev/null)"
  exit 1
}

# Clients' home: an ed25519 key and a known_hosts for the sshd below; HOME points here for every run.
client_home="$work/client-home"
rm -rf "$client_home" && mkdir -p "$client_home/.ssh" && chmod 700 "$client_home" "$client_home/.ssh"
key="$client_home/.ssh/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -C dlm-bench -f "$key"

ftp_port=""
start_vsftpd() {
  local dir="$work/vsftpd" pasv_min
  rm -rf "$dir" && mkdir -p "$dir"
  ftp_port=$(free_port)
  pasv_min=$((40000 + RANDOM % 20000))
  local anon_user=ftp
  id ftp >/dev/null 2>&1 || anon_user=nobody
  mkdir -p "$dir/empty"
  cat >"$dir/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$ftp_port
background=NO
seccomp_sandbox=NO
anonymous_enable=YES
no_anon_password=YES
anon_root=$data
ftp_username=$anon_user
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$pasv_min
pasv_max_port=$((pasv_min + 200))
max_clients=400
max_per_ip=200
secure_chroot_dir=$dir/empty
xferlog_enable=NO
syslog_enable=NO
vsftpd_log_file=$dir/vsftpd.log
hide_ids=YES
CONF
  /usr/sbin/vsftpd "$dir/vsftpd.conf" >"$dir/stderr" 2>&1 &
  pids_to_stop+=("$!")
  wait_port "$ftp_port" "$!" vsftpd "$dir/stderr"
}

sftp_port=""
sftp_user=$(id -un)
start_sshd() {
  local dir="$work/sshd"
  rm -rf "$dir" && mkdir -p "$dir" && chmod 700 "$dir"
  sftp_port=$(free_port)
  ssh-keygen -q -t ed25519 -N '' -C dlm-bench-host -f "$dir/host_ed25519"
  cp "$key.pub" "$dir/authorized_keys" && chmod 600 "$dir/authorized_keys"
  cat >"$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
PidFile none
UsePAM no
PermitRootLogin prohibit-password
AllowUsers $sftp_user
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
Subsystem sftp internal-sftp
ForceCommand internal-sftp
MaxSessions 64
MaxStartups 100:30:200
LogLevel ERROR
CONF
  [ "$(id -u)" -eq 0 ] && mkdir -p /run/sshd
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" -p "$sftp_port" >"$dir/stderr" 2>&1 &
  pids_to_stop+=("$!")
  wait_port "$sftp_port" "$!" sshd "$dir/stderr"
  echo "[127.0.0.1]:$sftp_port $(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" >"$client_home/.ssh/known_hosts"
}

IFS=, read -r -a protocol_list <<<"$protocols"
for p in "${protocol_list[@]}"; do
  case "$p" in
    ftp) start_vsftpd ;;
    sftp) start_sshd ;;
    *) say "unknown protocol $p"; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- running one tool once
out="$work/download"
# Every client sees the bench's home, and no SSH agent. dlm is also given the key and known_hosts
# explicitly; its JVM takes user.home from the password database, not HOME, hence -Duser.home too.
client_env=(env -u SSH_AUTH_SOCK HOME="$client_home" JAVA_TOOL_OPTIONS="-Duser.home=$client_home")
# A jar=PATH variant: that jar with ./dlm's heap and exit flags and a class-data archive beside it.
jar_dlm() {
  printf '%s\n' "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmn8m -Xmx256m -XX:UserThreadWaitAttemptsAtExit=0 \
    -XX:SharedArchiveFile="$1.jsa" -XX:+AutoCreateSharedArchive -Xlog:disable -jar "$1"
}
sftp_batch="$work/sftp-batch"
# command_for PROTOCOL TOOL HOME — sets cmd=( ... ); returns 1 when the tool does not apply.
command_for() {
  local protocol=$1 tool=$2 home=$3
  local dlm=("$root/dlm") extra=() word
  variant_jvm=""
  if [[ "$tool" == dlm-* ]]; then
    [ -n "${variant_args[$tool]+set}" ] || return 1
    for word in ${variant_args[$tool]}; do
      case "$word" in
        jar=*) mapfile -t dlm < <(jar_dlm "${word#jar=}") ;;
        checkout=*) dlm=("${word#checkout=}/dlm") ;;
        -D*|-X*) variant_jvm+=" $word" ;;
        *) extra+=("$word") ;;
      esac
    done
    tool=dlm
  fi
  case "$protocol:$tool" in
    ftp:dlm) cmd=("${dlm[@]}" --home "$home" get -q -d "$out" "${extra[@]}" "ftp://127.0.0.1:$ftp_port/$name") ;;
    ftp:curl) cmd=(curl -sS -o "$out/$name" "ftp://127.0.0.1:$ftp_port/$name") ;;
    ftp:wget) cmd=(wget -q -O "$out/$name" "ftp://127.0.0.1:$ftp_port/$name") ;;
    ftp:aria2c) cmd=(aria2c -q -x16 -s16 -k1M --allow-overwrite=true -d "$out" -o "$name" "ftp://127.0.0.1:$ftp_port/$name") ;;
    sftp:dlm) cmd=("${dlm[@]}" --home "$home" get -q -d "$out" "${extra[@]}" --ssh-key "$key" --known-hosts "$client_home/.ssh/known_hosts"
                   --accept-new-host-key "sftp://$sftp_user@127.0.0.1:$sftp_port$file") ;;
    sftp:sftp) printf 'get %s %s\n' "$file" "$out/$name" >"$sftp_batch"
               cmd=(sftp -q -F /dev/null -b "$sftp_batch" -P "$sftp_port" -i "$key"
                    -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
                    -o UserKnownHostsFile="$client_home/.ssh/known_hosts" "$sftp_user@127.0.0.1") ;;
    sftp:curl) [ "$curl_has_sftp" = true ] || return 1
               cmd=(curl -sS --key "$key" --pubkey "$key.pub" -u "$sftp_user:" -k -o "$out/$name"
                    "sftp://127.0.0.1:$sftp_port$file") ;;
    *) return 1 ;;
  esac
}

# measure PROTOCOL TOOL RUN — runs cmd under GNU time, appends to raw.csv.
measure() {
  local protocol=$1 tool=$2 run=$3
  local log="$results/logs/$protocol-$tool-$run.log" tf="$work/time.out"
  local home="$work/home" status=ok rc load
  rm -rf "$out" "$home" && mkdir -p "$out" "$home"
  command_for "$protocol" "$tool" "$home"
  sync
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "\$ ${cmd[*]}" >"$log"
  set +e
  (cd "$out" && "${client_env[@]}" JAVA_TOOL_OPTIONS="-Duser.home=$client_home$variant_jvm" /usr/bin/time -f '%e %U %S %M' -o "$tf" "${cmd[@]}" >>"$log" 2>&1 </dev/null)
  rc=$?
  set -e
  local wall user sys rss got
  read -r wall user sys rss < <(tail -n 1 "$tf")
  got=$(find "$out" -type f ! -name '*.aria2' ! -name '*.part' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  if [ "$rc" -ne 0 ]; then
    status="exit-$rc"
  elif [ "$got" -ne "$file_bytes" ]; then
    status="bytes-$got"
  elif [ "$run" -eq 1 ]; then
    # The first run of every tool is checked byte for byte (kept out of the timing).
    [ "$(sha256sum "$out/$name" | cut -d' ' -f1)" = "$check" ] || status=corrupt
  fi
  echo "$protocol,$tool,$run,$wall,$user,$sys,$rss,$file_bytes,$status,$load" >>"$raw"
  printf 'bench: %-4s run %d/%d %-6s %7.2f s  %s\n' "$protocol" "$run" "$runs" "$tool" "$wall" "$status" >&2
  rm -rf "$out" "$home"
}

scenario() { # PROTOCOL TOOLS...
  local protocol=$1
  shift
  local wanted=("$@") tools=() tool run
  [ -n "$tools_override" ] && IFS=, read -r -a wanted <<<"$tools_override"
  for tool in "${wanted[@]}"; do
    if ! available "${tool%%-*}"; then say "$protocol: $tool is not available, skipped"; continue; fi
    command_for "$protocol" "$tool" "$work/home" || { say "$protocol: $tool does not apply"; continue; }
    tools+=("$tool")
  done
  say "$protocol: ${tools[*]} x $runs runs"
  for run in $(seq 1 "$runs"); do
    for tool in "${tools[@]}"; do
      measure "$protocol" "$tool" "$run"
    done
  done
}

# ---------------------------------------------------------------- dlm warm-up
# As in bench/run.sh: a first untimed download builds the jar when stale and lets ./dlm train its
# AOT caches before any timed run.
if [ "$dlm_found_jdk" = true ]; then
  rm -rf "$work/warmup" && mkdir -p "$work/warmup"
  if [ -n "$ftp_port" ]; then warm_url="ftp://127.0.0.1:$ftp_port/warmup-1M.bin"; warm_opts=()
  else warm_url="sftp://$sftp_user@127.0.0.1:$sftp_port$warmup"; warm_opts=(--ssh-key "$key" --known-hosts "$client_home/.ssh/known_hosts"); fi
  if "${client_env[@]}" "$root/dlm" --home "$work/warmup/home" get -q -d "$work/warmup" "${warm_opts[@]}" "$warm_url" \
      >"$results/logs/dlm-warmup.log" 2>&1; then
    have_dlm=true
  else
    say "dlm could not download a first file (see $results/logs/dlm-warmup.log); dlm is skipped"
  fi
  rm -rf "$work/warmup"
  # Each variant's own jar makes its class-data archive in an untimed run too.
  for variant in "${!variant_args[@]}"; do
    for word in ${variant_args[$variant]}; do
      case "$word" in
        jar=*) rm -f "${word#jar=}.jsa"; mkdir -p "$work/warmup"
               mapfile -t jar_command < <(jar_dlm "${word#jar=}")
               "${client_env[@]}" "${jar_command[@]}" --home "$work/warmup/home" get -q -d "$work/warmup" "${warm_opts[@]}" "$warm_url" \
                 >>"$results/logs/dlm-warmup.log" 2>&1 || say "variant $variant could not download a first file"
               rm -rf "$work/warmup" ;;
      esac
    done
  done
fi

# ---------------------------------------------------------------- machine
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel=$(uname -r)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "runs=$runs"
  echo "quick=$quick"
  echo "file_mib=$((file_bytes / MiB))"
  echo "java=$([ "$have_dlm" = true ] && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "vsftpd=$(dpkg-query -W -f '${Version}' vsftpd 2>/dev/null)"
  echo "openssh=$(ssh -V 2>&1)"
  for t in curl wget aria2c; do
    command -v "$t" >/dev/null 2>&1 && echo "$t=$("$t" --version 2>&1 | grep -m 1 -iE "$t|version" | head -c 100)"
  done
  if [ -n "$sftp_port" ]; then
    # The cipher each SSH client agrees with this sshd (dlm's list is in SftpPool.CIPHERS).
    echo "openssh_cipher=$("${client_env[@]}" ssh -G -F /dev/null 127.0.0.1 2>/dev/null | sed -n 's/^ciphers //p' | cut -d, -f1)"
  fi
  if [ "$have_dlm" = true ]; then echo "dlm_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; fi
} >"$results/machine.txt"

for p in "${protocol_list[@]}"; do
  case "$p" in
    ftp) scenario ftp dlm curl wget aria2c ;;
    sftp) scenario sftp dlm sftp curl ;;
  esac
done
echo "load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"

python3 "$bench/ftp-sftp-summarize.py" "$results" >"$results/results.md"
cat "$results/results.md"
say "results in $results"
