// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failure on the paths that take units: a create with
 * aggregate=N and a resize of each aggregating sample are run with the
 * 1st, 2nd, 3rd ... slab or page allocation of the writing task failed
 * (/proc/thread-self/fail-nth, which arms failslab and fail_page_alloc
 * for this task only), until a write runs with no failure injected. Every
 * failed write must leave nothing behind: no device, no unit taken, the
 * device it resized as it was; a write that succeeds although a failure
 * was injected (an allocation the kernel may do without, such as a
 * uevent) must have taken full effect. The creates run while other
 * processes read the files of the types and of the devices in a loop,
 * and nothing may hang. Leaks are left to kmemleak, whose scan at
 * power-off fails the run.
 *
 * A failure of the driver's own sysfs groups (dev_groups), which the driver
 * core unwinds from inside the bind, is injected on its own, with the
 * stack trace filter of failslab.
 *
 * Runs as root in the test VM with mtty, mbochs and msiov loaded, in a
 * kernel with CONFIG_FAULT_INJECTION, FAILSLAB and FAIL_PAGE_ALLOC.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>

#include "kselftest_harness.h"
#include "vm_util.h"

#define DEBUGFS		"/sys/kernel/debug"
#define MAX_NTH		5000
#define NR_ERRNOS	140
#define NR_READERS	2
#define READERS_STOP_SECONDS	30

/* debugfs knobs set for the test and their values to restore after */
static const struct {
	const char *path;
	const char *val;
	const char *restore;
} knobs[] = {
	/* GFP_KERNEL allocations may fail too, not only atomic ones */
	{ DEBUGFS "/failslab/ignore-gfp-wait", "N", "Y" },
	{ DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N", "Y" },
	{ DEBUGFS "/fail_page_alloc/ignore-gfp-highmem", "N", "Y" },
	{ DEBUGFS "/fail_page_alloc/min-order", "0", "1" },
	/* No stack dump for each failure: the figures are counted here */
	{ DEBUGFS "/failslab/verbose", "0", "2" },
	{ DEBUGFS "/fail_page_alloc/verbose", "0", "2" },
};

struct inject_result {
	int sites;		/* allocations on the path, each failed once */
	int reported;		/* failures the writer got an error for */
	int absorbed;		/* failures the kernel did without */
	int errs[NR_ERRNOS];
};

/*
 * One write of @len bytes of @buf to @path with the @nth allocation of
 * this task failed. Returns 0 or -errno of the write; *@fired tells
 * whether the failure was injected (the path made @nth allocations).
 */
static int write_failing_nth(int nth_fd, const char *path, const char *buf,
			     size_t len, int nth, bool *fired)
{
	char num[16];
	ssize_t n;
	int fd, ret;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(num, sizeof(num), "%d", nth);
	if (pwrite(nth_fd, num, strlen(num), 0) < 0) {
		close(fd);
		return -errno;
	}
	n = write(fd, buf, len);
	ret = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	/* What is left of the count: 0 when the failure was injected */
	memset(num, 0, sizeof(num));
	pread(nth_fd, num, sizeof(num) - 1, 0);
	*fired = atoi(num) == 0;
	pwrite(nth_fd, "0", 1, 0);
	close(fd);
	return ret;
}

static void tally_failure(struct inject_result *r, int ret)
{
	if (!ret) {
		r->absorbed++;
		return;
	}
	r->reported++;
	if (-ret < NR_ERRNOS)
		r->errs[-ret]++;
}

static void print_result(const char *what, const struct inject_result *r)
{
	char line[512];
	size_t len;
	int e;

	len = snprintf(line, sizeof(line),
		       "fault injection: %s: %d allocation sites failed one by one, %d returned an error, %d done without",
		       what, r->sites, r->reported, r->absorbed);
	for (e = 1; e < NR_ERRNOS; e++)
		if (r->errs[e] && len < sizeof(line))
			len += snprintf(line + len, sizeof(line) - len, " (%d %s)",
					r->errs[e], strerrorname_np(e) ?: "?");
	ksft_print_msg("%s\n", line);
}

/* What the reader processes did, in a shared mapping */
struct reader_stats {
	volatile int stop;
	unsigned long rounds[NR_READERS];
	unsigned long type_reads[NR_READERS];
	unsigned long dev_reads[NR_READERS];
};

FIXTURE(inject) {
	int nth_fd;
	bool mounted;
	struct mdev_set devs;
	struct reader_stats *rs;
	pid_t readers[NR_READERS];
	int nr_readers;
};

FIXTURE_SETUP(inject)
{
	unsigned int i;
	char msg[1024];

	memset(&self->devs, 0, sizeof(self->devs));
	self->rs = NULL;
	self->nr_readers = 0;
	self->nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (self->nth_fd < 0)
		SKIP(return, "no /proc/thread-self/fail-nth: CONFIG_FAULT_INJECTION is off");
	if (!path_exists(DEBUGFS "/failslab")) {
		ASSERT_EQ(0, mount("debugfs", DEBUGFS, "debugfs", 0, NULL));
		self->mounted = true;
	}
	ASSERT_TRUE(path_exists(DEBUGFS "/failslab")) TH_LOG("no failslab");
	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		if (path_exists(knobs[i].path))
			ASSERT_EQ(0, write_str(knobs[i].path, knobs[i].val))
				TH_LOG("cannot set debugfs knob %u", i);
	ASSERT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("%s", msg);
}

static void readers_kill(FIXTURE_DATA(inject) *self);

FIXTURE_TEARDOWN(inject)
{
	unsigned int i;
	char msg[1024];

	/* Readers left running by a test that ended early */
	readers_kill(self);
	if (self->nth_fd >= 0) {
		pwrite(self->nth_fd, "0", 1, 0);
		close(self->nth_fd);
	}
	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		if (path_exists(knobs[i].path))
			write_str(knobs[i].path, knobs[i].restore);
	if (self->mounted)
		umount(DEBUGFS);
	mdev_remove_all(&self->devs);
	EXPECT_EQ(0, pool_settle(msg, sizeof(msg))) TH_LOG("%s", msg);
}

/*
 * A create makes a few hundred allocations (the device, its sysfs files,
 * its IOMMU group and VFIO device, the driver's state), and each of them
 * failed is a full create and cleanup, slow in the debug kernel. The
 * paths of the core are the same for every parent, so the creates are
 * run on the core-counted msiov and, with FAULT_INJECT_ALL=1 in the
 * environment, on the driver-counted samples too. The resizes, a few
 * allocations each, run on every sample.
 */
static const struct {
	const char *parent, *type;
	unsigned int n;
	bool always_create;
} targets[] = {
	{ MSIOV, MSIOV_WQ, 4, true },
	{ MBOCHS, MBOCHS_SMALL, 3, false },
	{ MTTY, MTTY_1, 2, false },
};

/* The files of a type that aggregates, and of a device of it */
static const char *const type_files[] = {
	"available_instances", "max_aggregation", "available_aggregation",
	"aggregation_resize",
};
static const char *const dev_files[] = {
	"mdev/aggregation", "mdev/available_aggregation",
	"mdev_type/available_instances", "mdev_type/max_aggregation",
	"mdev_type/available_aggregation", "mdev_type/aggregation_resize",
};

/* Reads every file of the directory @dir once: the number read */
static unsigned long read_dir_files(const char *dir)
{
	struct pool_dir pd;
	const char *path;
	unsigned long n = 0;
	char buf[64];

	if (!pool_dir_open(&pd, dir))
		return 0;
	while ((path = pool_dir_next(&pd)))
		n += !read_str(path, buf, sizeof(buf));
	return n;
}

/*
 * A reader process: until told to stop, reads the files of every target
 * type and of every device present, the devices being created and failed
 * by the writer included. It counts the reads that returned data; a read
 * of a file that went away fails and is not counted.
 */
static void reader(struct reader_stats *rs, int id)
{
	char buf[64], uuid[NAME_MAX + 1];
	struct dirent *de;
	unsigned int i, f;
	DIR *d;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (!rs->stop) {
		for (i = 0; i < ARRAY_SIZE(targets); i++) {
			for (f = 0; f < ARRAY_SIZE(type_files); f++)
				rs->type_reads[id] += !read_str(type_path(targets[i].parent,
									  targets[i].type,
									  type_files[f]),
								buf, sizeof(buf));
			rs->type_reads[id] +=
				read_dir_files(type_path(targets[i].parent, targets[i].type,
							 "aggregation_unit"));
		}
		d = opendir(MDEV_DEVICES);
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(uuid, sizeof(uuid), "%s", de->d_name);
			for (f = 0; f < ARRAY_SIZE(dev_files); f++)
				rs->dev_reads[id] += !read_str(dev_path(uuid, dev_files[f]),
							       buf, sizeof(buf));
			rs->dev_reads[id] +=
				read_dir_files(dev_path(uuid, "mdev_type/aggregation_unit"));
		}
		if (d)
			closedir(d);
		rs->rounds[id]++;
		usleep(1000);
	}
	_exit(0);
}

static void readers_start(struct __test_metadata *_metadata,
			  FIXTURE_DATA(inject) *self)
{
	int i;

	self->rs = mmap(NULL, sizeof(*self->rs), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->rs);
	memset(self->rs, 0, sizeof(*self->rs));
	for (i = 0; i < NR_READERS; i++) {
		self->readers[i] = fork();
		ASSERT_LE(0, self->readers[i]);
		if (!self->readers[i])
			reader(self->rs, i);
		self->nr_readers++;
	}
}

/*
 * Tells the readers to stop and waits up to @seconds for each to exit:
 * the number of readers that did not (they are killed then).
 */
static int readers_stop(FIXTURE_DATA(inject) *self, int seconds)
{
	int i, t, status, stuck = 0;

	if (!self->nr_readers)
		return 0;
	self->rs->stop = 1;
	for (i = 0; i < self->nr_readers; i++) {
		for (t = 0; t < seconds * 10; t++) {
			if (waitpid(self->readers[i], &status, WNOHANG) == self->readers[i])
				break;
			usleep(100 * 1000);
		}
		if (t < seconds * 10)
			continue;
		stuck++;
		kill(self->readers[i], SIGKILL);
		for (t = 0; t < 50; t++) {
			if (waitpid(self->readers[i], &status, WNOHANG) == self->readers[i])
				break;
			usleep(100 * 1000);
		}
	}
	self->nr_readers = 0;
	return stuck;
}

static void readers_kill(FIXTURE_DATA(inject) *self)
{
	readers_stop(self, 1);
}

/*
 * Creates a device of aggregation N with each allocation of the write
 * failed in turn, while other processes read the files of the types and
 * of the devices (the one being created among them) in a loop: nothing
 * may hang, and the readers must get through their rounds. The debug
 * kernel probes every new device twice (DEBUG_TEST_DRIVER_REMOVE), which
 * doubles both the allocation sites and the cost of each.
 */
TEST_F_TIMEOUT(inject, failed_create_leaves_no_device_and_no_unit, 1500)
{
	struct inject_result total = { 0 };
	unsigned long rounds = 0, type_reads = 0, dev_reads = 0;
	unsigned int i;
	int stuck;

	readers_start(_metadata, self);

	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		const char *create = type_path(targets[i].parent, targets[i].type, "create");
		struct inject_result r = { 0 };
		struct pool_snapshot before, after;
		char uuid[MDEV_UUID_LEN + 1], buf[80], path[PATH_MAX], msg[1024];
		int nth, ret, e;
		bool fired = false;

		if (!path_exists(create) ||
		    (!targets[i].always_create && !getenv("FAULT_INJECT_ALL")))
			continue;
		snprintf(path, sizeof(path), "%s", create);
		for (nth = 1; nth < MAX_NTH; nth++) {
			pool_snapshot(&before);
			new_uuid(uuid);
			snprintf(buf, sizeof(buf), "%s,aggregate=%u", uuid, targets[i].n);
			ret = write_failing_nth(self->nth_fd, path, buf, strlen(buf),
						nth, &fired);
			if (!fired) {
				/* No failure injected: it must simply work */
				ASSERT_EQ(0, ret) TH_LOG("%s: create failed with no failure injected: %s",
							 targets[i].type, strerror(-ret));
				EXPECT_EQ(targets[i].n, dev_units(uuid));
				EXPECT_EQ(0, write_str(dev_path(uuid, "remove"), "1"));
				break;
			}
			r.sites++;
			tally_failure(&r, ret);
			if (ret) {
				EXPECT_FALSE(path_exists(dev_path(uuid, "")))
					TH_LOG("%s: allocation %d failed (%s) but the device exists",
					       targets[i].type, nth, strerror(-ret));
				pool_snapshot(&after);
				EXPECT_TRUE(pool_snapshot_equal(&before, &after))
					TH_LOG("%s: allocation %d failed (%s) and a unit was lost",
					       targets[i].type, nth, strerror(-ret));
			} else {
				/* Done without the allocation: done completely */
				EXPECT_EQ(targets[i].n, dev_units(uuid))
					TH_LOG("%s: allocation %d", targets[i].type, nth);
				EXPECT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("%s", msg);
				EXPECT_EQ(0, write_str(dev_path(uuid, "remove"), "1"));
			}
			if (_metadata->exit_code)
				break;
		}
		ASSERT_FALSE(fired) TH_LOG("%s: still failing after %d allocations",
					   targets[i].type, MAX_NTH);
		EXPECT_EQ(0, pool_settle(msg, sizeof(msg))) TH_LOG("%s", msg);
		snprintf(msg, sizeof(msg), "create %s,aggregate=%u", targets[i].type,
			 targets[i].n);
		print_result(msg, &r);
		EXPECT_LT(0, r.reported) TH_LOG("%s: no failure reached the writer", msg);
		total.sites += r.sites;
		total.reported += r.reported;
		total.absorbed += r.absorbed;
		for (e = 0; e < NR_ERRNOS; e++)
			total.errs[e] += r.errs[e];
	}
	print_result("all creates", &total);

	stuck = readers_stop(self, READERS_STOP_SECONDS);
	EXPECT_EQ(0, stuck) TH_LOG("%d reader processes did not stop within %d s",
				   stuck, READERS_STOP_SECONDS);
	for (i = 0; i < NR_READERS; i++) {
		EXPECT_LT(0UL, self->rs->rounds[i]) TH_LOG("reader %u made no round", i);
		EXPECT_LT(0UL, self->rs->type_reads[i])
			TH_LOG("reader %u read no file of a type", i);
		rounds += self->rs->rounds[i];
		type_reads += self->rs->type_reads[i];
		dev_reads += self->rs->dev_reads[i];
	}
	ksft_print_msg("fault injection: %d readers beside the creates: %lu rounds, %lu reads of type files, %lu of device files; all stopped\n",
		       NR_READERS, rounds, type_reads, dev_reads);
}

/* Resizes a device up and down with each allocation of the write failed */
TEST_F_TIMEOUT(inject, failed_resize_leaves_the_device_and_the_pool_as_they_were, 300)
{
	struct inject_result total = { 0 };
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		for (j = 0; j < 2; j++) {
			/* j == 0: 1 -> n, j == 1: n -> 1 */
			unsigned int from = j ? targets[i].n : 1, to = j ? 1 : targets[i].n;
			struct inject_result r = { 0 };
			struct pool_snapshot before, after;
			char uuid[MDEV_UUID_LEN + 1], val[16], path[PATH_MAX], msg[1024];
			int nth, ret, e;
			bool fired = false;

			if (!path_exists(type_path(targets[i].parent, targets[i].type, "create")))
				continue;
			ASSERT_EQ(0, mdev_create_n(&self->devs, targets[i].parent,
						   targets[i].type, from, uuid));
			snprintf(path, sizeof(path), "%s", dev_path(uuid, "mdev/aggregation"));
			snprintf(val, sizeof(val), "%u", to);
			for (nth = 1; nth < MAX_NTH; nth++) {
				pool_snapshot(&before);
				ret = write_failing_nth(self->nth_fd, path, val, strlen(val),
							nth, &fired);
				if (!fired) {
					ASSERT_EQ(0, ret) TH_LOG("%s: resize failed with no failure injected: %s",
								 targets[i].type, strerror(-ret));
					EXPECT_EQ(to, dev_units(uuid));
					break;
				}
				r.sites++;
				tally_failure(&r, ret);
				if (ret) {
					EXPECT_EQ(from, dev_units(uuid))
						TH_LOG("%s: allocation %d failed (%s) but the aggregation changed",
						       targets[i].type, nth, strerror(-ret));
					pool_snapshot(&after);
					EXPECT_TRUE(pool_snapshot_equal(&before, &after))
						TH_LOG("%s: allocation %d failed (%s) and the pool changed",
						       targets[i].type, nth, strerror(-ret));
				} else {
					EXPECT_EQ(to, dev_units(uuid));
					EXPECT_EQ(0, pool_check_all(msg, sizeof(msg)))
						TH_LOG("%s", msg);
					ASSERT_EQ(0, mdev_set_aggregation(uuid, from));
				}
				if (_metadata->exit_code)
					break;
			}
			ASSERT_FALSE(fired) TH_LOG("%s: still failing after %d allocations",
						   targets[i].type, MAX_NTH);
			snprintf(msg, sizeof(msg), "resize %s %u->%u", targets[i].type, from, to);
			print_result(msg, &r);
			total.sites += r.sites;
			total.reported += r.reported;
			total.absorbed += r.absorbed;
			for (e = 0; e < NR_ERRNOS; e++)
				total.errs[e] += r.errs[e];
			mdev_remove_all(&self->devs);
		}
	}
	print_result("all resizes", &total);
}

/*
 * The start of the kernel text symbol @name in *@start and of the text
 * symbol after it in *@end, from /proc/kallsyms: 0 or -errno.
 */
static int text_symbol_range(const char *name, unsigned long *start,
			     unsigned long *end)
{
	char line[512], sym[256], type;
	unsigned long addr;
	FILE *f;

	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return -errno;
	*start = 0;
	*end = ULONG_MAX;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %255s", &addr, &type, sym) == 3 &&
		    (type == 't' || type == 'T') && !strcmp(sym, name)) {
			*start = addr;
			break;
		}
	rewind(f);
	while (*start && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %255s", &addr, &type, sym) == 3 &&
		    (type == 't' || type == 'T') && addr > *start && addr < *end)
			*end = addr;
	fclose(f);
	return *start && *end != ULONG_MAX ? 0 : -ENOENT;
}

/* failslab's knobs for one failure under one function, and their defaults */
static const char *const groups_knobs[][3] = {
	{ DEBUGFS "/failslab/probability", "100", "0" },
	{ DEBUGFS "/failslab/interval", "1", "1" },
	{ DEBUGFS "/failslab/times", "1", "1" },
	{ DEBUGFS "/failslab/task-filter", "Y", "N" },
	{ DEBUGFS "/failslab/stacktrace-depth", "32", "32" },
};

/*
 * The driver core makes a driver's dev_groups (mtty's and mbochs' "vendor"
 * directory) after its probe() and, when that fails, calls the bus's
 * remove() from inside the bind. A create whose device attributes cannot
 * be made must fail, not hang, leave no device and give every unit back.
 * failslab fails one allocation of this task made under
 * device_add_groups() but not under device_add(), which adds the core's
 * own groups: the stack trace filter keeps to the driver's.
 */
TEST_F_TIMEOUT(inject, failed_driver_groups_fail_the_create_cleanly, 300)
{
	static const struct {
		const char *parent, *type, *suffix;
	} creates[] = {
		{ MTTY, MTTY_1, "" },
		{ MTTY, MTTY_1, ",aggregate=2" },
		{ MBOCHS, MBOCHS_SMALL, "" },
		{ MBOCHS, MBOCHS_SMALL, ",aggregate=3" },
	};
	unsigned long grp_start, grp_end, add_start, add_end;
	char uuid[MDEV_UUID_LEN + 1], buf[80], val[32], msg[1024];
	struct pool_snapshot before, after;
	unsigned int i, k, tried = 0;
	int ret, errs[NR_ERRNOS] = { 0 }, e;

	if (!path_exists(DEBUGFS "/failslab/require-start"))
		SKIP(return, "no failslab stack trace filter: CONFIG_FAULT_INJECTION_STACKTRACE_FILTER is off");
	ASSERT_EQ(0, text_symbol_range("device_add_groups", &grp_start, &grp_end));
	ASSERT_EQ(0, text_symbol_range("device_add", &add_start, &add_end));

	for (i = 0; i < ARRAY_SIZE(creates); i++) {
		const char *create = type_path(creates[i].parent, creates[i].type, "create");

		if (!path_exists(create))
			continue;
		for (k = 0; k < ARRAY_SIZE(groups_knobs); k++)
			ASSERT_EQ(0, write_str(groups_knobs[k][0], groups_knobs[k][1]));
		snprintf(val, sizeof(val), "%#lx", grp_start);
		ASSERT_EQ(0, write_str(DEBUGFS "/failslab/require-start", val));
		snprintf(val, sizeof(val), "%#lx", grp_end);
		ASSERT_EQ(0, write_str(DEBUGFS "/failslab/require-end", val));
		snprintf(val, sizeof(val), "%#lx", add_start);
		ASSERT_EQ(0, write_str(DEBUGFS "/failslab/reject-start", val));
		snprintf(val, sizeof(val), "%#lx", add_end);
		ASSERT_EQ(0, write_str(DEBUGFS "/failslab/reject-end", val));

		pool_snapshot(&before);
		new_uuid(uuid);
		snprintf(buf, sizeof(buf), "%s%s", uuid, creates[i].suffix);
		ASSERT_EQ(0, write_str("/proc/thread-self/make-it-fail", "1"));
		ret = write_str(create, buf);
		write_str("/proc/thread-self/make-it-fail", "0");
		/* times counts down to 0 when the failure was injected */
		ASSERT_EQ(0, read_str(DEBUGFS "/failslab/times", val, sizeof(val)));

		for (k = 0; k < ARRAY_SIZE(groups_knobs); k++)
			write_str(groups_knobs[k][0], groups_knobs[k][2]);
		write_str(DEBUGFS "/failslab/require-start", "0");
		write_str(DEBUGFS "/failslab/require-end", "0xffffffffffffffff");
		write_str(DEBUGFS "/failslab/reject-start", "0");
		write_str(DEBUGFS "/failslab/reject-end", "0");

		ASSERT_EQ(0, atoi(val)) TH_LOG("%s%s: no allocation under device_add_groups() was failed",
					       creates[i].type, creates[i].suffix);
		/* The errno is the driver core's (sysfs answers EACCES here) */
		EXPECT_GT(0, ret) TH_LOG("%s%s: the create succeeded", creates[i].type,
					 creates[i].suffix);
		if (ret < 0 && -ret < NR_ERRNOS)
			errs[-ret]++;
		EXPECT_FALSE(path_exists(dev_path(uuid, "")))
			TH_LOG("%s%s: the failed create left its device", creates[i].type,
			       creates[i].suffix);
		pool_snapshot(&after);
		EXPECT_TRUE(pool_snapshot_equal(&before, &after))
			TH_LOG("%s%s: the failed create did not give every unit back",
			       creates[i].type, creates[i].suffix);
		EXPECT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("%s", msg);
		tried++;
	}
	if (!tried)
		SKIP(return, "neither mtty nor mbochs is loaded");
	ksft_print_msg("fault injection: %u creates failed in the driver's dev_groups, each cleanly\n",
		       tried);
	for (e = 1; e < NR_ERRNOS; e++)
		if (errs[e])
			ksft_print_msg("fault injection: %d of them returned %s\n", errs[e],
				       strerrorname_np(e) ?: "?");
}

TEST_HARNESS_MAIN
