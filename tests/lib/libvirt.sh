# Shared by the Debian 13 VM's tests that drive libvirt through virsh
# (tests/system/virsh_test.sh with Debian's libvirt, tests/management/
# with the project's): node device names, virsh steps that keep their
# output as diagnostics, XPath on what virsh printed. Needs sh-test.sh.
# shellcheck shell=sh disable=SC3043 # busybox sh and dash have local

# nodedev UUID PARENT: libvirt's name of a device, mdev_UUID_PARENT with
# every character that is not a letter or digit as "_".
nodedev() { printf 'mdev_%s_%s\n' "$1" "$2" | tr -- - _; }

vs() { run virsh "$@"; }
vs_ok() { run_ok virsh "$@"; }

# xpath FILE EXPR: the string value of EXPR in the XML of FILE
xpath() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }

# wait_active NODEDEV: libvirt marks a device active when udev's event for
# it is handled, which can come after nodedev-create or nodedev-start has
# returned (a nodedev-destroy right then fails: "is not active"): wait
# for it, up to 30 s, and say so when there was a wait.
wait_active() {
	local i=0
	while ! virsh nodedev-info "$1" 2>/dev/null | grep -q '^Active: *yes'; do
		[ "$i" -lt 30 ] || { diag "$1 is not active after 30 s"; return 1; }
		sleep 1
		i=$((i + 1))
	done
	[ "$i" = 0 ] || diag "libvirt showed $1 active $i s after the command returned"
}
