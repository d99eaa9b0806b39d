#!/bin/sh
# In the test VM: Debian's unmodified mdevctl drives mdev aggregation end to
# end. Every step runs the real mdevctl binary against the running kernel
# and then checks what sysfs shows. Prints TAP, one line per test.
#
# Needs the sample parents loaded (tests/vm/run-all does it) and no mdev
# device present at the start; removes every device and definition it made.
# Exit status: 0 when every test passed, 1 otherwise.
# shellcheck disable=SC3043,SC3013 # busybox sh, which runs it, has local and -ef

conf=/etc/mdevctl.d
st=/tmp/mdevctl_test		# state kept between steps, a file each
out=$st/out			# what the last mdevctl command printed
rc=0				# and its exit status

# TAP, assertions, run/mc and pool: shared with the other shell tests.
# shellcheck source=../lib/sh-test.sh
. "$(dirname "$0")/../lib/sh-test.sh"

# ---- what sysfs shows -----------------------------------------------------

# weight VAR TYPE: how many of its parent's pool units one unit of TYPE
# takes (mbochs counts MB, mtty ports, msiov queues), 0 if unknown
weight() {
	case $2 in
	mbochs-small) eval "$1=4" ;; mbochs-medium) eval "$1=16" ;; mbochs-large) eval "$1=64" ;;
	mtty-1) eval "$1=1" ;; mtty-2) eval "$1=2" ;;
	msiov-wq) eval "$1=1" ;;
	*) eval "$1=0" ;;
	esac
}

# cap VAR TYPE: the per-device limit of TYPE, its max_aggregation (mtty
# emulates at most two UARTs a device, msiov addresses 8 queues, mbochs
# what a 2 GB BAR holds), 0 for a type that does not aggregate
cap() {
	case $2 in
	mtty-1) eval "$1=2" ;; msiov-wq) eval "$1=8" ;;
	mbochs-small) eval "$1=512" ;; mbochs-medium) eval "$1=128" ;; mbochs-large) eval "$1=32" ;;
	*) eval "$1=0" ;;
	esac
}

# min_cap VAR TYPE N: N capped by the per-device limit of TYPE
min_cap() {
	local c
	cap c "$2"
	if [ "$c" != 0 ] && [ "$3" -gt "$c" ]; then eval "$1=$c"; else eval "$1=$3"; fi
}

# pool_fits PARENT FREE: every type of PARENT shows what a pool with FREE
# units (of the parent's own counting) allows: available_instances the
# free units, available_aggregation as many capped by the type's limit,
# and max_aggregation that limit, whatever the pool holds
pool_fits() {
	local ty name w v m
	for ty in "$bus/$1"/mdev_supported_types/*; do
		name=${ty##*/}
		weight w "$name"
		[ "$w" != 0 ] || { diag "no weight known for type $name"; return 1; }
		rd v "$ty/available_instances"
		eq "$name available_instances" $(($2 / w)) "$v" || return 1
		[ -f "$ty/max_aggregation" ] || continue
		rd v "$ty/max_aggregation"
		cap m "$name"
		eq "$name max_aggregation" "$m" "$v" || return 1
		rd v "$ty/available_aggregation"
		min_cap m "$name" $(($2 / w))
		eq "$name available_aggregation" "$m" "$v" || return 1
	done
}

# cleanup: remove every mdev device and every definition
cleanup() {
	local d p
	for d in "$devs"/*; do
		[ -e "$d/remove" ] && echo 1 >"$d/remove"
	done
	for p in "$conf"/*; do
		[ "${p##*/}" = scripts.d ] || rm -rf "$p"
	done
}

# ---- the three-command flow ------------------------------------------------

# The devices of the flow: one per aggregating sample type.
U_mbochs=7c0b3d3e-1a2b-4c5d-8e9f-000000000001
U_mtty=7c0b3d3e-1a2b-4c5d-8e9f-000000000002
U_msiov=7c0b3d3e-1a2b-4c5d-8e9f-000000000003

# record PARENT TYPE: keep the pool of PARENT as it is now, and its free
# units in the parent's own counting
record() {
	local a w
	pool "$1" >"$st/pool.$1"
	avail a "$1" "$2"
	weight w "$2"
	echo $((a * w)) >"$st/free.$1"
}

# flow PARENT TYPE UUID: define, modify, start as the VFIO maintainer asked,
# keeping the exit status of each step
flow() {
	local steps
	record "$1" "$2"
	mc define -u "$3" -p "$1" -t "$2"
	steps="define $rc"
	mc modify -u "$3" --addattr=mdev/aggregation --value=2
	steps="$steps modify $rc"
	mc start -u "$3"
	echo "$steps start $rc" >"$st/flow.$1"
}

flow_succeeded() { # PARENT
	local steps
	rd steps "$st/flow.$1"
	eq "exit status of each step" "define 0 modify 0 start 0" "$steps"
}

device_has_type() { # PARENT TYPE UUID
	present "device" "$devs/$3" || return 1
	[ "$devs/$3/mdev_type" -ef "$bus/$1/mdev_supported_types/$2" ] && return 0
	diag "device $3 is not of type $2 of parent $1: its mdev_type is $(readlink -f "$devs/$3/mdev_type")"
	return 1
}

aggregation_reads_back() { # UUID N
	local v
	present "mdev/aggregation" "$devs/$1/mdev/aggregation" || return 1
	rd v "$devs/$1/mdev/aggregation"
	eq "mdev/aggregation" "$2" "$v"
}

# the type lost exactly N units, every other type of the parent follows
pool_lost_units() { # PARENT TYPE N
	local fb w a
	rd fb "$st/free.$1"
	weight w "$2"
	[ "$w" != 0 ] || { diag "no weight known for type $2"; return 1; }
	avail a "$1" "$2"
	eq "available_instances of $2" $((fb / w - $3)) "$a" &&
		pool_fits "$1" $((fb - $3 * w))
}

# the device may grow by what the parent has left, up to the type's limit
device_available_follows_pool() { # PARENT TYPE UUID
	local a n m v
	avail a "$1" "$2"
	rd n "$devs/$3/mdev/aggregation"
	rd v "$devs/$3/mdev/available_aggregation"
	min_cap m "$2" $((n + a))
	eq "mdev/available_aggregation" "$m" "$v"
}

# what a manager reads before it defines a device: the type's unit (one
# file per key in aggregation_unit/) and its resize policy
type_shows_unit_and_policy() { # PARENT TYPE KEY AMOUNT POLICY
	local ty v
	ty="$bus/$1/mdev_supported_types/$2"
	rd v "$ty/aggregation_unit/$3"
	eq "aggregation_unit/$3" "$4" "$v" || return 1
	rd v "$ty/aggregation_resize"
	eq "aggregation_resize" "$5" "$v"
}

list_shows_device() { # PARENT TYPE UUID
	mc list
	eq "mdevctl list status" 0 "$rc" &&
		contains "mdevctl list" "$3 $1 $2 manual (defined)" "$out"
}

list_verbose_shows_attribute() { # UUID
	mc list -v -u "$1"
	eq "mdevctl list -v status" 0 "$rc" &&
		contains "mdevctl list -v" '@{0}: {"mdev/aggregation":"2"}' "$out"
}

# flat FILE: FILE without blanks and newlines, in $out.flat
flat() { tr -d ' \n' <"$1" >"$out.flat"; }

dumpjson_shows_attribute() { # TYPE UUID
	mc list --dumpjson -u "$2"
	eq "mdevctl list --dumpjson status" 0 "$rc" || return 1
	flat "$out"
	contains "mdevctl list --dumpjson" '"mdev_type":"'"$1"'"' "$out.flat" &&
		contains "mdevctl list --dumpjson" '"attrs":[{"mdev/aggregation":"2"}]' "$out.flat"
}

stop_returns_units() { # PARENT UUID
	mc stop -u "$2"
	eq "mdevctl stop status" 0 "$rc" &&
		absent "device after stop" "$devs/$2" || return 1
	pool "$1" >"$st/pool.now"
	same "pool after stop" "$st/pool.$1" "$st/pool.now"
}

# ---- failing starts ----------------------------------------------------------

# fill PARENT TYPE LEAVE: filler devices, made through sysfs, that take all
# but LEAVE units of TYPE (several when the type has a per-device limit)
fill() {
	local i=0 a want
	avail a "$1" "$2"
	while [ "$a" -gt "$3" ]; do
		i=$((i + 1))
		min_cap want "$2" $((a - $3))
		printf 'f111f111-0000-4000-8000-%012d,aggregate=%s' "$i" "$want" \
			>"$bus/$1/mdev_supported_types/$2/create" || {
			diag "fixture: cannot fill $1 with $want units of $2"
			return 1
		}
		avail a "$1" "$2"
	done
}

# start_refused PARENT TYPE UUID VALUE: define the device with aggregation
# VALUE and try to start it, keeping the pool before and after (the
# definition stays, for cleanup to remove)
start_refused() {
	pool "$1" >"$st/pool.before"
	mc_ok define -u "$3" -p "$1" -t "$2"
	mc_ok modify -u "$3" --addattr=mdev/aggregation --value="$4"
	mc start -u "$3"
	pool "$1" >"$st/pool.after"
}

over_free() { # the start failed on the write of mdev/aggregation with ENOSPC
	fails_with "mdevctl start" "No space left on device" &&
		contains "mdevctl start" "attribute mdev/aggregation" "$out"
}

nothing_changed() { # UUID
	absent "device after the failed start" "$devs/$1" &&
		same "pool after the failed start" "$st/pool.before" "$st/pool.after"
}

# refused_cleanly UUID MESSAGE: the start failed saying MESSAGE, the device
# is gone and the pool is as before
refused_cleanly() {
	fails_with "mdevctl start" "$2" && nothing_changed "$1"
}

# ---- mdevctl types -------------------------------------------------------------

# what sysfs says of every type: "PARENT TYPE AVAILABLE DEVICE_API NAME"
sysfs_types() {
	local ty parent a api name
	for ty in "$bus"/*/mdev_supported_types/*; do
		parent=${ty%/mdev_supported_types/*}
		rd a "$ty/available_instances"
		rd api "$ty/device_api"
		name=
		[ -f "$ty/name" ] && rd name "$ty/name"
		printf '%s %s %s %s %s\n' "${parent##*/}" "${ty##*/}" "$a" "$api" "$name"
	done
}

# the same, from the text of mdevctl types
mdevctl_types() {
	awk '
		function flush() { if (ty != "") print parent, ty, av, api, nm; ty = av = api = nm = "" }
		/^[^ ]/ { flush(); parent = $1; next }
		/^  [^ ]/ { flush(); ty = $1; next }
		/^    Available instances: / { av = $3 }
		/^    Device API: / { api = $3 }
		/^    Name: / { sub(/^    Name: /, ""); nm = $0 }
		END { flush() }
	' "$out" | sed 's/ *$//' | sort
}

types_text_matches_sysfs() {
	mc types
	eq "mdevctl types status" 0 "$rc" || return 1
	sysfs_types | sed 's/ *$//' | sort >"$st/types.sysfs"
	mdevctl_types >"$st/types.mdevctl"
	[ -s "$st/types.sysfs" ] || { diag "sysfs shows no type"; return 1; }
	same "mdevctl types (parent type available device_api name) against sysfs" \
		"$st/types.sysfs" "$st/types.mdevctl"
}

types_dumpjson_matches_sysfs() {
	local ty a api
	mc types --dumpjson
	eq "mdevctl types --dumpjson status" 0 "$rc" || return 1
	flat "$out"
	for ty in "$bus"/*/mdev_supported_types/*; do
		rd a "$ty/available_instances"
		rd api "$ty/device_api"
		contains "type ${ty##*/}" "\"${ty##*/}\":{\"available_instances\":$a,\"device_api\":\"$api\"" \
			"$out.flat" || return 1
	done
}

# ---- libvirt's call ------------------------------------------------------------

# libvirt_start PARENT TYPE UUID: start a transient device the way libvirt
# does, the JSON on standard input
libvirt_start() {
	record "$1" "$2"
	printf '{"mdev_type":"%s","start":"manual","attrs":[{"mdev/aggregation":"2"}]}' "$2" |
		mdevctl start --parent "$1" --jsonfile /dev/stdin --uuid "$3" >"$out" 2>&1
	rc=$?
	diag "\$ mdevctl start --parent $1 --jsonfile /dev/stdin --uuid $3  (exit status $rc)"
	quote "$out"
	echo "$rc" >"$st/libvirt.$1"
}

libvirt_start_made_aggregation_2() { # PARENT TYPE UUID
	local v
	rd v "$st/libvirt.$1"
	eq "mdevctl start status" 0 "$v" &&
		device_has_type "$1" "$2" "$3" &&
		aggregation_reads_back "$3" 2
}

# ---- migration-style replay ----------------------------------------------------

dump_holds() { # N: the JSON dumped holds aggregation N
	eq "mdevctl list --dumpjson status" 0 "$rc" || return 1
	flat "$st/replay.json"
	contains "dumped JSON" '"attrs":[{"mdev/aggregation":"'"$1"'"}]' "$out.flat"
}

gone() { # PARENT UUID: no device, no definition, the pool as at the start
	absent "device" "$devs/$2" && absent "definition" "$conf/$1/$2" || return 1
	pool "$1" >"$st/pool.now"
	same "pool" "$st/pool.initial" "$st/pool.now"
}

replay_pool_is_as_recorded() { # PARENT
	eq "mdevctl define --jsonfile status" 0 "$replay_define_rc" &&
		eq "mdevctl start status" 0 "$replay_start_rc" || return 1
	pool "$1" >"$st/pool.now"
	same "pool with the replayed device" "$st/pool.recorded" "$st/pool.now"
}

# ---- the tests ---------------------------------------------------------------

command -v mdevctl >/dev/null || { echo "1..0 # SKIP mdevctl is not installed"; exit 4; }
for p in mbochs mtty msiov mdpy; do
	[ -d "$bus/$p" ] || { echo "Bail out! parent $p is not registered (modprobe $p)"; exit 1; }
done
for d in "$devs"/*; do
	[ -e "$d" ] || continue
	echo "Bail out! mdev devices are present before the test: $(ls "$devs" | tr '\n' ' ')"
	exit 1
done
cleanup
rm -rf "$st"
mkdir -p "$st"
mdevctl --version | sed 's/^/# /'

# The three-command flow, for each aggregating sample.
for spec in "mbochs mbochs-small $U_mbochs" "mtty mtty-1 $U_mtty" "msiov msiov-wq $U_msiov"; do
	# shellcheck disable=SC2086 # spec is three words
	set -- $spec
	p=$1 ty=$2 u=$3
	flow "$p" "$ty" "$u"
	t "define_modify_start_succeed_$ty" flow_succeeded "$p"
	t "start_creates_the_device_of_the_defined_type_$ty" device_has_type "$p" "$ty" "$u"
	t "mdev_aggregation_reads_back_2_$ty" aggregation_reads_back "$u" 2
	case $ty in
	mbochs-small) t "type_shows_its_unit_and_resize_policy_$ty" type_shows_unit_and_policy "$p" "$ty" memory_mb 4 idle ;;
	mtty-1) t "type_shows_its_unit_and_resize_policy_$ty" type_shows_unit_and_policy "$p" "$ty" ports 1 idle ;;
	msiov-wq) t "type_shows_its_unit_and_resize_policy_$ty" type_shows_unit_and_policy "$p" "$ty" queues 1 live ;;
	esac
	t "start_takes_exactly_2_units_as_every_type_of_the_parent_shows_$ty" pool_lost_units "$p" "$ty" 2
	t "device_available_aggregation_is_its_units_plus_the_free_ones_capped_$ty" device_available_follows_pool "$p" "$ty" "$u"
	t "list_shows_the_running_defined_device_$ty" list_shows_device "$p" "$ty" "$u"
	t "list_verbose_shows_the_aggregation_attribute_$ty" list_verbose_shows_attribute "$u"
	t "list_dumpjson_shows_the_aggregation_attribute_$ty" dumpjson_shows_attribute "$ty" "$u"
done

# mdevctl types, with aggregated devices running on three parents.
t "types_lists_every_type_as_sysfs_shows_it" types_text_matches_sysfs
t "types_dumpjson_lists_every_type_as_sysfs_shows_it" types_dumpjson_matches_sysfs

for spec in "mbochs $U_mbochs" "mtty $U_mtty" "msiov $U_msiov"; do
	# shellcheck disable=SC2086 # spec is two words
	set -- $spec
	t "stop_returns_every_unit_to_the_pool_$1" stop_returns_units "$1" "$2"
	mc_ok undefine -u "$2"
done
cleanup

# Resizing a running device, and persisting the new size in its definition.
R=7c0b3d3e-1a2b-4c5d-8e9f-000000000010
mc_ok define -u "$R" -p mbochs -t mbochs-small
mc_ok modify -u "$R" --addattr=mdev/aggregation --value=2
mc_ok start -u "$R"
resize_running() {
	echo 3 >"$devs/$R/mdev/aggregation" && aggregation_reads_back "$R" 3
}
t "running_device_resizes_through_mdev_aggregation" resize_running
persist_resize() {
	mc_ok modify -u "$R" --delattr --index=0
	mc_ok modify -u "$R" --addattr=mdev/aggregation --value=3
	mc_ok stop -u "$R"
	mc start -u "$R"
	eq "mdevctl start status" 0 "$rc" && aggregation_reads_back "$R" 3
}
t "modify_delattr_addattr_keeps_the_new_size_across_stop_and_start" persist_resize
value_1() {
	mc_ok stop -u "$R"
	mc_ok modify -u "$R" --delattr --index=0
	mc_ok modify -u "$R" --addattr=mdev/aggregation --value=1
	mc start -u "$R"
	eq "mdevctl start status" 0 "$rc" && aggregation_reads_back "$R" 1
}
t "value_1_starts_a_device_of_one_unit" value_1
cleanup

# Asking for more than the parent has free: one unit is left, the
# definition asks for two. mdevctl creates the device (one unit fits), the
# write of 2 fails with ENOSPC, mdevctl removes the device again.
X=7c0b3d3e-1a2b-4c5d-8e9f-000000000020
for spec in "mbochs mbochs-small" "mtty mtty-1" "msiov msiov-wq"; do
	# shellcheck disable=SC2086 # spec is two words
	set -- $spec
	fill "$1" "$2" 1
	start_refused "$1" "$2" "$X" 2
	t "start_beyond_the_free_units_fails_naming_ENOSPC_$2" over_free
	t "failed_start_removes_the_device_again_$2" absent "device" "$devs/$X"
	t "failed_start_leaves_the_pool_as_it_was_$2" same "pool" "$st/pool.before" "$st/pool.after"
	cleanup
done

# A parent with nothing free: mdevctl itself refuses, seeing
# available_instances at 0, before it writes anything.
for spec in "mtty mtty-1" "msiov msiov-wq"; do
	# shellcheck disable=SC2086 # spec is two words
	set -- $spec
	fill "$1" "$2" 0
	start_refused "$1" "$2" "$X" 2
	t "start_on_a_full_parent_is_refused_before_any_write_$2" refused_cleanly "$X" "No available instances of $2 on $1"
	cleanup
done

# Beyond a type's per-device limit: EINVAL, however much is free.
for spec in "mtty mtty-1 3" "msiov msiov-wq 9"; do
	# shellcheck disable=SC2086 # spec is three words
	set -- $spec
	start_refused "$1" "$2" "$X" "$3"
	t "start_beyond_the_per_device_limit_fails_cleanly_with_EINVAL_$2" refused_cleanly "$X" "Invalid argument"
	cleanup
done

# Malformed numbers: EINVAL from the kernel, nothing left behind.
for spec in "2x 2x" "0 zero" "-1 negative" "0x2 hex" "+2 plus_sign" "99999999999999999999 overflow"; do
	# shellcheck disable=SC2086 # spec is two words
	set -- $spec
	start_refused mbochs mbochs-small "$X" "$1"
	t "malformed_value_${2}_fails_cleanly_with_EINVAL" refused_cleanly "$X" "Invalid argument"
	cleanup
done

# A type that does not aggregate has no mdev/aggregation: mdevctl refuses
# the attribute and removes the device again.
for spec in "mdpy mdpy-vga" "mtty mtty-2"; do
	# shellcheck disable=SC2086 # spec is two words
	set -- $spec
	start_refused "$1" "$2" "$X" 2
	t "aggregation_on_a_type_without_it_fails_cleanly_$2" refused_cleanly "$X" "mdev/aggregation"
	cleanup
done

# libvirt: mdevctl start --parent P --jsonfile /dev/stdin --uuid U
for spec in "mbochs mbochs-small $U_mbochs" "mtty mtty-1 $U_mtty" "msiov msiov-wq $U_msiov"; do
	# shellcheck disable=SC2086 # spec is three words
	set -- $spec
	libvirt_start "$1" "$2" "$3"
	t "libvirt_jsonfile_start_creates_aggregation_2_$2" libvirt_start_made_aggregation_2 "$1" "$2" "$3"
	t "libvirt_jsonfile_start_takes_exactly_2_units_$2" pool_lost_units "$1" "$2" 2
	t "libvirt_started_device_stops_with_every_unit_returned_$2" stop_returns_units "$1" "$3"
done
cleanup

# Migration-style replay: dump the JSON of a running aggregated device,
# stop and undefine it, define it again from the JSON and start it.
M=7c0b3d3e-1a2b-4c5d-8e9f-000000000030
for spec in "mbochs mbochs-medium 3" "msiov msiov-wq 5"; do
	# shellcheck disable=SC2086 # spec is three words
	set -- $spec
	pool "$1" >"$st/pool.initial"
	mc_ok define -u "$M" -p "$1" -t "$2"
	mc_ok modify -u "$M" --addattr=mdev/aggregation --value="$3"
	mc_ok start -u "$M"
	pool "$1" >"$st/pool.recorded"
	mc list --dumpjson -u "$M"
	cp "$out" "$st/replay.json"
	t "dumpjson_of_the_running_device_holds_its_aggregation_$2" dump_holds "$3"
	mc_ok stop -u "$M"
	mc_ok undefine -u "$M"
	t "stop_and_undefine_leave_no_trace_$2" gone "$1" "$M"
	mc define -u "$M" -p "$1" --jsonfile "$st/replay.json"
	replay_define_rc=$rc
	mc start -u "$M"
	replay_start_rc=$rc
	t "replay_from_dumpjson_recreates_the_same_type_$2" device_has_type "$1" "$2" "$M"
	t "replay_from_dumpjson_recreates_the_same_aggregation_$2" aggregation_reads_back "$M" "$3"
	t "replay_from_dumpjson_takes_the_same_units_$2" replay_pool_is_as_recorded "$1"
	mc_ok stop -u "$M"
	mc_ok undefine -u "$M"
	cleanup
done

echo "1..$n"
[ "$failed" = 0 ]
