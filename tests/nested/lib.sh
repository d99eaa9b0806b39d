# shellcheck shell=sh
# In the test VM (busybox sh): mediated devices for a nested guest, and
# QEMU (build/nested/qemu, Debian's) run the way libvirt runs it, with
# -device vfio-pci,sysfsdev=... Sourced by tests/nested/run-all and by the
# demo. Each QEMU has a NAME; its files are in $W:
#   NAME.con  the guest's console (its serial port), NAME.in what is typed
#   NAME.hmp  the human monitor's output, NAME.mon what is typed into it
#   NAME.err  QEMU's own messages

N=${NESTED:-/nested}
W=${NESTED_WORK:-/tmp/nested}
MDEV=/sys/bus/mdev/devices
PARENTS=/sys/class/mdev_bus
mkdir -p "$W"

# sysfs_write FILE VALUE: write VALUE; on failure print the error (errno
# text) and return 1.
sysfs_write() {
	_err=$( (echo "$2" >"$1") 2>&1) && return 0
	printf '%s\n' "${_err##*error: }"
	return 1
}

# mdev_new PARENT TYPE UNITS: create a device of UNITS units of TYPE (a
# plain create for 1); prints its UUID, or why the kernel refused.
mdev_new() {
	_uuid=$(cat /proc/sys/kernel/random/uuid)
	_spec=$_uuid
	[ "$3" = 1 ] || _spec="$_uuid,aggregate=$3"
	sysfs_write "$PARENTS/$1/mdev_supported_types/$2/create" "$_spec" || return 1
	echo "$_uuid"
}

mdev_remove() { sysfs_write "$MDEV/$1/remove" 1; }

# qemu_start NAME TESTS PARAMS UUID...: boot the nested guest with the
# mediated devices UUID... as PCI devices hostdev0, hostdev1... in that
# order; the guest runs the scenarios TESTS (tests/nested/guest-init) with
# PARAMS on its command line. QEMU_EXTRA adds options (-incoming ...).
qemu_start() {
	_name=$1 _tests=$2 _params=$3
	shift 3
	rm -f "$W/$_name".*
	mkfifo "$W/$_name.in" "$W/$_name.mon"
	_devs="" _i=0
	for _u in "$@"; do
		_devs="$_devs -device vfio-pci,id=hostdev$_i,sysfsdev=$MDEV/$_u"
		_i=$((_i + 1))
	done
	# no_timer_check: under emulation inside emulation, a loaded test VM
	# can delay the guest's IO-APIC timer check enough that the guest
	# kernel panics at boot ("IO-APIC + timer doesn't work"), and with
	# panic=-1 and -no-reboot QEMU then exits: the test VM's own kernel
	# gets the option from scripts/vm-run for the same reason, and so does
	# hung_task_panic=1: a task of the guest blocked for 60 s panics it
	# with the stack printed, and QEMU exits, instead of a silent wait for
	# the boot's time limit.
	# shellcheck disable=SC2086 # lists of options
	LD_LIBRARY_PATH=$N/qemu/lib "$N/qemu/qemu-system-x86_64" -L "$N/qemu/share" \
		-M pc -accel tcg,tb-size=64 -m 128 -nodefaults -no-user-config \
		-vga none -display none -no-reboot \
		-kernel "$N/guest/bzImage" -initrd "$N/guest/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 quiet no_timer_check hung_task_panic=1 vfio.enable_unsafe_noiommu_mode=1 nested.test=$_tests $_params" \
		-chardev "file,id=con,path=$W/$_name.con,input-path=$W/$_name.in" -serial chardev:con \
		-chardev "file,id=hmp,path=$W/$_name.hmp,input-path=$W/$_name.mon" \
		-mon chardev=hmp,mode=readline \
		$_devs ${QEMU_EXTRA:-} >"$W/$_name.err" 2>&1 &
	echo $! >"$W/$_name.pid"
	# QEMU's open of an input FIFO waits for a writer: one that stays.
	sleep 100000 >"$W/$_name.in" &
	echo $! >"$W/$_name.hold"
	sleep 100000 >"$W/$_name.mon" &
	echo $! >>"$W/$_name.hold"
}

# domain_xml NAME TESTS PARAMS UUID...: the same guest as a libvirt domain
# NAME (for "virsh define"), with the same kernel command line; its console
# goes to $W/NAME.con. For the Debian 13 VM, whose libvirt runs its own
# QEMU (/usr/bin/qemu-system-x86_64) as the hypervisor "qemu" (TCG).
domain_xml() {
	_name=$1 _tests=$2 _params=$3
	shift 3
	cat <<EOF
<domain type='qemu'>
  <name>$_name</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$N/guest/bzImage</kernel>
    <initrd>$N/guest/initramfs.cpio.gz</initrd>
    <cmdline>console=ttyS0 panic=-1 quiet no_timer_check hung_task_panic=1 nested.test=$_tests $_params</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <controller type='usb' model='none'/>
    <serial type='file'><source path='$W/$_name.con'/><target port='0'/></serial>
EOF
	for _u in "$@"; do
		printf "    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n"
		printf "      <source><address uuid='%s'/></source>\n    </hostdev>\n" "$_u"
	done
	printf "    <memballoon model='none'/>\n  </devices>\n</domain>\n"
}

qemu_running() { kill -0 "$(cat "$W/$1.pid")" 2>/dev/null; }

# qemu_wait NAME SECONDS: wait for QEMU to exit (killing it after SECONDS);
# returns its exit status, 124 when it had to be killed.
qemu_wait() {
	_pid=$(cat "$W/$1.pid")
	_end=$(($(date +%s) + $2))
	while kill -0 "$_pid" 2>/dev/null && [ "$(date +%s)" -lt "$_end" ]; do
		sleep 1
	done
	if kill -0 "$_pid" 2>/dev/null; then
		kill -9 "$_pid"
		wait "$_pid" 2>/dev/null
		_st=124
	else
		wait "$_pid"
		_st=$?
	fi
	# shellcheck disable=SC2046 # the holders' PIDs
	kill $(cat "$W/$1.hold") 2>/dev/null
	return $_st
}

# wait_con NAME PATTERN SECONDS [COUNT]: wait until the guest's console
# has COUNT (default 1) lines matching PATTERN; 1 if QEMU exits first or
# the time runs out.
wait_con() {
	_end=$(($(date +%s) + $3))
	while _n=$(grep -c -- "$2" "$W/$1.con" 2>/dev/null); [ "${_n:-0}" -lt "${4:-1}" ]; do
		qemu_running "$1" || return 1
		[ "$(date +%s)" -lt "$_end" ] || return 1
		sleep 1
	done
}

# type_in NAME LINE: type LINE on the guest's console; 1 if QEMU is not
# running (the FIFO would have no reader).
type_in() {
	qemu_running "$1" || return 1
	timeout 10 sh -c 'echo "$1" >"$2"' - "$2" "$W/$1.in"
}

# hmp NAME COMMAND: run a monitor command; its answer is what NAME.hmp
# gains (printed).
hmp() {
	qemu_running "$1" || return 1
	_before=$(wc -c <"$W/$1.hmp")
	timeout 10 sh -c 'echo "$1" >"$2"' - "$2" "$W/$1.mon"
	sleep 1
	tail -c +$((_before + 1)) "$W/$1.hmp" | tr -d '\r' | grep -v '^(qemu)'
}

# guest_report NAME LABEL: turn the guest's "@@guest PASS|FAIL what" lines
# that NAME's console gained since the last report into "@@test" lines
# "LABEL: guest: what"; NAME.seen counts all of them so far.
guest_report() {
	_seen=$(cat "$W/$1.seen" 2>/dev/null || echo 0)
	_all=$(grep -c '^@@guest \(PASS\|FAIL\) ' "$W/$1.con" 2>/dev/null)
	_all=${_all:-0}
	echo "$_all" >"$W/$1.seen"
	grep '^@@guest \(PASS\|FAIL\) ' "$W/$1.con" 2>/dev/null | tail -n +$((_seen + 1)) |
		tr -d '\r' | sed "s/^@@guest \([A-Z]*\) /@@test \1 $2: guest: /"
}

# qemu_said NAME: QEMU's own messages, indented, for a failure's detail.
qemu_said() { sed 's/^/      qemu: /' "$W/$1.err"; }
