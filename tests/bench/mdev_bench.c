// SPDX-License-Identifier: GPL-2.0
/*
 * mdev_bench: time the mdev control path from inside the test VM.
 *
 * Every figure is clock_gettime(CLOCK_MONOTONIC) around sysfs writes to
 * the mbochs-small type of the mbochs sample parent, which must be loaded
 * with a pool ("count" MB) of at least 20480 MB; its memory is allocated
 * lazily, so a large pool costs nothing. Workload 1 also times the
 * mdpy-vga type of the mdpy sample, a type that does not aggregate, when
 * mdpy is loaded ("@@bench-skip w=1 ..." when it is not).  Workloads 2 and
 * 3 also time the wq type of the msiov sample (a unit is a work queue with
 * a page of its own, at most 8), which must be loaded where the kernel
 * has aggregation, with at least 16 queues.
 *
 *   1  create+remove of one device (case create-remove: mbochs-small,
 *      case create-remove-mdpy: mdpy-vga)
 *   2  one device with aggregate=N vs N separate devices (create+remove);
 *      cases aggregate and separate (mbochs-small), aggregate-msiov and
 *      separate-msiov (msiov-wq)
 *   3  resize 1 -> N -> 1 vs remove and create again at N and at 1; cases
 *      resize and recreate (mbochs-small), resize-msiov and
 *      recreate-msiov (msiov-wq)
 *   4  create+remove of one device with 0, 256, 1024 and 4096 devices
 *      already on the parent
 *
 * Workloads 2 and 3 need the aggregation series; on a kernel without it
 * they are reported as skipped.  Each workload runs --runs times; a run
 * is --iters iterations (fewer for the big sets of workload 2), and one
 * line per run gives the median cost of one iteration in nanoseconds and
 * the mean (the mean counts the work an iteration leaves for later, RCU
 * callbacks for example, wherever it lands; the median leaves out an
 * iteration during which the emulated CPU was not scheduled, which only
 * matters when the guest's time is the host's):
 *
 *   @@bench w=4 case=present n=1024 run=3 iters=200 create_ns=.. remove_ns=.. ns=..
 *           create_mean_ns=.. remove_mean_ns=.. mean_ns=..
 *
 * "ns" is the whole iteration; create_ns and remove_ns are its parts
 * (resize: grow and shrink), each the median of its own; the same with
 * _mean_ for the means.  A skipped workload prints
 * "@@bench-skip w=2 reason=...".  Any failed write ends the program with
 * a message on stderr and exit status 1.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TYPE_NAME	"mbochs-small"
#define MDPY_TYPE_NAME	"mdpy-vga"
#define MSIOV_TYPE_NAME	"msiov-wq"
#define MDEV_DEVICES	"/sys/bus/mdev/devices"
#define MAX_PRESENT	4096

static char type_dir[512];	/* mbochs-small */
static char mdpy_dir[512];	/* mdpy-vga, empty when mdpy is not loaded */
static char msiov_dir[512];	/* msiov-wq, empty when msiov is not loaded */
static int runs = 9;
static int iters = 200;

/* The sizes N of workloads 2 and 3 on each type, 0-terminated */
struct aggregating_type {
	const char *dir;
	const char *suffix;	/* of the case names */
	int w2_sizes[6];
	int w3_sizes[6];
};

static const struct aggregating_type w23_types[] = {
	{ type_dir, "", { 1, 2, 4, 16, 64 }, { 2, 4, 16, 64 } },
	{ msiov_dir, "-msiov", { 1, 2, 4, 8 }, { 2, 4, 8 } },
};
static const int w4_present[] = { 0, 256, 1024, MAX_PRESENT };

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "mdev_bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Write @val to the sysfs file @path; returns 0 or -errno. */
static int sysfs_write(const char *path, const char *val)
{
	ssize_t len = strlen(val), ret;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = write(fd, val, len);
	if (ret < 0)
		err = -errno;
	else if (ret != len)
		err = -EIO;
	close(fd);
	return err;
}

static void must_write(const char *path, const char *val)
{
	int err = sysfs_write(path, val);

	if (err)
		die("writing '%s' to %s: %s", val, path, strerror(-err));
}

/*
 * The UUID of device @idx of a set: each set (@set) has its own first
 * word, so that no UUID is ever used twice in a boot and a device still
 * being released can never collide with a new one.
 */
static void make_uuid(char *buf, unsigned int set, unsigned int idx)
{
	sprintf(buf, "%08x-0000-4000-8000-%012x", set, idx);
}

static unsigned int next_set = 0x100;

/* Creates device @uuid of the type in @dir, of @aggregate units if not 0 */
static void create_in(const char *dir, const char *uuid, int aggregate)
{
	char path[600], val[64];

	snprintf(path, sizeof(path), "%s/create", dir);
	if (aggregate)
		snprintf(val, sizeof(val), "%s,aggregate=%d", uuid, aggregate);
	else
		snprintf(val, sizeof(val), "%s", uuid);
	must_write(path, val);
}

static void destroy(const char *uuid)
{
	char path[128];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/remove", uuid);
	must_write(path, "1");
}

static void resize(const char *uuid, int n)
{
	char path[128], val[16];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/mdev/aggregation", uuid);
	snprintf(val, sizeof(val), "%d", n);
	must_write(path, val);
}

/* The times of the iterations of one run: first part, second part */
static uint64_t *part1, *part2, *whole;
static int max_count;

static void record(int i, uint64_t t0, uint64_t t1, uint64_t t2)
{
	if (i >= max_count)
		die("more than %d iterations in a run", max_count);
	part1[i] = t1 - t0;
	part2[i] = t2 - t1;
	whole[i] = t2 - t0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static unsigned long long median(uint64_t *v, int count)
{
	qsort(v, count, sizeof(*v), cmp_u64);
	if (count % 2)
		return v[count / 2];
	return (v[count / 2 - 1] + v[count / 2]) / 2;
}

static unsigned long long mean(const uint64_t *v, int count)
{
	unsigned long long sum = 0;
	int i;

	for (i = 0; i < count; i++)
		sum += v[i];
	return sum / count;
}

static void report(int w, const char *name, int n, int run, int count)
{
	unsigned long long m1 = mean(part1, count), m2 = mean(part2, count),
			   m = mean(whole, count);

	printf("@@bench w=%d case=%s n=%d run=%d iters=%d create_ns=%llu remove_ns=%llu ns=%llu create_mean_ns=%llu remove_mean_ns=%llu mean_ns=%llu\n",
	       w, name, n, run, count, median(part1, count),
	       median(part2, count), median(whole, count), m1, m2, m);
	fflush(stdout);
}

/*
 * @count cycles of create+remove of one device of the type in @dir, of
 * aggregation @aggregate
 */
static void create_remove_in(const char *dir, int w, const char *name, int n,
			     int run, int count, int aggregate)
{
	unsigned int set = next_set++;
	uint64_t t0, t1, t2;
	char uuid[40];
	int i;

	for (i = 0; i < count; i++) {
		make_uuid(uuid, set, i);
		t0 = now_ns();
		create_in(dir, uuid, aggregate);
		t1 = now_ns();
		destroy(uuid);
		t2 = now_ns();
		record(i, t0, t1, t2);
	}
	report(w, name, n, run, count);
}

/* The same on mbochs-small */
static void create_remove(int w, const char *name, int n, int run,
			  int count, int aggregate)
{
	create_remove_in(type_dir, w, name, n, run, count, aggregate);
}

/*
 * Workload 1: the plain path, which every kernel has, on a type that
 * aggregates with the series (mbochs-small) and on one that does not
 * (mdpy-vga), the runs of both interleaved
 */
static void workload1(void)
{
	int run;

	if (!mdpy_dir[0])
		printf("@@bench-skip w=1 reason=mdpy-not-loaded\n");
	for (run = 0; run < runs; run++) {
		create_remove(1, "create-remove", 1, run, iters, 0);
		if (mdpy_dir[0])
			create_remove_in(mdpy_dir, 1, "create-remove-mdpy", 1, run,
					 iters, 0);
	}
}

static int supports_aggregation(void)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/max_aggregation", type_dir);
	return access(path, F_OK) == 0;
}

/* The case @name of a workload on type @t, into @buf (size 32) */
static const char *case_name(char *buf, const char *name,
			     const struct aggregating_type *t)
{
	snprintf(buf, 32, "%s%s", name, t->suffix);
	return buf;
}

/* Workload 2 on type @t: one device of N units vs N devices of one unit */
static void workload2_type(const struct aggregating_type *t, int run)
{
	const int *size;
	char uuid[40], name[32];

	for (size = t->w2_sizes; *size; size++) {
		int n = *size, count, i, k;
		uint64_t t0, t1, t2;

		create_remove_in(t->dir, 2, case_name(name, "aggregate", t), n,
				 run, iters / 4, n);

		/* about as many writes as the aggregate case, at least 2 sets */
		count = iters / n > 2 ? iters / n : 2;
		for (i = 0; i < count; i++) {
			unsigned int set = next_set++;

			t0 = now_ns();
			for (k = 0; k < n; k++) {
				make_uuid(uuid, set, k);
				create_in(t->dir, uuid, 0);
			}
			t1 = now_ns();
			for (k = 0; k < n; k++) {
				make_uuid(uuid, set, k);
				destroy(uuid);
			}
			t2 = now_ns();
			record(i, t0, t1, t2);
		}
		report(2, case_name(name, "separate", t), n, run, count);
	}
}

/*
 * Workload 3 on type @t: resize 1 -> N -> 1 vs remove and create again
 * at N, then 1
 */
static void workload3_type(const struct aggregating_type *t, int run)
{
	const int *size;
	char uuid[40], name[32];

	for (size = t->w3_sizes; *size; size++) {
		int n = *size, count = iters / 4, i;
		unsigned int set = next_set++;
		uint64_t t0, t1, t2;

		make_uuid(uuid, set, 0);
		create_in(t->dir, uuid, 1);
		for (i = 0; i < count; i++) {
			t0 = now_ns();
			resize(uuid, n);
			t1 = now_ns();
			resize(uuid, 1);
			t2 = now_ns();
			record(i, t0, t1, t2);
		}
		destroy(uuid);
		report(3, case_name(name, "resize", t), n, run, count);

		set = next_set++;
		make_uuid(uuid, set, 0);
		create_in(t->dir, uuid, 1);
		for (i = 0; i < count; i++) {
			t0 = now_ns();
			destroy(uuid);
			make_uuid(uuid, set, 2 * i + 1);
			create_in(t->dir, uuid, n);
			t1 = now_ns();
			destroy(uuid);
			make_uuid(uuid, set, 2 * i + 2);
			create_in(t->dir, uuid, 1);
			t2 = now_ns();
			record(i, t0, t1, t2);
		}
		destroy(uuid);
		report(3, case_name(name, "recreate", t), n, run, count);
	}
}

/* Workloads 2 and 3 on every aggregating type, the runs interleaved */
static void workload23(int w)
{
	size_t k;
	int run;

	if (!supports_aggregation()) {
		printf("@@bench-skip w=%d reason=no-aggregation-in-this-kernel\n", w);
		return;
	}
	for (run = 0; run < runs; run++) {
		for (k = 0; k < ARRAY_SIZE(w23_types); k++) {
			if (w == 2)
				workload2_type(&w23_types[k], run);
			else
				workload3_type(&w23_types[k], run);
		}
	}
}

/* What the guest has left with @present devices on the parent */
static void print_memory(int present)
{
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long kb;

		if (sscanf(line, "MemAvailable: %lu kB", &kb) == 1)
			printf("@@bench-info devices=%d mem_available_mb=%lu\n",
			       present, kb / 1024);
	}
	fclose(f);
}

/* Workload 4: create+remove with more and more devices on the parent */
static void workload4(void)
{
	unsigned int set = next_set++;
	int present = 0, run, k;
	char uuid[40];
	size_t s;

	for (s = 0; s < ARRAY_SIZE(w4_present); s++) {
		for (; present < w4_present[s]; present++) {
			make_uuid(uuid, set, present);
			create_in(type_dir, uuid, 0);
		}
		for (run = 0; run < runs; run++)
			create_remove(4, "present", present, run, iters, 0);
	}
	print_memory(present);
	for (k = 0; k < present; k++) {
		make_uuid(uuid, set, k);
		destroy(uuid);
	}
}

/* The folder of type @name into @buf (size 512), empty if no parent has it */
static void find_type(const char *name, char *buf)
{
	const char *bus = "/sys/class/mdev_bus";
	struct dirent *de;
	DIR *dir;

	buf[0] = 0;
	dir = opendir(bus);
	if (!dir)
		die("%s: %s (is the mdev module loaded?)", bus, strerror(errno));
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(buf, 512, "%s/%.200s/mdev_supported_types/%s", bus,
			 de->d_name, name);
		if (access(buf, F_OK) == 0)
			break;
		buf[0] = 0;
	}
	closedir(dir);
}

static void usage(void)
{
	die("usage: mdev_bench [-r RUNS] [-i ITERATIONS] [-w WORKLOADS, e.g. 14]");
}

int main(int argc, char **argv)
{
	const char *workloads = "1234";
	int opt;

	while ((opt = getopt(argc, argv, "r:i:w:")) != -1) {
		switch (opt) {
		case 'r':
			runs = atoi(optarg);
			break;
		case 'i':
			iters = atoi(optarg);
			break;
		case 'w':
			workloads = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || runs < 1 || iters < 4 ||
	    strspn(workloads, "1234") != strlen(workloads))
		usage();

	max_count = iters;
	part1 = calloc(max_count, sizeof(*part1));
	part2 = calloc(max_count, sizeof(*part2));
	whole = calloc(max_count, sizeof(*whole));
	if (!part1 || !part2 || !whole)
		die("out of memory");

	find_type(TYPE_NAME, type_dir);
	if (!type_dir[0])
		die("no parent with type " TYPE_NAME " (is mbochs loaded?)");
	find_type(MDPY_TYPE_NAME, mdpy_dir);
	find_type(MSIOV_TYPE_NAME, msiov_dir);
	if (supports_aggregation() && !msiov_dir[0])
		die("no parent with type " MSIOV_TYPE_NAME " (is msiov loaded?)");
	printf("@@bench-start type=%s runs=%d iters=%d aggregation=%s\n",
	       type_dir, runs, iters, supports_aggregation() ? "yes" : "no");
	if (strchr(workloads, '1'))
		workload1();
	if (strchr(workloads, '2'))
		workload23(2);
	if (strchr(workloads, '3'))
		workload23(3);
	if (strchr(workloads, '4'))
		workload4();
	printf("@@bench-end\n");
	return 0;
}
