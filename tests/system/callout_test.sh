#!/bin/sh
# In the Debian 13 VM: Debian's mdevctl 1.4 with the project's callout
# (tools/mdev-aggregation-callout), installed the way
# scripts/install-callout does it. Without it, mdevctl cannot tell an
# active device's size, and refuses "modify --live"; with it, both work,
# and its refusals reach the user through mdevctl. Prints TAP.
#
# Needs the sample parents loaded and the callout program at $callout;
# removes every device, definition and the callout's link it made.
# shellcheck disable=SC3043 # dash and busybox sh have local

callouts=/etc/mdevctl.d/scripts.d/callouts
callout=/usr/local/libexec/mdev-aggregation-callout
link=$callouts/mdev-aggregation
st=/tmp/callout_test
out=$st/out
rc=0

# shellcheck source=../lib/sh-test.sh
. "$(dirname "$0")/../lib/sh-test.sh"

U_mtty=5e1c0a11-0000-4000-8000-000000000001
U_msiov=5e1c0a11-0000-4000-8000-000000000002
U_mdpy=5e1c0a11-0000-4000-8000-000000000003
U_fill=5e1c0a11-0000-4000-9000-0000000000	# + 2 digits: no UUID above

# conf FILE TYPE [N]: a device's JSON as mdevctl keeps it, of N units
conf() {
	if [ -n "${3:-}" ]; then
		printf '{"mdev_type":"%s","start":"manual","attrs":[{"mdev/aggregation":"%s"}]}\n' \
			"$2" "$3" >"$1"
	else
		printf '{"mdev_type":"%s","start":"manual"}\n' "$2" >"$1"
	fi
}

# create UUID PARENT TYPE: a device of one unit, through sysfs
create() { echo "$1" >"$bus/$2/mdev_supported_types/$3/create"; }

cleanup() {
	remove_devices
	rm -f "$link"
}

# listed_size UUID N: "mdevctl list --dumpjson" gives the device N units
listed_size() {
	mc list --dumpjson -u "$1"
	tr -d ' \n' <"$out" >"$out.flat"
	contains "the device's attributes" "\"attrs\":[{\"mdev/aggregation\":\"$2\"}]" "$out.flat"
}

no_listed_size() {
	mc list --dumpjson -u "$1"
	[ "$rc" = 0 ] || return 1
	! grep -q 'mdev/aggregation' "$out" || { diag "mdevctl knows the size"; return 1; }
}

size_is() { # UUID N
	local v
	rd v "$devs/$1/mdev/aggregation"
	eq "aggregation of $1" "$2" "$v"
}

mkdir -p "$st" "$callouts"
cleanup
echo "TAP version 13"

# ---- without the callout: what Debian's mdevctl does on its own ------------

create "$U_mtty" mtty mtty-1
echo 2 >"$devs/$U_mtty/mdev/aggregation"
t "without_callout_mdevctl_list_does_not_know_the_size" no_listed_size "$U_mtty"
conf "$st/mtty1.json" mtty-1 1
mc modify -u "$U_mtty" --live --jsonfile "$st/mtty1.json"
t "without_callout_modify_live_is_refused" fails_with "modify --live" \
	"Live modification is not supported for this device type"
t "without_callout_refused_live_modify_leaves_the_size" size_is "$U_mtty" 2

# ---- the callout as mdevctl runs it ----------------------------------------

ln -sfn "$callout" "$link"
t "callout_lists_the_size_of_an_active_device" listed_size "$U_mtty" 2
echo 1 >"$devs/$U_mtty/mdev/aggregation"
t "callout_lists_the_size_after_a_resize_through_sysfs" listed_size "$U_mtty" 1

conf "$st/mtty2.json" mtty-2
run "$callout" -t mtty-2 -e get -a capabilities -s none -u "$U_mtty" -p mtty
t "callout_leaves_a_type_that_does_not_aggregate_to_others" eq "exit status" 2 "$rc"
create "$U_mdpy" mdpy mdpy-vga
conf "$st/mdpy.json" mdpy-vga
mc modify -u "$U_mdpy" --live --jsonfile "$st/mdpy.json"
t "modify_live_of_a_type_that_does_not_aggregate_is_refused_by_mdevctl" fails_with \
	"modify --live" "Live modification is not supported for this device type"

# Bad JSON on standard input is an error of one line, and changes nothing.
printf '{"mdev_type": "mtty-1", "attrs": [' >"$st/bad.json"
run sh -c "'$callout' -t mtty-1 -e live -a modify -s none -u $U_mtty -p mtty <'$st/bad.json'"
t "callout_refuses_truncated_json" fails_with "truncated JSON" \
	"the device's JSON on standard input ends before it is complete"
printf '["mtty-1"]\n' >"$st/list.json"
run sh -c "'$callout' -t mtty-1 -e live -a modify -s none -u $U_mtty -p mtty <'$st/list.json'"
t "callout_refuses_json_that_is_no_device" fails_with "a JSON list" \
	"the device's JSON on standard input is not one JSON object"
printf '{"mdev_type":"mtty-1","attrs":[{"mdev/aggregation":2}]}' >"$st/num.json"
run sh -c "'$callout' -t mtty-1 -e live -a modify -s none -u $U_mtty -p mtty <'$st/num.json'"
t "callout_refuses_a_size_that_is_not_a_string" fails_with "number" "must be given as a string"
t "refused_json_leaves_the_size" size_is "$U_mtty" 1

conf "$st/mtty2.json" mtty-1 2
mc modify -u "$U_mtty" --live --jsonfile "$st/mtty2.json"
t "modify_live_resizes_an_idle_device" eq "exit status" 0 "$rc"
t "modify_live_gave_the_device_2_units" size_is "$U_mtty" 2

conf "$st/mtty3.json" mtty-1 3
mc modify -u "$U_mtty" --live --jsonfile "$st/mtty3.json"
t "modify_live_beyond_the_type_limit_is_refused_with_the_limit" fails_with "3 units" \
	"mdev/aggregation=3: a device of type mtty-1 holds 1 to 2 units"
t "refused_modify_live_leaves_the_size" size_is "$U_mtty" 2

# The pool full: a resize that needs one more port is ENOSPC.
echo 1 >"$devs/$U_mtty/mdev/aggregation"
i=10
while [ "$(cat "$bus/mtty/mdev_supported_types/mtty-1/available_instances")" -gt 0 ]; do
	create "$U_fill$i" mtty mtty-1 || break
	i=$((i + 1))
done
mc modify -u "$U_mtty" --live --jsonfile "$st/mtty2.json"
t "modify_live_beyond_the_free_units_is_refused_saying_so" fails_with "full pool" \
	"lacks the free units"
t "refused_growth_leaves_the_size" size_is "$U_mtty" 1
for d in "$devs/$U_fill"*; do echo 1 >"$d/remove"; done

# Defining: a size the type can never have is refused before anything
# is recorded.
conf "$st/mtty5.json" mtty-1 5
mc define -u 5e1c0a11-0000-4000-8000-000000000009 -p mtty --jsonfile "$st/mtty5.json"
t "define_beyond_the_type_limit_is_refused" fails_with "define" \
	"a device of type mtty-1 holds 1 to 2 units"
t "refused_define_records_nothing" absent "definition" \
	/etc/mdevctl.d/mtty/5e1c0a11-0000-4000-8000-000000000009

mc start -u 5e1c0a11-0000-4000-8000-000000000009 -p mtty --jsonfile "$st/mtty5.json"
t "start_beyond_the_type_limit_is_refused" fails_with "start" \
	"a device of type mtty-1 holds 1 to 2 units"
t "refused_start_creates_nothing" absent "device" "$devs/5e1c0a11-0000-4000-8000-000000000009"

# An active device defined without a file records its real size.
mc define -u "$U_mtty" -p mtty
t "define_of_an_active_device_records_its_size" contains "definition" \
	'"mdev/aggregation": "1"' /etc/mdevctl.d/mtty/"$U_mtty"

# msiov resizes live: a VMM holding the device open does not stop it; the
# idle-policy mtty device held open is refused with the reason.
create "$U_msiov" msiov msiov-wq
conf "$st/msiov4.json" msiov-wq 4
run mdev-vfio hold "$U_msiov" mdevctl modify -u "$U_msiov" --live --jsonfile "$st/msiov4.json"
t "modify_live_resizes_a_live_policy_device_held_open" eq "exit status" 0 "$rc"
t "the_open_msiov_device_has_4_queues" size_is "$U_msiov" 4
run mdev-vfio hold "$U_mtty" mdevctl modify -u "$U_mtty" --live --jsonfile "$st/mtty2.json"
t "modify_live_of_an_idle_policy_device_held_open_is_refused" fails_with "open device" \
	"it is open, and type mtty-1 is resized only while idle"
t "refused_open_resize_leaves_the_size" size_is "$U_mtty" 1

cleanup
t "callout_link_removed" absent "callout link" "$link"
echo "1..$n"
[ "$failed" = 0 ]
