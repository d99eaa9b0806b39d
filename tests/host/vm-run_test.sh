#!/bin/bash
# Proves that scripts/vm-run reports what happened in the guest: the
# command's output and exit status, the files it was given, and each way a
# run can go wrong (a kernel report, a crash, a hang, bad arguments).
# A boot takes a while, so one run serves the checks that can share it.
# Prints one "@@test RESULT NAME" line per test.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
vm_run="$top/scripts/vm-run"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() {		# run NAME VM-RUN-ARGS...: output in $tmp/NAME, status in $tmp/NAME.status
	local name=$1 status=0
	shift
	"$vm_run" "$@" >"$tmp/$name" 2>&1 || status=$?
	echo "$status" >"$tmp/$name.status"
}

expect() {	# expect RUN WANTED_STATUS GREP_PATTERN TEST_NAME
	local status
	status=$(cat "$tmp/$1.status")
	if [ "$status" = "$2" ] && grep -qE -- "$3" "$tmp/$1"; then
		printf '@@test PASS vm-run: %s\n' "$4"
	else
		printf '@@test FAIL vm-run: %s (status %s, wanted %s)\n' "$4" "$status" "$2"
		sed 's/^/    /' "$tmp/$1" | tail -15
	fi
}

mkdir -p "$tmp/tree/sub"
echo "file content 1" >"$tmp/one"
echo "folder content 2" >"$tmp/tree/sub/two"

run plain --mem 768 --add "$tmp/one=/data/one" --add "$tmp/tree=/data/tree" -- \
	sh -c 'echo hello from the guest
		kb=$(sed -n "s/^MemTotal: *\([0-9]*\) kB/\1/p" /proc/meminfo)
		[ "$kb" -gt $((512 * 1024)) ] && echo "memory: more than 512 MB"
		echo added: $(cat /data/one /data/tree/sub/two)
		test -d /proc/self && test -d /sys/class && test -c /dev/null &&
			grep -q " /tmp tmpfs" /proc/mounts && echo "mounted: uid=$(id -u) cwd=$(pwd)"
		exit 7'
expect plain 7 '^hello from the guest$' "prints the output and passes the exit status of the command"
expect plain 7 '^added: file content 1 folder content 2$' "copies added files and folders into the guest"
expect plain 7 '^mounted: uid=0 cwd=/tmp$' "runs the command as root in /tmp with proc, sys, dev and tmp mounted"
expect plain 7 '^vm-run: kernel log: .*/kernel.log$' "prints where the kernel log is saved"
expect plain 7 '^memory: more than 512 MB$' "gives the guest the memory --mem asks for (768 MB: more than the default 512 holds)"

run warning -- sh -c 'echo "WARNING: CPU: 0 PID: 1 injected by the vm-run test" >/dev/kmsg'
expect warning 126 'kernel log has reports' "fails a run whose kernel log has a WARNING"

run crash -- sh -c 'echo c >/proc/sysrq-trigger'
expect crash 126 'Kernel panic|Oops' "fails a run in which the kernel crashes"

run hang --timeout 60 -- sleep 1000
expect hang 124 'did not finish within 60 s' "fails a run that does not finish in time"

# The hung-task sample of Linux 7.3 (CONFIG_SAMPLE_HUNG_TASK, in
# debug.config) blocks the second reader of its mutex file on the mutex
# the first holds for 256 s. The hang must end the run as a report naming
# the blocked task, with its stack and the mutex's owner, well before the
# run's own time limit: in 60 to 120 s (the detector scans once per
# timeout). The time it took is printed.
start=$(date +%s)
run hung --timeout 400 -- sh -c 'modprobe hung_task_tests || exit 9
	cat /sys/kernel/debug/hung_task/mutex & sleep 2
	cat /sys/kernel/debug/hung_task/mutex'
secs=$(($(date +%s) - start))
expect hung 126 'INFO: task cat:[0-9]+ blocked for more than [0-9]+ seconds' \
	"ends a run in which a task hangs as a report naming the task ($secs s; time limit 400 s)"
klog=$(sed -n 's/^vm-run: kernel log: //p' "$tmp/hung")
if grep -q 'Kernel panic - not syncing: hung_task: blocked tasks' "$klog" &&
	grep -q 'read_dummy_mutex+' "$klog" && grep -q 'blocked on a mutex likely owned by task cat' "$klog"; then
	echo "@@test PASS vm-run: the kernel log of a hang has the blocked task's stack and the mutex's owner"
else
	echo "@@test FAIL vm-run: the kernel log of a hang has the blocked task's stack and the mutex's owner ($klog)"
fi

run badarg --add "$tmp/one" -- true
expect badarg 1 'HOST_PATH=/GUEST_PATH' "refuses a malformed --add"

run badmem --mem 12 -- true
expect badmem 1 'mem wants a size in MB' "refuses a --mem below 128 MB"

run badpatched --patched-tools -- true
expect badpatched 1 'patched-tools is for the Debian 13 VM: add --system' \
	"refuses --patched-tools without --system"
