#!/bin/bash
# Proves that scripts/vm-run reports what happened in the guest: the
# command's output and exit status, the files it was given, and each way a
# run can go wrong (a kernel report, a crash, a hang).
# Prints one "@@test RESULT NAME" line per test.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
vm_run="$top/scripts/vm-run"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {	# check NAME WANTED_STATUS GREP_PATTERN -- VM-RUN ARGS
	local name=$1 want=$2 pattern=$3 status=0
	shift 4
	"$vm_run" "$@" >"$tmp/out" 2>&1 || status=$?
	if [ "$status" = "$want" ] && grep -qE -- "$pattern" "$tmp/out"; then
		printf '@@test PASS vm-run: %s\n' "$name"
	else
		printf '@@test FAIL vm-run: %s (status %s, wanted %s)\n' "$name" "$status" "$want"
		sed 's/^/    /' "$tmp/out" | tail -15
	fi
}

mkdir -p "$tmp/tree/sub"
echo "file content 1" >"$tmp/one"
echo "folder content 2" >"$tmp/tree/sub/two"

check "prints the output and passes the exit status of the command" 7 '^hello from the guest$' -- \
	-- sh -c 'echo hello from the guest; exit 7'
check "copies added files and folders into the guest" 0 '^file content 1 folder content 2$' -- \
	--add "$tmp/one=/data/one" --add "$tmp/tree=/data/tree" -- \
	sh -c 'echo $(cat /data/one /data/tree/sub/two)'
check "runs the command as root with proc, sys, dev and tmp mounted" 0 '^uid=0 ok$' -- \
	-- sh -c 'test -d /proc/self && test -d /sys/class && test -c /dev/null &&
		grep -q " /tmp tmpfs" /proc/mounts && echo "uid=$(id -u) ok"'
check "fails a run whose kernel log has a WARNING" 126 'kernel log has reports' -- \
	-- sh -c 'echo "WARNING: CPU: 0 PID: 1 injected by the vm-run test" >/dev/kmsg'
check "fails a run in which the kernel crashes" 126 'Kernel panic|Oops' -- \
	-- sh -c 'echo c >/proc/sysrq-trigger'
check "fails a run that does not finish in time" 124 'did not finish within 30 s' -- \
	--timeout 30 -- sleep 1000
check "refuses a malformed --add" 1 'HOST_PATH=/GUEST_PATH' -- \
	--add "$tmp/one" -- true
