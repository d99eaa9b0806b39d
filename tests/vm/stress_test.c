// SPDX-License-Identifier: GPL-2.0
/*
 * Several processes hammer the aggregating sample parents at once for a
 * bounded time: random creates (plain and aggregate=N), resizes up and
 * down, removes, and VFIO opens and closes (resizing while open, which
 * msiov allows and mtty and mbochs refuse with EBUSY, even a growth the
 * pool could not hold). Every refusal must
 * carry an errno the ABI documents for it. The workers are stopped at
 * checkpoints, and at every checkpoint and at the end the pool of every
 * parent must agree exactly with the devices present; once the devices
 * are removed every pool must be whole again.
 *
 * STRESS_SECONDS and STRESS_WORKERS in the environment change the run.
 * Runs as root in the test VM with mtty, mbochs and msiov loaded.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "pool_util.h"

#define DEFAULT_SECONDS		45
#define DEFAULT_WORKERS		6
#define MAX_WORKERS		16
#define CHECK_EVERY_SECONDS	5
#define DEVS_PER_WORKER		8
#define NR_ERRNOS		140

enum stress_op {
	OP_CREATE,
	OP_CREATE_AGG,
	OP_RESIZE,
	OP_REMOVE,
	OP_OPEN_CLOSE,
	OP_RESIZE_OPEN,
	OP_READ,
	NR_OPS,
};

static const char *const op_names[NR_OPS] = {
	"create", "create-aggregate", "resize", "remove", "vfio-open-close",
	"resize-while-open", "read-counters",
};

/* Shared by the workers and the parent, in a shared mapping */
struct stress_shared {
	volatile int stop;
	volatile int pause;
	int paused;
	unsigned long ops[NR_OPS];
	unsigned long ok[NR_OPS];
	unsigned long refused[NR_OPS][NR_ERRNOS];
	unsigned long unexpected;
	char first_unexpected[256];
};

struct stress_dev {
	char uuid[MDEV_UUID_LEN + 1];
	const struct pool_parent *parent;
	const struct pool_type *type;
};

static struct stress_shared *sh;

static void count(enum stress_op op, int ret)
{
	__atomic_fetch_add(&sh->ops[op], 1, __ATOMIC_RELAXED);
	if (!ret)
		__atomic_fetch_add(&sh->ok[op], 1, __ATOMIC_RELAXED);
	else if (-ret < NR_ERRNOS)
		__atomic_fetch_add(&sh->refused[op][-ret], 1, __ATOMIC_RELAXED);
}

static void unexpected(enum stress_op op, const char *what, int ret)
{
	if (__atomic_fetch_add(&sh->unexpected, 1, __ATOMIC_RELAXED) == 0)
		snprintf(sh->first_unexpected, sizeof(sh->first_unexpected),
			 "%s: %s: %s", op_names[op], what, strerror(-ret));
}

/* Picks an aggregating or plain type of a parent that is loaded */
static const struct pool_type *pick_type(const struct pool_parent **pp)
{
	for (;;) {
		const struct pool_parent *p = &pool_parents[rand() % NR_POOL_PARENTS];

		if (!parent_present(p))
			continue;
		*pp = p;
		return &p->types[rand() % p->nr_types];
	}
}

/* A random aggregation for @t: 1 .. its cap, at most 6 */
static unsigned int pick_n(const struct pool_type *t)
{
	return 1 + rand() % min_uint(t->cap, 6);
}

static int aggregation_write(const char *uuid, unsigned int n)
{
	return mdev_set_aggregation(uuid, n);
}

static void op_create(struct stress_dev *devs, int *nr, bool agg)
{
	enum stress_op op = agg ? OP_CREATE_AGG : OP_CREATE;
	const struct pool_parent *p;
	const struct pool_type *t = pick_type(&p);
	struct stress_dev *d = &devs[*nr];
	unsigned int n = agg ? pick_n(t) : 1;
	char buf[80];
	int ret;

	if (agg && t->cap <= 1)
		n = 1;	/* aggregate=1 is accepted by every type */
	new_uuid(d->uuid);
	if (agg)
		snprintf(buf, sizeof(buf), "%s,aggregate=%u", d->uuid, n);
	else
		snprintf(buf, sizeof(buf), "%s", d->uuid);
	ret = write_str(type_path(p->name, t->name, "create"), buf);
	count(op, ret);
	if (!ret) {
		d->parent = p;
		d->type = t;
		(*nr)++;
		if (dev_units(d->uuid) != n)
			unexpected(op, "device holds another aggregation", -EINVAL);
		return;
	}
	/*
	 * Out of units: ENOSPC, or as before the series EUSERS for a plain
	 * create on the core-counted msiov (aggregate=1 there is ENOSPC)
	 */
	if (ret != -ENOSPC && !(ret == -EUSERS && !agg && !strcmp(p->name, MSIOV)))
		unexpected(op, buf, ret);
}

static void op_resize(struct stress_dev *d)
{
	unsigned int n;
	int ret;

	if (d->type->cap <= 1)
		return;
	n = pick_n(d->type);
	ret = aggregation_write(d->uuid, n);
	count(OP_RESIZE, ret);
	if (ret && ret != -ENOSPC)
		unexpected(OP_RESIZE, d->uuid, ret);
	if (!ret && dev_units(d->uuid) != n)
		unexpected(OP_RESIZE, "aggregation did not change", -EINVAL);
}

static void op_remove(struct stress_dev *devs, int *nr, int i)
{
	int ret = write_str(dev_path(devs[i].uuid, "remove"), "1");

	count(OP_REMOVE, ret);
	if (ret) {
		unexpected(OP_REMOVE, devs[i].uuid, ret);
		return;
	}
	devs[i] = devs[--*nr];
}

/* Opens the device, resizes it while open when asked, and closes it */
static void op_open(struct stress_dev *d, bool resize)
{
	struct vfio_open v;
	int ret;

	ret = vfio_open_dev(d->uuid, &v);
	count(OP_OPEN_CLOSE, ret);
	if (ret) {
		unexpected(OP_OPEN_CLOSE, d->uuid, ret);
		return;
	}
	if (resize && d->type->cap > 1) {
		unsigned int n = pick_n(d->type);
		unsigned int cur = dev_units(d->uuid);

		ret = aggregation_write(d->uuid, n);
		count(OP_RESIZE_OPEN, ret);
		/*
		 * msiov resizes live; the others refuse any change while open
		 * with EBUSY, also a growth beyond the free units (EBUSY comes
		 * before ENOSPC: the device is busy whatever the pool holds)
		 */
		if (!strcmp(d->parent->name, MSIOV)) {
			if (ret && ret != -ENOSPC)
				unexpected(OP_RESIZE_OPEN, d->uuid, ret);
		} else if (n != cur && ret != -EBUSY) {
			unexpected(OP_RESIZE_OPEN, ret ? "open idle device not refused with EBUSY" :
				   "idle device resized while open", ret ?: -EINVAL);
		}
	}
	vfio_close_dev(&v);
}

static void op_read(void)
{
	const struct pool_parent *p;
	const struct pool_type *t = pick_type(&p);

	count(OP_READ, type_available(p->name, t->name) == UINT_MAX ? -EIO : 0);
	if (t->cap > 1) {
		if (type_max_aggregation(p->name, t->name) != t->cap)
			unexpected(OP_READ, "type max_aggregation is not its fixed limit",
				   -EINVAL);
		pool_type_uint(p->name, t->name, "available_aggregation");
	}
}

static void worker(unsigned int seed)
{
	struct stress_dev devs[DEVS_PER_WORKER];
	int nr = 0, i;

	srand(seed);
	while (!sh->stop) {
		if (sh->pause) {
			__atomic_fetch_add(&sh->paused, 1, __ATOMIC_SEQ_CST);
			while (sh->pause && !sh->stop)
				usleep(5000);
			__atomic_fetch_sub(&sh->paused, 1, __ATOMIC_SEQ_CST);
			continue;
		}

		i = nr ? rand() % nr : 0;
		switch (rand() % 10) {
		case 0:
		case 1:
			if (nr < DEVS_PER_WORKER)
				op_create(devs, &nr, false);
			break;
		case 2:
		case 3:
			if (nr < DEVS_PER_WORKER)
				op_create(devs, &nr, true);
			break;
		case 4:
		case 5:
			if (nr)
				op_resize(&devs[i]);
			break;
		case 6:
			if (nr)
				op_remove(devs, &nr, i);
			break;
		case 7:
			if (nr)
				op_open(&devs[i], false);
			break;
		case 8:
			if (nr)
				op_open(&devs[i], true);
			break;
		default:
			op_read();
		}
	}

	/* Quiesced by stop: the parent checks the pools, then we clean up */
	__atomic_fetch_add(&sh->paused, 1, __ATOMIC_SEQ_CST);
	while (sh->stop == 1)
		usleep(5000);
	while (nr)
		op_remove(devs, &nr, nr - 1);
	_exit(0);
}

static int env_int(const char *name, int def, int max)
{
	const char *s = getenv(name);
	int v = s ? atoi(s) : 0;

	return v > 0 && v <= max ? v : def;
}

static void wait_paused(int workers)
{
	while (__atomic_load_n(&sh->paused, __ATOMIC_SEQ_CST) < workers)
		usleep(2000);
}

FIXTURE(stress) {
	struct pool_snapshot before;
};

FIXTURE_SETUP(stress)
{
	char msg[1024];

	if (!parent_present(&pool_parents[0]) || !parent_present(&pool_parents[1]))
		SKIP(return, "mtty and mbochs are not loaded");
	pool_snapshot(&self->before);
	ASSERT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("before: %s", msg);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	memset(sh, 0, sizeof(*sh));
}

FIXTURE_TEARDOWN(stress)
{
}

TEST_F_TIMEOUT(stress, workers_never_oversubscribe_or_lose_units, 300)
{
	int seconds = env_int("STRESS_SECONDS", DEFAULT_SECONDS, 600);
	int workers = env_int("STRESS_WORKERS", DEFAULT_WORKERS, MAX_WORKERS);
	pid_t pids[MAX_WORKERS];
	struct pool_snapshot after;
	unsigned long total = 0;
	int checks = 0, bad = 0, i, e, op, status;
	struct timespec t0, t1;
	char msg[2048];
	time_t end;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < workers; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i])
			worker(0x5eed + i * 7919);
	}

	end = time(NULL) + seconds;
	while (time(NULL) < end) {
		sleep(min_uint(CHECK_EVERY_SECONDS, end - time(NULL)) ?: 1);
		if (time(NULL) >= end)
			break;
		sh->pause = 1;
		wait_paused(workers);
		bad = pool_settle(msg, sizeof(msg));
		sh->pause = 0;
		EXPECT_EQ(0, bad) TH_LOG("checkpoint %d: %s", checks + 1, msg);
		if (bad)
			break;
		checks++;
	}

	/* Final check with the workers' devices still present */
	sh->stop = 1;
	wait_paused(workers);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	bad = pool_settle(msg, sizeof(msg));
	EXPECT_EQ(0, bad) TH_LOG("after the run, devices present: %s", msg);
	if (!bad)
		checks++;

	/* Workers remove their devices and exit */
	sh->stop = 2;
	for (i = 0; i < workers; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	bad = pool_settle(msg, sizeof(msg));
	EXPECT_EQ(0, bad) TH_LOG("after removal: %s", msg);
	if (!bad)
		checks++;
	pool_snapshot(&after);
	EXPECT_TRUE(pool_snapshot_equal(&self->before, &after))
		TH_LOG("the pools are not as they were before the run");

	for (op = 0; op < NR_OPS; op++)
		total += sh->ops[op];
	ksft_print_msg("stress: %d workers, %.1f s, %lu operations, %d invariant checks passed\n",
		       workers, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		       total, checks);
	for (op = 0; op < NR_OPS; op++) {
		char line[512];
		size_t len;

		len = snprintf(line, sizeof(line), "stress: %-18s %6lu done, %6lu ok",
			       op_names[op], sh->ops[op], sh->ok[op]);
		for (e = 1; e < NR_ERRNOS; e++)
			if (sh->refused[op][e] && len < sizeof(line))
				len += snprintf(line + len, sizeof(line) - len,
						", %lu %s", sh->refused[op][e],
						strerrorname_np(e) ?: "?");
		ksft_print_msg("%s\n", line);
	}
	EXPECT_EQ(0UL, sh->unexpected) TH_LOG("first unexpected result: %s",
					      sh->first_unexpected);
	EXPECT_LT(0UL, sh->ok[OP_CREATE_AGG]) TH_LOG("no aggregated create succeeded");
	EXPECT_LT(0UL, sh->ok[OP_RESIZE]) TH_LOG("no resize succeeded");
	EXPECT_LT(0UL, sh->ok[OP_OPEN_CLOSE]) TH_LOG("no device was opened");
}

TEST_HARNESS_MAIN
