# mdev aggregation: the two commands, and the series round trip.
#   make demo           build the kernel (Linux 7.3), boot it, show aggregation working
#   make check          every test on 7.3; the 6.12 backport's series checks and selftests
#   make check-fresh    make demo and make check in a fresh minimal Debian 12 root
#   make bench          measure the control path against stock 7.3 (not a test)
#   make soak           the long reliability run (not part of make check)
#   make fuzz           trinity on mdev and VFIO, 30 minutes (not part of make check)
#   make install-callout    install mdevctl's callout for aggregating types
#   make uninstall-callout  (on this machine: scripts/install-callout)
#   make management     libvirt and mdevctl of Debian 13 with the project's patches
#                       (management/), built and tested in a Debian 13 root
#   make management-export  their work trees' commits -> management/
#   make series-export  work tree commits (build/7.3/linux) -> kernel/series
#   make series-import  kernel/series -> work tree (FORCE=1 discards local work)
# BASE=6.12 points every target but check at the backport: build/linux and
# kernel/series-6.12.
.PHONY: demo check check-fresh bench soak fuzz install-callout uninstall-callout management management-export series-export series-import kernel setup

demo:
	@scripts/demo

check:
	@scripts/check

check-fresh:
	@scripts/check-fresh

bench:
	@scripts/bench

soak:
	@scripts/soak

fuzz:
	@scripts/fuzz

install-callout:
	@scripts/setup-deps
	@scripts/install-callout

uninstall-callout:
	@scripts/install-callout --uninstall

management:
	@scripts/setup-deps
	@scripts/build-management

management-export:
	@scripts/management-export

series-export:
	@scripts/series-export

series-import:
	@scripts/setup-deps
	@scripts/series-import

kernel:
	@scripts/setup-deps
	@scripts/kernel-build $(or $(FLAVOUR),debug)

setup:
	@scripts/setup-deps
