#!/bin/sh
# In the Debian 13 VM with libvirt built from Debian's source with the
# project's patches (scripts/vm-run --system --patched-tools): for each
# sample's aggregating type, libvirt reports the type's aggregation as
# sysfs has it and a device's size, also of a device libvirt did not make
# and after it is resized; it creates, defines, starts and resizes devices
# of N units through <aggregation>, and refuses what does not fit before
# anything is made; with Debian's mdevctl in place of the patched one, it
# refuses <aggregation> and still makes devices without it. Prints TAP.
# shellcheck disable=SC3043 # dash and busybox sh have local

st=/tmp/libvirt_test
out=$st/out
rc=0

# shellcheck source=../lib/sh-test.sh
. "$(dirname "$0")/../lib/sh-test.sh"
# shellcheck source=../lib/libvirt.sh
. "$(dirname "$0")/../lib/libvirt.sh"

# Each sample parent with its aggregating type (sysfs parent:type);
# libvirt names the parent SUBSYSTEM_NAME, here NAME_NAME.
samples="mtty:mtty-1 mbochs:mbochs-small msiov:msiov-wq"
U_create=22222222-3333-4444-8555-000000000001
U_define=22222222-3333-4444-8555-000000000002
U_sysfs=22222222-3333-4444-8555-000000000003
U_refused=22222222-3333-4444-8555-000000000004

# device_xml FILE PARENT UUID TYPE [N [NAME]]: a node device of N units
# of TYPE (nodedev-update wants the device's name too)
device_xml() {
	{
		echo "<device>"
		[ -z "${6:-}" ] || echo "<name>$6</name>"
		echo "<parent>$2_$2</parent><capability type='mdev'>"
		echo "<type id='$4'/><uuid>$3</uuid>"
		[ -z "${5:-}" ] || echo "<aggregation>$5</aggregation>"
		echo "</capability></device>"
	} >"$1"
}

# parent_xml PARENT: the parent's node device XML into $st/parent.xml
parent_xml() {
	virsh nodedev-dumpxml "$1_$1" >"$st/parent.xml" 2>&1
}

# type_as_sysfs_has_it PARENT TYPE: the type's <aggregation> holds what
# sysfs has, value for value, and one <unit> per file of aggregation_unit/
type_as_sysfs_has_it() {
	local ty="$bus/$1/mdev_supported_types/$2" agg="//type[@id='$2']/aggregation"
	local want got f k units=0
	parent_xml "$1"
	for k in max:max_aggregation available:available_aggregation resize:aggregation_resize; do
		rd want "$ty/${k#*:}"
		got=$(xpath "$st/parent.xml" "$agg/${k%%:*}")
		eq "<${k%%:*}> of $2" "$want" "$got" || return 1
	done
	for f in "$ty"/aggregation_unit/*; do
		rd want "$f"
		got=$(xpath "$st/parent.xml" "$agg/unit[@name='${f##*/}']")
		eq "<unit name='${f##*/}'> of $2" "$want" "$got" || return 1
		units=$((units + 1))
	done
	got=$(xpath "$st/parent.xml" "count($agg/unit)")
	eq "number of <unit> elements of $2" "$units" "$got"
}

# size_is UUID N: the device holds N units, as sysfs says
size_is() {
	local v
	rd v "$devs/$1/mdev/aggregation"
	eq "aggregation of $1 in sysfs" "$2" "$v"
}

# libvirt_says NODEDEV N [--inactive]: libvirt's XML of the device says
# N units; for an active device, within 10 s (a resize reaches libvirt
# with the kernel's "change" event)
libvirt_says() {
	local i=0 got
	while :; do
		virsh nodedev-dumpxml "$1" ${3:+"$3"} >"$st/dev.xml" 2>&1
		got=$(xpath "$st/dev.xml" "//capability[@type='mdev']/aggregation")
		[ "$got" = "$2" ] && break
		[ "$i" -lt 10 ] || { eq "<aggregation> of $1" "$2" "$got"; return 1; }
		sleep 1
		i=$((i + 1))
	done
	[ "$i" = 0 ] || diag "libvirt showed the size of $1 $i s after the change"
}

# nothing_made UUID: no device and no definition of UUID
nothing_made() {
	absent "device" "$devs/$1" || return 1
	virsh -q nodedev-list --all >"$st/list" 2>&1
	! grep -q "$(printf '%s' "$1" | tr - _)" "$st/list" ||
		{ diag "libvirt lists $1:"; quote "$st/list"; return 1; }
}

mkdir -p "$st"
remove_devices
# The samples are loaded after libvirtd started. A parent's "add" event
# comes before it registers its types; libvirt learns of them from the
# "change" event (MDEV_STATE=registered) the kernel sends once they are
# registered, and is_parent below waits for that.
udevadm settle
echo "TAP version 13"

# is_parent PARENT: libvirt lists PARENT as an mdev parent, within 30 s
# (the time it takes to handle the events above under emulation)
is_parent() {
	local i=0
	while ! virsh -q nodedev-list --cap mdev_types 2>/dev/null | grep -qx "$1_$1"; do
		[ "$i" -lt 30 ] || {
			diag "libvirt does not list $1_$1 as an mdev parent after 30 s:"
			virsh -q nodedev-list --cap mdev_types >"$out" 2>&1
			quote "$out"
			return 1
		}
		sleep 1
		i=$((i + 1))
	done
}
for p in mtty mbochs msiov mdpy; do
	t "${p}_is_an_mdev_parent_for_libvirt" is_parent "$p"
done

# ---- what a type offers ------------------------------------------------------

for s in $samples; do
	p=${s%%:*} ty=${s#*:}
	t "${ty}_aggregation_in_libvirt_is_what_sysfs_says" type_as_sysfs_has_it "$p" "$ty"
done
parent_xml mdpy
t "a_type_that_does_not_aggregate_has_no_aggregation_element" \
	eq "aggregation elements of mdpy's types" 0 "$(xpath "$st/parent.xml" "count(//aggregation)")"

# ---- create, resize, define, start -------------------------------------------

for s in $samples; do
	p=${s%%:*} ty=${s#*:}
	N_create=$(nodedev "$U_create" "$p")

	device_xml "$st/c2.xml" "$p" "$U_create" "$ty" 2
	vs nodedev-create "$st/c2.xml"
	t "${ty}_nodedev_create_of_2_units_works" eq "exit status" 0 "$rc"
	t "${ty}_created_device_holds_2_units" size_is "$U_create" 2
	wait_active "$N_create"
	t "${ty}_libvirt_shows_the_created_device_with_2_units" libvirt_says "$N_create" 2
	t "${ty}_type_availability_in_libvirt_follows_the_create" type_as_sysfs_has_it "$p" "$ty"

	device_xml "$st/c1.xml" "$p" "$U_create" "$ty" 1 "$N_create"
	vs nodedev-update "$N_create" "$st/c1.xml" --live
	t "${ty}_nodedev_update_live_resizes_an_unused_device" eq "exit status" 0 "$rc"
	t "${ty}_resized_device_holds_1_unit" size_is "$U_create" 1
	t "${ty}_libvirt_shows_the_resized_device_with_1_unit" libvirt_says "$N_create" 1
	vs nodedev-destroy "$N_create"

	# A device libvirt did not make, resized behind its back.
	echo "$U_sysfs" >"$bus/$p/mdev_supported_types/$ty/create"
	N_sysfs=$(nodedev "$U_sysfs" "$p")
	wait_active "$N_sysfs"
	t "${ty}_libvirt_shows_a_device_made_through_sysfs_with_1_unit" libvirt_says "$N_sysfs" 1
	echo 2 >"$devs/$U_sysfs/mdev/aggregation"
	t "${ty}_libvirt_follows_a_resize_through_sysfs" libvirt_says "$N_sysfs" 2
	echo 1 >"$devs/$U_sysfs/remove"
done

# define and start: mtty, whose definition mdevctl keeps
N_define=$(nodedev "$U_define" mtty)
device_xml "$st/d2.xml" mtty "$U_define" mtty-1 2
vs nodedev-define "$st/d2.xml"
t "nodedev_define_of_2_units_works" eq "exit status" 0 "$rc"
t "the_definition_keeps_2_units" libvirt_says "$N_define" 2 --inactive
vs nodedev-start "$N_define"
t "nodedev_start_works" eq "exit status" 0 "$rc"
t "the_started_device_holds_2_units" size_is "$U_define" 2
wait_active "$N_define"
t "libvirt_shows_the_started_device_with_2_units" libvirt_says "$N_define" 2
vs nodedev-destroy "$N_define"
vs nodedev-undefine "$N_define"

# ---- refusals: nothing is made -----------------------------------------------

for s in $samples; do
	p=${s%%:*} ty=${s#*:}
	rd max "$bus/$p/mdev_supported_types/$ty/max_aggregation"
	device_xml "$st/over.xml" "$p" "$U_refused" "$ty" $((max + 1))
	vs nodedev-create "$st/over.xml"
	t "${ty}_create_beyond_the_limit_is_refused" fails_with "nodedev-create" \
		"aggregation $((max + 1)) exceeds the limit of mediated device type '$ty': $max units"
	t "${ty}_refused_create_makes_nothing" nothing_made "$U_refused"
done
device_xml "$st/over.xml" mtty "$U_refused" mtty-1 3
vs nodedev-define "$st/over.xml"
t "define_beyond_the_limit_is_refused" fails_with "nodedev-define" \
	"aggregation 3 exceeds the limit of mediated device type 'mtty-1': 2 units"
t "refused_define_makes_nothing" nothing_made "$U_refused"
mdpy_type=$(ls "$bus/mdpy/mdev_supported_types" | head -n1)
device_xml "$st/mdpy.xml" mdpy "$U_refused" "$mdpy_type" 2
vs nodedev-create "$st/mdpy.xml"
t "aggregation_of_a_type_that_does_not_aggregate_is_refused" fails_with "nodedev-create" \
	"mediated device type '$mdpy_type' does not support aggregation"
t "refused_mdpy_create_makes_nothing" nothing_made "$U_refused"
device_xml "$st/zero.xml" mtty "$U_refused" mtty-1 0
vs nodedev-create "$st/zero.xml"
t "an_aggregation_of_0_is_refused" fails_with "nodedev-create" \
	"it must be a positive number of units"
t "refused_zero_create_makes_nothing" nothing_made "$U_refused"

# ---- with Debian's mdevctl, which does not know aggregation -----------------

# An mdevctl without --aggregation would ignore the aggregation libvirt
# hands it and make a device of one unit: libvirt refuses an <aggregation>
# then, and still makes a device without one. Debian's own mdevctl 1.4
# stays where Debian installs it, /usr/bin; the patched one is in
# /usr/sbin, before it in PATH (scripts/build-management). Bound over the
# patched one, Debian's takes its place for these tests.
debian_mdevctl=/usr/bin/mdevctl

# mdevctl_is_debians: /usr/sbin/mdevctl is Debian's, which refuses
# --aggregation
mdevctl_is_debians() {
	present "Debian's mdevctl" "$debian_mdevctl" || return 1
	run_ok mount --bind "$debian_mdevctl" /usr/sbin/mdevctl || return 1
	run mdevctl start --aggregation 1 --help
	[ "$rc" != 0 ] || { diag "this mdevctl accepts --aggregation"; return 1; }
}

if t "debians_mdevctl_replaces_the_patched_one" mdevctl_is_debians; then
	N_plain=$(nodedev "$U_create" mtty)
	device_xml "$st/old2.xml" mtty "$U_refused" mtty-1 2
	vs nodedev-create "$st/old2.xml"
	t "with_debians_mdevctl_an_aggregation_is_refused" fails_with "nodedev-create" \
		"the installed mdevctl does not support the aggregation of mediated devices"
	t "with_debians_mdevctl_the_refused_create_makes_nothing" nothing_made "$U_refused"
	vs nodedev-define "$st/old2.xml"
	t "with_debians_mdevctl_a_define_with_an_aggregation_is_refused" fails_with "nodedev-define" \
		"the installed mdevctl does not support the aggregation of mediated devices"
	t "with_debians_mdevctl_the_refused_define_makes_nothing" nothing_made "$U_refused"
	device_xml "$st/plain.xml" mtty "$U_create" mtty-1
	vs nodedev-create "$st/plain.xml"
	t "with_debians_mdevctl_a_device_without_aggregation_is_made" eq "exit status" 0 "$rc"
	t "with_debians_mdevctl_the_device_holds_1_unit" size_is "$U_create" 1
	wait_active "$N_plain"
	vs nodedev-destroy "$N_plain"
	# Lazily: libvirtd may be running mdevctl right now (it lists the
	# definitions on each device event); what starts next gets the patched one.
	run umount -l /usr/sbin/mdevctl
	run mdevctl start --aggregation 1 --help
	t "the_patched_mdevctl_is_back_in_place" eq "exit status of mdevctl start --aggregation 1 --help" 0 "$rc"
fi

remove_devices
echo "1..$n"
[ "$failed" = 0 ]
