# mdev aggregation: the two commands, and the series round trip.
#   make demo           build the kernel, boot it, show aggregation working
#   make check          build the debug kernel and run every test
#   make bench          measure the control path against stock 6.12 (not a test)
#   make series-export  work tree commits (build/linux) -> kernel/series
#   make series-import  kernel/series -> work tree (FORCE=1 discards local work)
.PHONY: demo check bench series-export series-import kernel setup

demo:
	@scripts/demo

check:
	@scripts/check

bench:
	@scripts/bench

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
