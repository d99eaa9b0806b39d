# Shared by the shell tests that run in the test VMs (tests/vm/*.sh in the
# busybox VM, tests/system/*.sh in the Debian 13 one): TAP output,
# assertions that explain a failure as TAP diagnostics, and what sysfs
# shows of an mdev parent. Written for busybox sh and dash alike.
#
# The test sets before sourcing it: st, a folder for its state; out, the
# file that keeps the last command's output (in $st). This file sets bus
# and devs, the sysfs folders of mdev parents and devices, and counts in
# n and failed.
# shellcheck shell=sh disable=SC3043 # busybox sh and dash have local

bus=/sys/class/mdev_bus
devs=/sys/bus/mdev/devices
n=0
failed=0

# ---- TAP and assertions ---------------------------------------------------

# t NAME COMMAND [ARG]...: run one test; it passes when COMMAND succeeds
t() {
	name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		failed=$((failed + 1))
	fi
}

# The debug kernel makes every new process expensive (about half a second
# under emulation): the helpers read sysfs with the shell's own read and
# print with printf, and leave processes to mdevctl.

diag() { printf '# %s\n' "$@"; }

# quote FILE: print FILE as diagnostics
quote() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		printf '#   | %s\n' "$line"
	done <"$1"
}

# rd VAR FILE: the first line of FILE into VAR
rd() {
	eval "$1="
	IFS= read -r "$1" <"$2"
	return 0
}

# eq WHAT EXPECTED ACTUAL
eq() {
	[ "$2" = "$3" ] && return 0
	diag "$1: expected '$2', got '$3'"
	return 1
}

# contains WHAT NEEDLE FILE: FILE holds the fixed string NEEDLE
contains() {
	grep -qF -- "$2" "$3" && return 0
	diag "$1: '$2' not found in:"
	quote "$3"
	return 1
}

# same WHAT FILE1 FILE2: the two files are equal
same() {
	cmp -s "$2" "$3" && return 0
	diag "$1 differs (- before, + now):"
	diff "$2" "$3" | while IFS= read -r line; do printf '#   %s\n' "$line"; done
	return 1
}

# absent WHAT PATH
absent() {
	[ ! -e "$2" ] && return 0
	diag "$1: $2 exists"
	return 1
}

# present WHAT PATH
present() {
	[ -e "$2" ] && return 0
	diag "$1: $2 does not exist"
	return 1
}

# run COMMAND [ARG]...: run COMMAND, keep its output in $out and its
# status in $rc, and print both as diagnostics
run() {
	"$@" >"$out" 2>&1
	rc=$?
	diag "\$ $*  (exit status $rc)"
	quote "$out"
	return 0
}

# run_ok COMMAND [ARG]...: a fixture step that must work
run_ok() {
	run "$@"
	[ "$rc" = 0 ] || diag "fixture step failed: $*"
}

# mc ARG...: run mdevctl; mc_ok ARG...: a fixture step of mdevctl
mc() { run mdevctl "$@"; }
mc_ok() { run_ok mdevctl "$@"; }

# fails_with WHAT MESSAGE: the last command failed saying MESSAGE
fails_with() {
	[ "$rc" != 0 ] || { diag "$1: the command succeeded"; return 1; }
	contains "$1" "$2" "$out"
}

# remove_devices: remove every mdev device, and mdevctl's definitions of
# devices of the sample parents
remove_devices() {
	local d
	for d in "$devs"/*; do
		[ -e "$d/remove" ] && echo 1 >"$d/remove"
	done
	rm -rf /etc/mdevctl.d/mtty /etc/mdevctl.d/mbochs /etc/mdevctl.d/msiov /etc/mdevctl.d/mdpy
}

# ---- what sysfs shows -----------------------------------------------------

# avail VAR PARENT TYPE: available_instances of TYPE into VAR
avail() { rd "$1" "$bus/$2/mdev_supported_types/$3/available_instances"; }

# pool PARENT: every type of PARENT with its available_instances,
# max_aggregation, available_aggregation and devices, each device with its
# aggregation and available_aggregation; two snapshots are equal when
# nothing of the parent changed.
pool() {
	local ty d v
	for ty in "$bus/$1"/mdev_supported_types/*; do
		rd v "$ty/available_instances"
		printf '%s avail=%s' "${ty##*/}" "$v"
		if [ -f "$ty/max_aggregation" ]; then
			rd v "$ty/max_aggregation"
			printf ' max=%s' "$v"
			rd v "$ty/available_aggregation"
			printf ' avail_agg=%s' "$v"
		fi
		for d in "$ty"/devices/*; do
			[ -e "$d" ] || continue
			printf ' %s' "${d##*/}"
			if [ -f "$d/mdev/aggregation" ]; then
				rd v "$d/mdev/aggregation"
				printf ':%s' "$v"
				rd v "$d/mdev/available_aggregation"
				printf '/%s' "$v"
			fi
		done
		echo
	done
}

