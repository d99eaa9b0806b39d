#!/bin/bash
# Proves that scripts/install-callout (make install-callout) puts mdevctl's
# callout where mdevctl looks for an administrator's callouts, as a
# program that answers mdevctl's questions, and that --uninstall removes
# what it installed and nothing else. Into a DESTDIR: the host's mdevctl
# is left alone. Prints one "@@test RESULT NAME" line per test.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/root
link=$dest/etc/mdevctl.d/scripts.d/callouts/mdev-aggregation
program=$dest/usr/local/libexec/mdev-aggregation-callout

check() {	# check NAME COMMAND...
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		echo "@@test PASS install-callout: $name"
	else
		echo "@@test FAIL install-callout: $name"
		sed 's/^/    /' "$tmp/out" | tail -10
	fi
}

mkdir -p "$dest/etc/mdevctl.d/scripts.d/callouts"
echo keep >"$dest/etc/mdevctl.d/scripts.d/callouts/other"
DESTDIR=$dest "$top/scripts/install-callout" >"$tmp/install.log" 2>&1 || cat "$tmp/install.log"
check "installs the program under PREFIX/libexec" test -x "$program"
check "links it from mdevctl's callout folder in /etc" \
	test "$(readlink "$link")" = /usr/local/libexec/mdev-aggregation-callout
# A type that is not on this machine is not the callout's: mdevctl then
# asks the next callout (exit status 2).
check "answers 'not my type' for a type it cannot find" \
	sh -c '"$1" -t none-1 -e get -a capabilities -s none -u 0 -p none; [ $? = 2 ]' sh "$program"
usage_refused() {
	local status=0
	"$program" >"$tmp/usage" 2>&1 || status=$?
	cat "$tmp/usage"
	[ "$status" = 1 ] && grep -q '^usage: mdev-aggregation-callout -t TYPE ' "$tmp/usage"
}
check "refuses to run without mdevctl's arguments (status 1), saying how it is run" usage_refused
DESTDIR=$dest "$top/scripts/install-callout" --uninstall >/dev/null
check "--uninstall removes the link and the program" test ! -e "$link" -a ! -e "$program"
check "--uninstall leaves the other callouts" test -f "$dest/etc/mdevctl.d/scripts.d/callouts/other"
