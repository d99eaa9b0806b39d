#!/bin/sh
# In the Debian 13 VM with mdevctl built from Debian's source with the
# project's patches (scripts/vm-run --system --patched-tools): for each
# sample's aggregating type, "mdevctl types" shows the type's aggregation
# as sysfs has it (text and JSON), "start --aggregation" makes a device of
# N units, "list" shows a device's size as sysfs has it, also after a
# resize, "modify --live --aggregation" resizes, and what does not fit is
# refused before anything is made. Prints TAP.
# shellcheck disable=SC3043 # dash and busybox sh have local

st=/tmp/mdevctl_test
out=$st/out
rc=0

# shellcheck source=../lib/sh-test.sh
. "$(dirname "$0")/../lib/sh-test.sh"

# Each sample parent with its aggregating type.
samples="mtty:mtty-1 mbochs:mbochs-small msiov:msiov-wq"
U=33333333-4444-4555-8666-000000000001
U_refused=33333333-4444-4555-8666-000000000002

# types_as_sysfs_has_it PARENT TYPE: the four fields of the type in
# "mdevctl types" and its JSON are what sysfs has
types_as_sysfs_has_it() {
	local ty="$bus/$1/mdev_supported_types/$2" want got f units=""
	mdevctl types -p "$1" >"$st/types.txt" 2>&1
	mdevctl types -p "$1" --dumpjson >"$st/types.json" 2>&1
	for k in "Max aggregation:max_aggregation" "Available aggregation:available_aggregation" \
		"Aggregation resize:aggregation_resize"; do
		rd want "$ty/${k#*:}"
		contains "mdevctl types" "${k%%:*}: $want" "$st/types.txt" || return 1
		got=$(jq -r ".[0][\"$1\"][] | .[\"$2\"] // empty | .${k#*:}" "$st/types.json")
		eq "${k#*:} of $2 in --dumpjson" "$want" "$got" || return 1
	done
	for f in "$ty"/aggregation_unit/*; do
		rd want "$f"
		got=$(jq -r ".[0][\"$1\"][] | .[\"$2\"] // empty | .aggregation_unit.${f##*/}" "$st/types.json")
		eq "aggregation_unit.${f##*/} of $2 in --dumpjson" "$want" "$got" || return 1
		units="$units${units:+, }${f##*/}=$want"
	done
	contains "mdevctl types" "Aggregation unit: $units" "$st/types.txt"
}

# size_is N: the device holds N units, as sysfs says
size_is() {
	local v
	rd v "$devs/$U/mdev/aggregation"
	eq "aggregation of $U in sysfs" "$1" "$v"
}

# listed_with N: "mdevctl list" shows the device with N units, in JSON
# and in its verbose text
listed_with() {
	local got
	mdevctl list -u "$U" --dumpjson >"$st/list.json" 2>&1
	got=$(jq -r '.aggregation' "$st/list.json")
	eq "aggregation in mdevctl list --dumpjson" "$1" "$got" || { quote "$st/list.json"; return 1; }
	mdevctl list -u "$U" -v >"$st/list.txt" 2>&1
	contains "mdevctl list -v" "Aggregation: $1" "$st/list.txt"
}

mkdir -p "$st"
remove_devices
echo "TAP version 13"

for s in $samples; do
	p=${s%%:*} ty=${s#*:}
	t "${ty}_mdevctl_types_shows_the_aggregation_sysfs_has" types_as_sysfs_has_it "$p" "$ty"

	mc start -u "$U" -p "$p" -t "$ty" --aggregation 2
	t "${ty}_start_aggregation_2_works" eq "exit status" 0 "$rc"
	t "${ty}_started_device_holds_2_units" size_is 2
	t "${ty}_list_shows_2_units" listed_with 2
	t "${ty}_types_shows_the_availability_after_the_start" types_as_sysfs_has_it "$p" "$ty"

	mc modify -u "$U" --live --aggregation 1
	t "${ty}_modify_live_aggregation_1_works" eq "exit status" 0 "$rc"
	t "${ty}_resized_device_holds_1_unit" size_is 1
	t "${ty}_list_shows_1_unit" listed_with 1

	echo 2 >"$devs/$U/mdev/aggregation"
	t "${ty}_list_follows_a_resize_through_sysfs" listed_with 2
	mc stop -u "$U"

	rd max "$bus/$p/mdev_supported_types/$ty/max_aggregation"
	mc start -u "$U_refused" -p "$p" -t "$ty" --aggregation $((max + 1))
	t "${ty}_start_beyond_the_limit_is_refused" eq "exit status" 1 "$rc"
	t "${ty}_refused_start_makes_nothing" absent "device" "$devs/$U_refused"
done

mc define -u "$U_refused" -p mtty -t mtty-1 --aggregation 3
t "define_beyond_the_limit_is_refused" eq "exit status" 1 "$rc"
t "refused_define_makes_nothing" absent "definition" "/etc/mdevctl.d/mtty/$U_refused"

mc define -u "$U" -p mtty -t mtty-1 --aggregation 2
t "define_aggregation_2_works" eq "exit status" 0 "$rc"
mc start -u "$U"
t "the_defined_device_starts_with_2_units" size_is 2
mc stop -u "$U"
mc undefine -u "$U"

mdpy_type=$(ls "$bus/mdpy/mdev_supported_types" | head -n1)
mc start -u "$U_refused" -p mdpy -t "$mdpy_type" --aggregation 2
t "aggregation_of_a_type_that_does_not_aggregate_is_refused" fails_with "mdevctl start" \
	"does not support aggregation"
t "refused_mdpy_start_makes_nothing" absent "device" "$devs/$U_refused"
mdevctl types -p mdpy >"$st/types.txt" 2>&1
t "mdevctl_types_of_a_type_that_does_not_aggregate_shows_no_aggregation" \
	eval "! grep -q 'aggregation' '$st/types.txt'"

remove_devices
echo "1..$n"
[ "$failed" = 0 ]
