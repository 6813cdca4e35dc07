# Sourced by bench/run.sh and bench/ftp-sftp.sh: helpers every benchmark script shares.
# `available` reads the caller's $have_dlm (whether ./dlm found a JDK and built).

say() { echo "bench: $*" >&2; }

available() {
  case "$1" in
    dlm) [ "$have_dlm" = true ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

# Deterministic pseudo-random bytes: the AES-128-CTR keystream of KEY_HEX, endless; the reader's
# `head -c` ends it with SIGPIPE. Nothing compresses, and every run serves the same bytes.
keystream() { # KEY_HEX
  { openssl enc -aes-128-ctr -nosalt -K "$1" -iv 00000000000000000000000000000000 -in /dev/zero 2>/dev/null || true; }
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
