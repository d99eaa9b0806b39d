#!/bin/sh
# In the Debian 13 VM: an administrator's flows through Debian's unmodified
# libvirt 11.3 (virsh, libvirtd's node device and QEMU drivers) and
# mdevctl 1.4, on aggregated devices: what a parent offers, defining and
# starting a device of N units, a create the parent cannot hold, events,
# live updates, and a QEMU domain using two aggregated devices. Prints TAP.
#
# Needs the sample parents loaded, libvirtd running (scripts/guest/system-init
# starts it), the nested guest and its helpers in /nested (guest/, lib.sh:
# build/7.3/nested) and the callout program at
# $callout. Removes every device, definition and domain it made.
# shellcheck disable=SC3043 # dash and busybox sh have local

callout=/usr/local/libexec/mdev-aggregation-callout
link=/etc/mdevctl.d/scripts.d/callouts/mdev-aggregation
st=/tmp/virsh_test
out=$st/out
rc=0

# shellcheck source=../lib/sh-test.sh
. "$(dirname "$0")/../lib/sh-test.sh"
# shellcheck source=../lib/libvirt.sh
. "$(dirname "$0")/../lib/libvirt.sh"
# domain_xml: the nested guest as a libvirt domain; W, its console's folder
# shellcheck source=../nested/lib.sh
. /nested/lib.sh

# libvirt names a parent SUBSYSTEM_NAME and a device mdev_UUID_PARENT,
# with every character that is not a letter or digit as "_".
P_mtty=mtty_mtty
U_a=11111111-2222-4333-8444-000000000001
U_b=11111111-2222-4333-8444-000000000002
U_c=11111111-2222-4333-8444-000000000003
U_mbochs=11111111-2222-4333-8444-000000000004
U_msiov=11111111-2222-4333-8444-000000000005
U_fill=11111111-2222-4333-9444-0000000000	# + 2 digits: no UUID above

# device_xml FILE UUID TYPE [N]: a node device of N units of TYPE on mtty
device_xml() {
	{
		echo "<device><parent>$P_mtty</parent><capability type='mdev'>"
		echo "<type id='$3'/><uuid>$2</uuid>"
		[ -z "${4:-}" ] || echo "<attr name='mdev/aggregation' value='$4'/>"
		echo "</capability></device>"
	} >"$1"
}

# avail_xml VAR TYPE: availableInstances of an mtty type, as libvirt shows it
avail_xml() {
	virsh nodedev-dumpxml "$P_mtty" >"$st/parent.xml" 2>&1
	eval "$1=\$(xpath \"$st/parent.xml\" \"//type[@id='$2']/availableInstances\")"
}

size_is() { # UUID N
	local v
	rd v "$devs/$1/mdev/aggregation"
	eq "aggregation of $1" "$2" "$v"
}

# nothing_left UUID: no device, no definition, the mtty pool as at the start
nothing_left() {
	absent "device" "$devs/$1" || return 1
	absent "definition" "/etc/mdevctl.d/mtty/$1" || return 1
	pool mtty >"$st/pool.now"
	same "the mtty pool" "$st/pool.start" "$st/pool.now"
}

cleanup() {
	virsh -q destroy aggr >/dev/null 2>&1
	virsh -q undefine aggr >/dev/null 2>&1
	remove_devices
	rm -f "$link"
}

mkdir -p "$st" "${link%/*}"
cleanup
pool mtty >"$st/pool.start"
echo "TAP version 13"

# ---- what a parent offers ---------------------------------------------------

vs nodedev-list --cap mdev_types
t "mtty_is_a_parent_for_libvirt" contains "node devices" "$P_mtty" "$out"
# Debian's libvirt knows a parent by its subsystem: mtty's is in its list,
# the other samples' are not, so their devices can be used by a domain
# and listed, but not defined through libvirt (see README).
for p in mbochs mdpy msiov; do
	t "unmodified_libvirt_has_no_${p}_parent" eval "! grep -q '^${p}_' '$out'"
done

types_listed() {
	local ty name want got
	vs_ok nodedev-dumpxml "$P_mtty"
	cp "$out" "$st/parent.xml"
	for ty in "$bus/mtty/mdev_supported_types"/*; do
		name=${ty##*/}
		rd want "$ty/available_instances"
		got=$(xpath "$st/parent.xml" "//type[@id='$name']/availableInstances")
		eq "availableInstances of $name" "$want" "$got" || return 1
	done
}
t "parent_xml_lists_every_type_with_its_availability" types_listed

avail_xml a0 mtty-1
device_xml "$st/a2.xml" "$U_a" mtty-1 2
vs nodedev-create "$st/a2.xml"
t "nodedev_create_of_2_units_works" eq "exit status" 0 "$rc"
t "the_created_device_holds_2_units" size_is "$U_a" 2
avail_xml a1 mtty-1
t "available_instances_drops_by_2" eq "availableInstances" $((a0 - 2)) "$a1"
wait_active "$(nodedev "$U_a" mtty)"
vs nodedev-destroy "$(nodedev "$U_a" mtty)"
t "nodedev_destroy_gives_every_unit_back" nothing_left "$U_a"

# ---- define, start, autostart, stop, undefine -------------------------------

N_b=$(nodedev "$U_b" mtty)
device_xml "$st/b.xml" "$U_b" mtty-1 2
vs nodedev-define "$st/b.xml"
t "nodedev_define_with_2_units_works" eq "exit status" 0 "$rc"
t "the_definition_records_2_units" contains "definition" '"mdev/aggregation": "2"' \
	"/etc/mdevctl.d/mtty/$U_b"
vs nodedev-start "$N_b"
t "nodedev_start_works" eq "exit status" 0 "$rc"
t "the_started_device_holds_2_units" size_is "$U_b" 2
vs nodedev-dumpxml --inactive "$N_b"
t "the_defined_device_xml_shows_2_units" contains "device XML" \
	"<attr name='mdev/aggregation' value='2'/>" "$out"
vs nodedev-autostart "$N_b"
t "nodedev_autostart_works" eq "exit status" 0 "$rc"
t "autostart_is_recorded" contains "definition" '"start": "auto"' "/etc/mdevctl.d/mtty/$U_b"
wait_active "$N_b"
vs nodedev-destroy "$N_b"
t "nodedev_destroy_stops_the_device" absent "device" "$devs/$U_b"
vs nodedev-undefine "$N_b"
t "stop_and_undefine_give_every_unit_back" nothing_left "$U_b"

# ---- a create the parent cannot hold ----------------------------------------

device_xml "$st/c3.xml" "$U_c" mtty-1 3
vs nodedev-create "$st/c3.xml"
t "create_beyond_the_type_limit_is_reported" fails_with "3 units" "Invalid argument (os error 22)"
t "refused_create_leaves_nothing" nothing_left "$U_c"

i=10
while [ "$(cat "$bus/mtty/mdev_supported_types/mtty-1/available_instances")" -gt 1 ]; do
	echo "$U_fill$i" >"$bus/mtty/mdev_supported_types/mtty-1/create" || break
	i=$((i + 1))
done
pool mtty >"$st/pool.full"
device_xml "$st/c2.xml" "$U_c" mtty-1 2
vs nodedev-create "$st/c2.xml"
t "create_beyond_the_free_units_is_reported" fails_with "2 units, 1 free" \
	"No space left on device (os error 28)"
absent_and_pool_full() {
	absent "device" "$devs/$U_c" || return 1
	pool mtty >"$st/pool.now"
	same "the mtty pool" "$st/pool.full" "$st/pool.now"
}
t "refused_create_on_a_full_pool_leaves_nothing" absent_and_pool_full
for d in "$devs/$U_fill"*; do echo 1 >"$d/remove"; done

# ---- events ------------------------------------------------------------------

device_xml "$st/a1.xml" "$U_a" mtty-1
vs_ok nodedev-create "$st/a1.xml"
wait_active "$(nodedev "$U_a" mtty)"
virsh nodedev-event --loop --event update >"$st/events" 2>&1 &
ev=$!
sleep 2
echo 2 >"$devs/$U_a/mdev/aggregation"
saw_update() {
	local i=0
	while [ "$i" -lt 30 ]; do
		grep -q "update.*$(nodedev "$U_a" mtty)" "$st/events" && return 0
		sleep 1
		i=$((i + 1))
	done
	diag "no update event for the device in 30 s:"
	quote "$st/events"
	return 1
}
t "nodedev_event_sees_the_resize" saw_update
kill "$ev" 2>/dev/null
wait "$ev" 2>/dev/null

# ---- live updates -------------------------------------------------------------

N_a=$(nodedev "$U_a" mtty)
# update_xml FILE UUID N: the device XML nodedev-update takes: its name,
# parent, type and N units
update_xml() {
	{
		echo "<device><name>$(nodedev "$2" mtty)</name><parent>$P_mtty</parent>"
		echo "<capability type='mdev'><type id='mtty-1'/><uuid>$2</uuid>"
		echo "<attr name='mdev/aggregation' value='$3'/></capability></device>"
	} >"$1"
}
update_xml "$st/a1.xml" "$U_a" 1
vs nodedev-update "$N_a" "$st/a1.xml" --live
t "without_callout_nodedev_update_live_is_refused" fails_with "no callout" \
	"Live modification is not supported"
t "the_refused_update_leaves_the_size" size_is "$U_a" 2

# xml_size_is NODEDEV N: libvirt's XML of the active device shows N units,
# within 30 s (libvirt asks mdevctl again when udev reports a change)
xml_size_is() {
	local i=0
	while [ "$i" -lt 30 ]; do
		virsh nodedev-dumpxml "$1" >"$out" 2>&1
		grep -qF "<attr name='mdev/aggregation' value='$2'/>" "$out" && return 0
		sleep 1
		i=$((i + 1))
	done
	diag "the XML of $1 does not show $2 units:"
	quote "$out"
	return 1
}
ln -sfn "$callout" "$link"
echo 3 >"$devs/$U_a/mdev/aggregation" 2>/dev/null	# mtty-1 holds at most 2: no change
echo 2 >"$devs/$U_a/mdev/aggregation"			# the same size: no event either
echo 1 >"$devs/$U_a/mdev/aggregation"
t "with_callout_the_active_device_xml_shows_a_resize_through_sysfs" xml_size_is "$N_a" 1
update_xml "$st/a2.xml" "$U_a" 2
vs nodedev-update "$N_a" "$st/a2.xml" --live
t "with_callout_nodedev_update_live_resizes_an_idle_device" eq "exit status" 0 "$rc"
t "the_updated_device_holds_2_units" size_is "$U_a" 2
t "the_active_device_xml_shows_the_update" xml_size_is "$N_a" 2
update_xml "$st/a3.xml" "$U_a" 3
vs nodedev-update "$N_a" "$st/a3.xml" --live
t "nodedev_update_beyond_the_type_limit_reports_the_limit" fails_with "3 units" \
	"a device of type mtty-1 holds 1 to 2 units"

# Debian's libvirt lists an msiov device, but with the machine as its
# parent (it has no msiov parent), and so cannot pass mdevctl a parent.
echo "$U_msiov" >"$bus/msiov/mdev_supported_types/msiov-wq/create"
N_msiov=$(nodedev "$U_msiov" msiov)
vs nodedev-dumpxml "$N_msiov"
t "unmodified_libvirt_gives_an_msiov_device_no_parent" contains "parent" \
	"<parent>computer</parent>" "$out"
sed -e "s,<attr name='mdev/aggregation' value='[0-9]*'/>,," \
	-e "s,</capability>,<attr name='mdev/aggregation' value='4'/></capability>," "$out" \
	>"$st/msiov4.xml"
vs nodedev-update "$N_msiov" "$st/msiov4.xml" --live
t "unmodified_libvirt_cannot_update_an_msiov_device" fails_with "no parent" \
	"Unable to find address for parent device 'computer'"

# ---- a domain with two aggregated devices -------------------------------------

# mtty: 2 ports in one device; mbochs-small: 3 units of 4 MiB, a 16 MiB BAR.
echo 2 >"$devs/$U_a/mdev/aggregation"
echo "$U_mbochs" >"$bus/mbochs/mdev_supported_types/mbochs-small/create"
echo 3 >"$devs/$U_mbochs/mdev/aggregation"
domain_xml aggr mtty,mbochs,hold "nested.ports=2 nested.mem=$((12 << 20))" "$U_a" "$U_mbochs" \
	>"$st/domain.xml"
vs define "$st/domain.xml"
t "virsh_define_of_the_domain_works" eq "exit status" 0 "$rc"
vs start aggr
t "virsh_start_of_the_domain_works" eq "exit status" 0 "$rc"

# wait_guest PATTERN SECONDS: the guest's console shows PATTERN
wait_guest() {
	local i=0
	while [ "$i" -lt "$2" ]; do
		grep -q "$1" "$W/aggr.con" 2>/dev/null && return 0
		virsh -q domstate aggr 2>/dev/null | grep -q running || break
		sleep 2
		i=$((i + 2))
	done
	diag "the guest's console has no '$1' (after $i s):"
	[ -f "$W/aggr.con" ] && quote "$W/aggr.con"
	[ ! -f /var/log/libvirt/qemu/aggr.log ] || quote /var/log/libvirt/qemu/aggr.log
	return 1
}
t "the_guest_runs_with_its_devices" wait_guest "@@guest holding" 600
guest_says() { # WHAT PATTERN
	grep -q "@@guest PASS $2" "$W/aggr.con" && return 0
	diag "$1: no '@@guest PASS $2' on the guest's console:"
	quote "$W/aggr.con"
	return 1
}
t "the_guest_finds_2_serial_ports" guest_says "mtty" "mtty: 8250_pci registered 2 port"
t "the_guest_finds_a_16_MiB_BAR" guest_says "mbochs" "mbochs: BAR0 is 16 MiB"
t "the_guest_reads_back_the_last_word_of_12_MiB" guest_says "mbochs" "mbochs: the last word"
t "the_guest_reports_no_failure" eval "! grep -q '@@guest FAIL' '$st/guest.con'"

vs nodedev-update "$N_a" "$st/a1.xml" --live
t "nodedev_update_live_of_an_idle_policy_device_a_domain_has_is_refused" fails_with \
	"running domain" "it is open, and type mtty-1 is resized only while idle"
t "the_refused_mtty_device_keeps_2_units" size_is "$U_a" 2
printf '{"mdev_type":"mbochs-small","start":"manual","attrs":[{"mdev/aggregation":"4"}]}' \
	>"$st/mbochs4.json"
mc modify -u "$U_mbochs" --live --jsonfile "$st/mbochs4.json"
t "resizing_the_idle_policy_device_of_a_running_domain_is_refused" fails_with \
	"running domain" "it is open, and type mbochs-small is resized only while idle"
t "the_refused_device_keeps_3_units" size_is "$U_mbochs" 3
vs destroy aggr
t "virsh_destroy_works" eq "exit status" 0 "$rc"
mc modify -u "$U_mbochs" --live --jsonfile "$st/mbochs4.json"
t "after_destroy_the_resize_works" eq "exit status" 0 "$rc"
t "the_device_then_holds_4_units" size_is "$U_mbochs" 4
vs undefine aggr

cleanup
echo "1..$n"
[ "$failed" = 0 ]
