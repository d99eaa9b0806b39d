# Shared by the scripts in this folder: paths, messages and small helpers.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="${BUILD:-$TOP/build}"
CONFIG_DIR="$TOP/kernel/config"

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The kernel the series is for. BASE=7.3 (the default) is the primary
# base: the newest mainline Debian ships (linux-source-7.3 from
# trixie-backports, fetched by scripts/setup-linux-source), series in
# kernel/series/, built under build/7.3/. BASE=6.12 is the backport to
# the LTS kernel Debian 12 and 13 run (linux-source-6.12 of Debian 12),
# series in kernel/series-6.12/, built under build/ itself, where it
# always was, so that its work tree and ccache entries stay valid.
BASE="${BASE:-7.3}"

# base_build BASE: the folder a base's work tree, outputs and logs go to.
base_build() {
	case "$1" in
	7.3) printf '%s/7.3\n' "$BUILD" ;;
	6.12) printf '%s\n' "$BUILD" ;;
	*) die "unknown kernel base '$1' (7.3 or 6.12)" ;;
	esac
}

case "$BASE" in
7.3)
	SERIES_DIR="$TOP/kernel/series"
	KSRC_PACKAGE=linux-source-7.3
	KSRC_TARBALL="$BUILD/7.3/source/usr/src/linux-source-7.3.tar.xz"
	;;
6.12)
	SERIES_DIR="$TOP/kernel/series-6.12"
	KSRC_PACKAGE=linux-source-6.12
	KSRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
	;;
*) die "unknown kernel base '$BASE' (7.3 or 6.12)" ;;
esac
BASE_BUILD=$(base_build "$BASE")
KSRC="${KSRC:-$BASE_BUILD/linux}"	# work tree: git repository, one commit per patch
LOGS="$BASE_BUILD/logs"

# A fixed identity and date for the upstream baseline commit, so that its
# hash (and so every patch's parent) is the same on every machine.
BASELINE_ENV="GIT_AUTHOR_NAME=linux-source GIT_AUTHOR_EMAIL=linux-source@debian.invalid
GIT_COMMITTER_NAME=linux-source GIT_COMMITTER_EMAIL=linux-source@debian.invalid
GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z"
BASELINE_TAG=upstream

# flavour_out FLAVOUR: the kernel output folder of a config flavour.
# "stock" is the lean config built from the baseline without the series,
# for the benchmark; its tree and output sit in stock/ of the base's build
# folder so that the path from output to source is the same as for
# out-lean and ccache hits for every file the series does not touch.
# "stock-kobj" is the kobj config built from the baseline: what stock does
# when a kobject outlives its last put; "stock-profile" the profile config,
# the other side of the benchmark's profile.
flavour_out() {
	case "$1" in
	stock) printf '%s/stock/out-lean\n' "$BASE_BUILD" ;;
	stock-*) printf '%s/stock/out-%s\n' "$BASE_BUILD" "${1#stock-}" ;;
	*) printf '%s/out-%s\n' "$BASE_BUILD" "$1" ;;
	esac
}

# The Debian 13 VM's disk (scripts/mksystem) carries one partition behind
# an MBR with this disk signature ("mdev"): scripts/vm-run --system boots
# root=PARTUUID=$SYSTEM_DISK_SIGNATURE-01, whatever name the disk gets.
SYSTEM_DISK_SIGNATURE=6d646576

# flavour_src FLAVOUR: the source tree a flavour is built from.
flavour_src() {
	case "$1" in
	stock | stock-*) printf '%s/stock/linux\n' "$BASE_BUILD" ;;
	*) printf '%s\n' "$KSRC" ;;
	esac
}

# flavour_fragments FLAVOUR: the config fragments a flavour is made of.
# On 7.3 the flavours that boot the test VMs (lean, debug and those made
# from them) boot the Debian 13 system VM too (system.config).
# shellcheck disable=SC2086 # vm and system are lists of paths
flavour_fragments() {
	local vm="$CONFIG_DIR/base.config $CONFIG_DIR/vfio-mdev.config" system=""

	[ "$BASE" != 7.3 ] || system="$CONFIG_DIR/system.config"
	case "$1" in
	lean | stock) printf '%s\n' $vm $system ;;
	debug) printf '%s\n' $vm "$CONFIG_DIR/debug.config" $system ;;
	# i915 with GVT-g/KVMGT: builds the GVT-g driver and its KUnit suite.
	gvt) printf '%s\n' "$CONFIG_DIR/base.config" "$CONFIG_DIR/vfio-mdev.config" \
		"$CONFIG_DIR/gvt.config" ;;
	# For the soak: lean with kobject releases delayed.
	kobj | stock-kobj) printf '%s\n' $vm $system "$CONFIG_DIR/kobject-release.config" ;;
	# For the benchmark's profile: lean with ftrace's function profiler.
	profile | stock-profile) printf '%s\n' $vm $system "$CONFIG_DIR/profile.config" ;;
	# The guest QEMU boots inside the test VM (tests/nested).
	guest) printf '%s\n' "$CONFIG_DIR/base.config" "$CONFIG_DIR/nested-guest.config" ;;
	*) die "unknown kernel flavour '$1' (lean, debug, gvt, kobj, guest, profile, stock, stock-kobj or stock-profile)" ;;
	esac
}

# The series is posted as several patch series ("postings"), each a
# folder of the base's series (N-name/, git format-patch output with its own
# cover letter), applied in the order of N; each builds on those before.
# In the work tree, branch posting/N-name ends each posting's commits and
# holds its cover letter as its description; the last one is where the
# branch "series" ends too.

# series_postings: the names of the postings, in order.
series_postings() {
	find "$SERIES_DIR" -mindepth 1 -maxdepth 1 -type d -name '[0-9]-*' -printf '%f\n' | sort
}

# posting_branch NAME: the work tree branch that ends posting NAME.
posting_branch() { printf 'posting/%s\n' "$1"; }

# series_patches [NAME]: the patch files of posting NAME, or of every
# posting, in order, cover letters aside.
series_patches() {
	local p
	for p in ${1:-$(series_postings)}; do
		find "$SERIES_DIR/$p" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
			! -name '0000-cover-letter.patch' | sort
	done
}

# series_sum: one checksum over the whole series, cover letters included.
series_sum() {
	find "$SERIES_DIR" -mindepth 2 -maxdepth 2 -name '*.patch' | sort | xargs -r cat |
		sha256sum | cut -d' ' -f1
}

ktree_git() { git -C "$KSRC" "$@"; }

# ksrc_version: the Debian version of the base's kernel source package.
ksrc_version() {
	if [ -f "$BASE_BUILD/source/version" ]; then
		cat "$BASE_BUILD/source/version"
	else
		dpkg-query -W -f '${Version}' "$KSRC_PACKAGE" 2>/dev/null || echo unknown
	fi
}

# Packages of other Debian suites (QEMU 10, linux-source-7.3) come
# through an apt configuration of their own, in a folder DIR: the host's
# sources, package lists and installed packages stay as they are.
# suite_apt DIR TOOL ARGS...: run apt-get or apt-cache with DIR's configuration.
suite_apt() {
	local dir=$1 tool=$2

	shift 2
	"$tool" -q -o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root "$@"
}

# debian_mirror: the Debian mirror the host's apt already uses.
debian_mirror() {
	apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' 2>/dev/null |
		grep -m1 '/debian/$' || echo http://deb.debian.org/debian/
}

# suite_apt_init DIR SUITE [TYPE]: make DIR's configuration for SUITE
# (main), on the mirror the host already uses, and read its lists: of
# packages, or with TYPE deb-src of source packages.
suite_apt_init() {
	local dir=$1 suite=$2 type=${3:-deb} mirror keyring signed=""

	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	mirror=$(debian_mirror)
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ ! -f "$keyring" ] || signed="[signed-by=$keyring] "
	echo "$type $signed$mirror $suite main" >"$dir/sources.list"
	suite_apt "$dir" apt-get update
}

# The work tree records which series it was made from, and the commit that
# was then its head, to tell unexported local work from a stale import.
ktree_state_file() { printf '%s/.git/mdev-series-state\n' "$KSRC"; }

# management_sum TOOL: a checksum of the project's patches to a management
# tool (management/TOOL/, cover letter aside), to tell when its work tree
# (build/management/TOOL) must be made again.
management_sum() {
	{ find "$TOP/management/$1" -name '0*.patch' ! -name '0000-*' -print0 2>/dev/null || true; } |
		sort -z | xargs -0r sha256sum | sha256sum | cut -d' ' -f1
}
