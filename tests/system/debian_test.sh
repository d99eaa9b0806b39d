#!/bin/sh
# In the Debian 13 VM (scripts/vm-run --system): the VM is what the other
# tests here take it for: Debian 13 with udev and libvirtd running, and
# Debian 13's own mdevctl and QEMU. Prints TAP.

st=/tmp/debian_test
out=$st/out

# shellcheck source=../lib/sh-test.sh
. "$(dirname "$0")/../lib/sh-test.sh"

mkdir -p "$st"
echo "TAP version 13"

. /etc/os-release
t "the_root_is_debian_13" eq "os" "Debian GNU/Linux 13" "$NAME $VERSION_ID"
t "systemd_udevd_is_running" present "udevd's control socket" /run/udev/control
run virsh -q nodedev-list --cap system
t "libvirtd_answers_virsh" contains "node devices" computer "$out"
run mdevctl --version
t "mdevctl_is_1_4" contains "mdevctl" "mdevctl 1.4." "$out"
run qemu-system-x86_64 --version
t "qemu_is_10" contains "QEMU" "QEMU emulator version 10." "$out"
echo "1..$n"
[ "$failed" = 0 ]
