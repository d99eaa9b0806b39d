// SPDX-License-Identifier: GPL-2.0
/*
 * Who may change an aggregation, and what a huge one does. Every sysfs
 * file the series adds has the mode the ABI documents (read only 0444,
 * aggregation 0644, the aggregation_unit/ directory 0755) and belongs to
 * root, so that only root can write; a process of another user cannot
 * create, resize or remove a device nor change those modes, and its
 * attempts change nothing. A number of units whose product with the unit
 * size would overflow the driver's type is refused with EINVAL, as any
 * request beyond the type's max_aggregation, never wrapped around into a
 * small one.
 *
 * Runs as root in the test VM with mtty, mbochs and msiov loaded.
 */
#include <grp.h>

#include "kselftest_harness.h"
#include "vm_util.h"

#define NOBODY	65534

static void expect_mode(struct __test_metadata *_metadata, const char *path,
			int mode)
{
	struct stat st;

	ASSERT_EQ(0, stat(path, &st)) TH_LOG("%s is missing", path);
	EXPECT_EQ(mode, (int)(st.st_mode & 07777))
		TH_LOG("%s: mode %o, documented %o", path, st.st_mode & 07777, mode);
	EXPECT_EQ(0U, st.st_uid) TH_LOG("%s is not root's", path);
}

/*
 * Every file of the directory @dir (a type's aggregation_unit/) is a
 * regular file of mode 0444 owned by root; there is at least one. Returns
 * how many there are.
 */
static int expect_unit_files(struct __test_metadata *_metadata, const char *dir)
{
	struct pool_dir pd;
	const char *path;
	struct stat st;
	int n = 0;

	if (!pool_dir_open(&pd, dir)) {
		EXPECT_NE(NULL, pd.d) TH_LOG("%s: %s", pd.dir, strerror(errno));
		return 0;
	}
	while ((path = pool_dir_next(&pd))) {
		EXPECT_EQ(0, stat(path, &st));
		EXPECT_TRUE(S_ISREG(st.st_mode)) TH_LOG("%s is not a file", path);
		expect_mode(_metadata, path, 0444);
		n++;
	}
	EXPECT_LT(0, n) TH_LOG("%s is empty", pd.dir);
	return n;
}

FIXTURE(sec) {
	struct mdev_set devs;
};

FIXTURE_SETUP(sec)
{
	memset(&self->devs, 0, sizeof(self->devs));
	if (!parent_present(&pool_parents[0]) || !parent_present(&pool_parents[1]))
		SKIP(return, "mtty and mbochs are not loaded");
}

FIXTURE_TEARDOWN(sec)
{
	mdev_remove_all(&self->devs);
}

TEST_F(sec, new_files_have_the_documented_modes_and_only_root_writes)
{
	char uuid[MDEV_UUID_LEN + 1];
	int i, j, files = 0;

	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];

		if (!parent_present(p))
			continue;
		for (j = 0; j < p->nr_types; j++) {
			const struct pool_type *t = &p->types[j];

			expect_mode(_metadata, type_path(p->name, t->name, "create"), 0200);
			files++;
			if (t->cap <= 1) {
				EXPECT_FALSE(path_exists(type_path(p->name, t->name,
								   "max_aggregation")));
				continue;
			}
			expect_mode(_metadata, type_path(p->name, t->name, "max_aggregation"), 0444);
			expect_mode(_metadata, type_path(p->name, t->name, "available_aggregation"), 0444);
			expect_mode(_metadata, type_path(p->name, t->name, "aggregation_resize"), 0444);
			expect_mode(_metadata, type_path(p->name, t->name, "aggregation_unit"), 0755);
			files += 4 + expect_unit_files(_metadata,
						       type_path(p->name, t->name, "aggregation_unit"));
			ASSERT_EQ(0, mdev_create(&self->devs, p->name, t->name, "", uuid));
			expect_mode(_metadata, dev_path(uuid, "mdev"), 0755);
			expect_mode(_metadata, dev_path(uuid, "mdev/aggregation"), 0644);
			expect_mode(_metadata, dev_path(uuid, "mdev/available_aggregation"), 0444);
			expect_mode(_metadata, dev_path(uuid, "remove"), 0200);
			/* Version 1's files are gone from the device */
			EXPECT_FALSE(path_exists(dev_path(uuid, "mdev/max_aggregation")));
			EXPECT_FALSE(path_exists(dev_path(uuid, "mdev/aggregation_resize")));
			files += 4;
		}
	}
	ksft_print_msg("security: %d files checked for mode and owner\n", files);
}

/*
 * In a child that is user and group nobody: tries every way to change
 * device @uuid of type @t of @p. Exits with the number that worked.
 */
static void as_nobody(const struct pool_parent *p, const struct pool_type *t,
		      const char *uuid)
{
	char buf[80], fresh[MDEV_UUID_LEN + 1];
	int worked = 0, fd;

	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		_exit(100);
	if (!getuid() || !geteuid())
		_exit(101);

	new_uuid(fresh);
	snprintf(buf, sizeof(buf), "%s,aggregate=2", fresh);
	worked += write_str(type_path(p->name, t->name, "create"), buf) != -EACCES;
	worked += write_str(type_path(p->name, t->name, "create"), fresh) != -EACCES;
	worked += write_str(dev_path(uuid, "mdev/aggregation"), "2") != -EACCES;
	worked += write_str(dev_path(uuid, "remove"), "1") != -EACCES;
	worked += write_str(type_path(p->name, t->name, "max_aggregation"), "9") != -EACCES;
	worked += write_str(type_path(p->name, t->name, "available_aggregation"), "9") != -EACCES;
	worked += write_str(type_path(p->name, t->name, "aggregation_resize"), "live") != -EACCES;
	/* Not even with the file open for reading and writing */
	fd = open(dev_path(uuid, "mdev/aggregation"), O_RDWR);
	worked += fd >= 0;
	if (fd >= 0)
		close(fd);
	/* Nor by making the file writable first */
	worked += chmod(dev_path(uuid, "mdev/aggregation"), 0666) == 0;
	worked += chown(dev_path(uuid, "mdev/aggregation"), NOBODY, NOBODY) == 0;
	_exit(worked);
}

TEST_F(sec, another_user_cannot_create_resize_or_remove)
{
	char uuid[MDEV_UUID_LEN + 1], msg[1024];
	struct pool_snapshot before, after;
	int i, j, status, tries = 0;
	pid_t pid;

	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];

		if (!parent_present(p))
			continue;
		for (j = 0; j < p->nr_types; j++) {
			const struct pool_type *t = &p->types[j];

			if (t->cap <= 1)
				continue;
			ASSERT_EQ(0, mdev_create(&self->devs, p->name, t->name, "", uuid));
			pool_snapshot(&before);
			pid = fork();
			ASSERT_LE(0, pid);
			if (!pid)
				as_nobody(p, t, uuid);
			ASSERT_EQ(pid, waitpid(pid, &status, 0));
			ASSERT_TRUE(WIFEXITED(status));
			ASSERT_GT(100, WEXITSTATUS(status)) TH_LOG("cannot become nobody");
			EXPECT_EQ(0, WEXITSTATUS(status))
				TH_LOG("%s: %d of the attempts as nobody were not refused with EACCES/EPERM",
				       t->name, WEXITSTATUS(status));
			tries += 10;
			pool_snapshot(&after);
			EXPECT_TRUE(pool_snapshot_equal(&before, &after))
				TH_LOG("%s: an attempt as nobody changed something", t->name);
			EXPECT_EQ(1U, dev_units(uuid));
			expect_mode(_metadata, dev_path(uuid, "mdev/aggregation"), 0644);
			EXPECT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("%s", msg);
		}
	}
	ksft_print_msg("security: %d attempts as uid %d refused, nothing changed\n",
		       tries, NOBODY);
}

/*
 * mbochs takes N x unit MB in a 32-bit count: N chosen so that the
 * product wraps to 0 or to a few MB is beyond the type's max_aggregation
 * (what a 2 GB BAR addresses), and must be refused as such, with EINVAL,
 * never wrapped around into a small request.
 */
TEST_F(sec, units_whose_size_overflows_are_einval_and_change_nothing)
{
	static const char *const types[] = { MBOCHS_SMALL, MBOCHS_MEDIUM, MBOCHS_LARGE };
	static const unsigned int units[] = { 4, 16, 64 };
	char uuid[MDEV_UUID_LEN + 1], fresh[MDEV_UUID_LEN + 1], buf[80];
	struct pool_snapshot before, after;
	unsigned int i, k, n, tries = 0;
	int ret;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		/* wraps to 0, to one unit, the largest, and just beyond 2 GB */
		const unsigned int vals[] = {
			(unsigned int)(0x100000000ULL / units[i]),
			(unsigned int)(0x100000000ULL / units[i]) + 1,
			UINT_MAX, 2048 / units[i] + 1,
		};

		ASSERT_EQ(2048 / units[i], type_max_aggregation(MBOCHS, types[i]));
		ASSERT_EQ(0, mdev_create(&self->devs, MBOCHS, types[i], "", uuid));
		for (k = 0; k < ARRAY_SIZE(vals); k++) {
			n = vals[k];
			pool_snapshot(&before);
			new_uuid(fresh);
			snprintf(buf, sizeof(buf), "%s,aggregate=%u", fresh, n);
			ret = write_str(type_path(MBOCHS, types[i], "create"), buf);
			EXPECT_EQ(-EINVAL, ret) TH_LOG("%s aggregate=%u: %s", types[i], n,
						       strerror(-ret));
			EXPECT_FALSE(path_exists(dev_path(fresh, "")));
			ret = mdev_set_aggregation(uuid, n);
			EXPECT_EQ(-EINVAL, ret) TH_LOG("%s resize to %u: %s", types[i], n,
						       strerror(-ret));
			EXPECT_EQ(1U, dev_units(uuid));
			pool_snapshot(&after);
			EXPECT_TRUE(pool_snapshot_equal(&before, &after))
				TH_LOG("%s: %u units changed the pool", types[i], n);
			tries += 2;
		}
	}
	/* msiov too: beyond its 8 queues is EINVAL at any size */
	if (parent_present(&pool_parents[2])) {
		new_uuid(fresh);
		snprintf(buf, sizeof(buf), "%s,aggregate=%u", fresh, UINT_MAX);
		EXPECT_EQ(-EINVAL, write_str(type_path(MSIOV, MSIOV_WQ, "create"), buf));
		tries++;
	}
	ksft_print_msg("security: %u requests of overflowing sizes refused\n", tries);
}

TEST_HARNESS_MAIN
