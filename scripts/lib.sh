# Shared by the scripts in this folder: paths, messages and small helpers.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="${BUILD:-$TOP/build}"
SERIES_DIR="$TOP/kernel/series"
CONFIG_DIR="$TOP/kernel/config"
KSRC="${KSRC:-$BUILD/linux}"	# work tree: git repository, one commit per patch
KSRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
LOGS="$BUILD/logs"

# A fixed identity and date for the upstream baseline commit, so that its
# hash (and so every patch's parent) is the same on every machine.
BASELINE_ENV="GIT_AUTHOR_NAME=linux-source GIT_AUTHOR_EMAIL=linux-source@debian.invalid
GIT_COMMITTER_NAME=linux-source GIT_COMMITTER_EMAIL=linux-source@debian.invalid
GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z"
BASELINE_TAG=upstream

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# flavour_out FLAVOUR: the kernel output folder of a config flavour.
# "stock" is the lean config built from the baseline without the series,
# for the benchmark; its tree and output sit in build/stock/ so that the
# path from output to source is the same as for build/out-lean and ccache
# hits for every file the series does not touch.
flavour_out() {
	case "$1" in
	stock) printf '%s/stock/out-lean\n' "$BUILD" ;;
	*) printf '%s/out-%s\n' "$BUILD" "$1" ;;
	esac
}

# flavour_src FLAVOUR: the source tree a flavour is built from.
flavour_src() {
	case "$1" in
	stock) printf '%s/stock/linux\n' "$BUILD" ;;
	*) printf '%s\n' "$KSRC" ;;
	esac
}

# flavour_fragments FLAVOUR: the config fragments a flavour is made of.
flavour_fragments() {
	case "$1" in
	lean | stock) printf '%s\n' "$CONFIG_DIR/base.config" "$CONFIG_DIR/vfio-mdev.config" ;;
	debug) printf '%s\n' "$CONFIG_DIR/base.config" "$CONFIG_DIR/vfio-mdev.config" \
		"$CONFIG_DIR/debug.config" ;;
	# i915 with GVT-g/KVMGT: builds the GVT-g driver and its KUnit suite.
	gvt) printf '%s\n' "$CONFIG_DIR/base.config" "$CONFIG_DIR/vfio-mdev.config" \
		"$CONFIG_DIR/gvt.config" ;;
	# For the soak: lean with kobject releases delayed.
	kobj) printf '%s\n' "$CONFIG_DIR/base.config" "$CONFIG_DIR/vfio-mdev.config" \
		"$CONFIG_DIR/kobject-release.config" ;;
	# The guest QEMU boots inside the test VM (tests/nested).
	guest) printf '%s\n' "$CONFIG_DIR/base.config" "$CONFIG_DIR/nested-guest.config" ;;
	*) die "unknown kernel flavour '$1' (lean, debug, gvt, kobj, guest or stock)" ;;
	esac
}

# The series is posted as several patch series ("postings"), each a
# folder of kernel/series (N-name/, git format-patch output with its own
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

# The work tree records which series it was made from, and the commit that
# was then its head, to tell unexported local work from a stale import.
ktree_state_file() { printf '%s/.git/mdev-series-state\n' "$KSRC"; }
