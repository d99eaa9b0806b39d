// SPDX-License-Identifier: GPL-2.0
/*
 * Removing a parent (rmmod of a sample) while it has devices of several
 * aggregations, while another process resizes and creates devices of it,
 * and while one of its devices is open through VFIO. The open device pins
 * the module: rmmod is refused with EWOULDBLOCK and changes nothing, and
 * succeeds once the device is closed. Removing an open device waits until
 * it is closed. After every removal the parent's devices are gone, and
 * after reloading the module its pool is whole.
 *
 * Runs as root in the test VM with mtty, mbochs and msiov loaded, and
 * leaves them loaded.
 */
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "pool_util.h"

static int rmmod(const char *module)
{
	return syscall(__NR_delete_module, module, O_NONBLOCK) ? -errno : 0;
}

static int modprobe(const struct pool_parent *p)
{
	char cmd[64];
	int i;

	snprintf(cmd, sizeof(cmd), "modprobe %s", p->module);
	if (system(cmd))
		return -1;
	for (i = 0; i < 50 && !parent_present(p); i++)
		usleep(100 * 1000);
	return parent_present(p) ? 0 : -1;
}

/* Number of devices of the types of @p */
static int parent_devices(const struct pool_parent *p)
{
	const struct pool_parent *dp;
	struct dirent *de;
	char type[64];
	int n = 0;
	DIR *dir;

	dir = opendir(MDEV_DEVICES);
	if (!dir)
		return -1;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.' &&
		    !dev_type_name(de->d_name, type, sizeof(type)) &&
		    pool_find_type(type, &dp) && dp == p)
			n++;
	closedir(dir);
	return n;
}

/* Checks that @p is loaded, has no device and a whole pool */
static void expect_whole(struct __test_metadata *_metadata,
			 const struct pool_parent *p)
{
	unsigned int held = UINT_MAX;
	char msg[1024] = "";
	int i;

	ASSERT_TRUE(parent_present(p));
	EXPECT_EQ(0, parent_devices(p));
	EXPECT_EQ(0, pool_check(p, &held, msg, sizeof(msg))) TH_LOG("%s", msg);
	EXPECT_EQ(0U, held);
	for (i = 0; i < p->nr_types; i++)
		EXPECT_EQ(pool_size(p) / p->types[i].unit,
			  type_available(p->name, p->types[i].name));
}

/* Creates devices of every type of @p at aggregations 1, 2, 3 ... */
static int populate(const struct pool_parent *p, struct mdev_set *set)
{
	unsigned int n;
	int i, made = 0;

	for (i = 0; i < p->nr_types; i++)
		for (n = 1; n <= min_uint(p->types[i].cap, 3); n++)
			if (!mdev_create_n(set, p->name, p->types[i].name, n, NULL))
				made++;
	return made;
}

FIXTURE(removal) {
	struct mdev_set devs;
};

FIXTURE_SETUP(removal)
{
	int i;

	memset(&self->devs, 0, sizeof(self->devs));
	for (i = 0; i < NR_POOL_PARENTS; i++)
		if (!parent_present(&pool_parents[i]))
			SKIP(return, "%s is not loaded", pool_parents[i].name);
}

FIXTURE_TEARDOWN(removal)
{
	int i;

	/* Whatever happened, leave every parent loaded for the next tests */
	for (i = 0; i < NR_POOL_PARENTS; i++)
		if (!parent_present(&pool_parents[i]))
			modprobe(&pool_parents[i]);
	mdev_remove_all(&self->devs);
}

TEST_F_TIMEOUT(removal, rmmod_with_devices_of_several_aggregations_leaves_a_whole_pool, 120)
{
	int i, made;

	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];

		made = populate(p, &self->devs);
		ASSERT_LT(1, made) TH_LOG("%s: no devices to remove with", p->name);
		ASSERT_EQ(made, parent_devices(p));
		ASSERT_EQ(0, rmmod(p->module)) TH_LOG("rmmod %s", p->module);
		EXPECT_FALSE(parent_present(p));
		EXPECT_EQ(0, parent_devices(p));
		self->devs.nr = 0;
		ASSERT_EQ(0, modprobe(p)) TH_LOG("modprobe %s", p->module);
		expect_whole(_metadata, p);
		ksft_print_msg("parent removal: rmmod %s with %d devices of aggregation 1 to 3: pool whole after reload\n",
			       p->module, made);
	}
}

/*
 * A child resizes and creates devices of @p without pause until the
 * parent is gone. Exits with the number of results other than success,
 * ENOSPC, ENOENT (the file went away) and ENODEV (unregistration began).
 */
static void resizer(const struct pool_parent *p, char uuids[][MDEV_UUID_LEN + 1],
		    int nr, int *shared_ops)
{
	const struct pool_type *t = &p->types[0];
	struct mdev_set set = { .nr = 0 };
	int bad = 0, gone = 0, i = 0, ret;

	while (gone < 20 && i < 1000000) {
		if (i % 4 == 3 && set.nr < MDEV_MAX_DEVS)
			ret = mdev_create_n(&set, p->name, t->name, 1 + i % 2, NULL);
		else
			ret = mdev_set_aggregation(uuids[i % nr], 1 + (i / nr) % 2);
		i++;
		if (!ret || ret == -ENOSPC)
			continue;
		if (ret == -ENOENT || ret == -ENODEV)
			gone++;
		else
			bad++;
	}
	*shared_ops = i;
	_exit(bad > 250 ? 250 : bad);
}

TEST_F_TIMEOUT(removal, rmmod_while_another_process_resizes_is_safe, 120)
{
	int i, j, status, *ops;
	pid_t pid;

	ops = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ops);
	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];
		const struct pool_type *t = &p->types[0];
		char uuids[2][MDEV_UUID_LEN + 1];

		for (j = 0; j < 2; j++)
			ASSERT_EQ(0, mdev_create_n(&self->devs, p->name, t->name,
						   1 + j, uuids[j]));
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid)
			resizer(p, uuids, 2, ops);
		usleep(300 * 1000);
		ASSERT_EQ(0, rmmod(p->module)) TH_LOG("rmmod %s", p->module);
		self->devs.nr = 0;
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status))
			TH_LOG("%s: %d writes failed with an unexpected errno", p->name,
			       WEXITSTATUS(status));
		EXPECT_EQ(0, parent_devices(p));
		ASSERT_EQ(0, modprobe(p)) TH_LOG("modprobe %s", p->module);
		expect_whole(_metadata, p);
		ksft_print_msg("parent removal: rmmod %s during %d resizes and creates from another process: pool whole after reload\n",
			       p->module, *ops);
	}
}

TEST_F_TIMEOUT(removal, rmmod_of_a_parent_with_an_open_device_waits_for_close, 120)
{
	int i;

	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];
		const struct pool_type *t = &p->types[0];
		char uuid[MDEV_UUID_LEN + 1], msg[1024] = "";
		struct pool_snapshot before, after;
		struct vfio_open v;
		int ret;

		ASSERT_EQ(0, mdev_create_n(&self->devs, p->name, t->name,
					   min_uint(t->cap, 2), uuid));
		ASSERT_EQ(0, vfio_open_dev(uuid, &v)) TH_LOG("%s: cannot open", p->name);
		pool_snapshot(&before);
		/* The open device holds the module: removal is refused */
		ret = rmmod(p->module);
		EXPECT_EQ(-EWOULDBLOCK, ret) TH_LOG("rmmod %s with an open device: %s",
						    p->module, strerror(-ret));
		pool_snapshot(&after);
		EXPECT_TRUE(parent_present(p));
		EXPECT_TRUE(path_exists(dev_path(uuid, "mdev/aggregation")));
		EXPECT_TRUE(pool_snapshot_equal(&before, &after));
		EXPECT_EQ(0, pool_check(p, NULL, msg, sizeof(msg))) TH_LOG("%s", msg);
		vfio_close_dev(&v);
		if (ret) {
			ASSERT_EQ(0, rmmod(p->module)) TH_LOG("rmmod %s once closed", p->module);
			self->devs.nr = 0;
		}
		ASSERT_EQ(0, modprobe(p));
		expect_whole(_metadata, p);
		ksft_print_msg("parent removal: rmmod %s refused (%s) while a device of aggregation %u was open, done once closed\n",
			       p->module, strerror(-ret), min_uint(t->cap, 2));
	}
}

TEST_F_TIMEOUT(removal, removing_an_open_device_waits_for_close_then_frees_its_units, 120)
{
	int i, status;

	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];
		const struct pool_type *t = &p->types[0];
		char uuid[MDEV_UUID_LEN + 1], msg[1024];
		struct vfio_open v;
		pid_t pid;

		ASSERT_EQ(0, mdev_create_n(&self->devs, p->name, t->name,
					   min_uint(t->cap, 2), uuid));
		ASSERT_EQ(0, vfio_open_dev(uuid, &v));
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid) {
			/* Not holding the device open itself */
			vfio_close_dev(&v);
			_exit(write_str(dev_path(uuid, "remove"), "1") ? 1 : 0);
		}
		usleep(500 * 1000);
		/* Still waiting for the device to be closed */
		EXPECT_EQ(0, waitpid(pid, &status, WNOHANG))
			TH_LOG("%s: an open device was removed at once", p->name);
		vfio_close_dev(&v);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
		EXPECT_FALSE(path_exists(dev_path(uuid, "")));
		self->devs.nr = 0;
		EXPECT_EQ(0, pool_settle(msg, sizeof(msg))) TH_LOG("%s", msg);
		expect_whole(_metadata, p);
		ksft_print_msg("parent removal: removing an open %s device waited for its close\n",
			       t->name);
	}
}

TEST_HARNESS_MAIN
