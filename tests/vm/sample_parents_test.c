// SPDX-License-Identifier: GPL-2.0
/*
 * The mdev sample parents register and expose their types through sysfs,
 * and a device can be created and removed through the type's "create"
 * file and the device's "remove" file. This is the ground the aggregation
 * tests stand on: it runs against any kernel, patched or not.
 *
 * Then the aggregation ABI (version 2), row by row, on one sample of each
 * accounting style: mbochs-small (the driver counts its pool) and
 * msiov-wq (the core counts the parent's units): every file of the type
 * and of the device, every errno of a resize and of a create with the
 * documented precedence (EINVAL before EBUSY before ENOSPC), and the
 * MDEV_AGGREGATION of every uevent. Those skip on a kernel without the
 * series.
 *
 * Runs as root in the test VM, with mtty, mbochs, mdpy and msiov loaded.
 */
#include <poll.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "kselftest_harness.h"
#include "pool_util.h"

#define MDEV_BUS MDEV_BUS_CLASS
#define TEST_UUID "3b2a5c7e-0d2f-4c44-9a51-6f1e2d3c4b5a"

/*
 * A removed device gives its resources back when its last reference goes,
 * which CONFIG_DEBUG_KOBJECT_RELEASE delays by up to 4 seconds.
 */
static int wait_for_uint(const char *path, unsigned int want)
{
	unsigned int val = 0;
	int i;

	for (i = 0; i < 100; i++) {
		if (read_uint(path, &val) == 0 && val == want)
			return 0;
		usleep(100 * 1000);
	}
	return -ETIMEDOUT;
}

TEST(mtty_mbochs_mdpy_parents_are_registered)
{
	static const char *const types[] = {
		MDEV_BUS "/mtty/mdev_supported_types/mtty-1",
		MDEV_BUS "/mtty/mdev_supported_types/mtty-2",
		MDEV_BUS "/mbochs/mdev_supported_types/mbochs-small",
		MDEV_BUS "/mbochs/mdev_supported_types/mbochs-medium",
		MDEV_BUS "/mbochs/mdev_supported_types/mbochs-large",
		MDEV_BUS "/mdpy/mdev_supported_types/mdpy-vga",
		MDEV_BUS "/mdpy/mdev_supported_types/mdpy-xga",
		MDEV_BUS "/mdpy/mdev_supported_types/mdpy-hd",
	};
	char path[256];
	unsigned int i, avail;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		ASSERT_TRUE(path_exists(types[i])) TH_LOG("%s is missing", types[i]);
		snprintf(path, sizeof(path), "%s/available_instances", types[i]);
		ASSERT_EQ(0, read_uint(path, &avail)) TH_LOG("cannot read %s", path);
		ASSERT_LT(0, avail) TH_LOG("%s: nothing available", types[i]);
		snprintf(path, sizeof(path), "%s/device_api", types[i]);
		ASSERT_TRUE(path_exists(path)) TH_LOG("%s is missing", path);
	}
}

TEST(mtty_pool_counts_ports_of_both_types)
{
	unsigned int one, two;

	ASSERT_EQ(0, read_uint(MDEV_BUS "/mtty/mdev_supported_types/mtty-1/available_instances", &one));
	ASSERT_EQ(0, read_uint(MDEV_BUS "/mtty/mdev_supported_types/mtty-2/available_instances", &two));
	/* One pool of ports: a two-port device costs two one-port devices. */
	ASSERT_EQ(one / 2, two);
}

TEST(create_and_remove_move_available_instances)
{
	const char *type = MDEV_BUS "/mtty/mdev_supported_types/mtty-2";
	char path[256];
	unsigned int before, during, after = 0;

	snprintf(path, sizeof(path), "%s/available_instances", type);
	ASSERT_EQ(0, read_uint(path, &before));

	ASSERT_EQ(0, write_str(MDEV_BUS "/mtty/mdev_supported_types/mtty-2/create", TEST_UUID));
	ASSERT_TRUE(path_exists(MDEV_DEVICES "/" TEST_UUID)) TH_LOG("device did not appear");
	ASSERT_EQ(0, read_uint(path, &during));
	EXPECT_EQ(before - 1, during);

	/* A second device with the same UUID is refused. */
	EXPECT_EQ(-EEXIST, write_str(MDEV_BUS "/mtty/mdev_supported_types/mtty-2/create",
				     TEST_UUID));

	ASSERT_EQ(0, write_str(MDEV_DEVICES "/" TEST_UUID "/remove", "1"));
	ASSERT_FALSE(path_exists(MDEV_DEVICES "/" TEST_UUID)) TH_LOG("device was not removed");
	EXPECT_EQ(0, wait_for_uint(path, before)) {
		read_uint(path, &after);
		TH_LOG("available_instances is %u after removal, was %u", after, before);
	}
}

TEST(create_refuses_a_malformed_uuid)
{
	EXPECT_EQ(-EINVAL, write_str(MDEV_BUS "/mtty/mdev_supported_types/mtty-1/create",
				     "not-a-uuid"));
}

/* ---- The aggregation ABI, version 2 ---------------------------------- */

/* The kernel has the aggregation series: mbochs-small aggregates */
static bool kernel_aggregates(void)
{
	return path_exists(type_path(MBOCHS, MBOCHS_SMALL, "max_aggregation"));
}

TEST(types_that_do_not_aggregate_have_no_aggregation_files)
{
	static const struct { const char *parent, *type; } plain[] = {
		{ MTTY, MTTY_2 }, { MDPY, MDPY_VGA },
	};
	static const char *const files[] = {
		"max_aggregation", "available_aggregation", "aggregation_resize",
		"aggregation_unit",
	};
	char path[PATH_MAX];
	unsigned int i, f;

	for (i = 0; i < ARRAY_SIZE(plain); i++) {
		if (!path_exists(type_path(plain[i].parent, plain[i].type, "create")))
			continue;
		for (f = 0; f < ARRAY_SIZE(files); f++) {
			snprintf(path, sizeof(path), "%s",
				 type_path(plain[i].parent, plain[i].type, files[f]));
			EXPECT_FALSE(path_exists(path)) TH_LOG("%s exists", path);
		}
	}
}

TEST(aggregate_1_on_a_type_that_does_not_aggregate_makes_a_device_without_mdev_folder)
{
	struct mdev_set set = { .nr = 0 };
	char uuid[MDEV_UUID_LEN + 1];
	int ret;

	if (!kernel_aggregates())
		SKIP(return, "this kernel does not aggregate");
	ret = mdev_create(&set, MTTY, MTTY_2, ",aggregate=1", uuid);
	EXPECT_EQ(0, ret) TH_LOG("mtty-2 aggregate=1: %s", strerror(-ret));
	if (!ret) {
		EXPECT_TRUE(path_exists(dev_path(uuid, "")));
		EXPECT_FALSE(path_exists(dev_path(uuid, "mdev")));
	}
	mdev_remove_all(&set);
}

/* The value of @key in the uevent @buf of @len bytes, or NULL */
static const char *uevent_value(const char *buf, size_t len, const char *key)
{
	size_t off, klen = strlen(key);

	for (off = strlen(buf) + 1; off < len; off += strlen(buf + off) + 1)
		if (!strncmp(buf + off, key, klen) && buf[off + klen] == '=')
			return buf + off + klen + 1;
	return NULL;
}

/* MDEV_AGGREGATION of the next uevent @action of @uuid, or UINT_MAX */
static unsigned int uevent_aggregation(int sock, const char *action,
				       const char *uuid)
{
	const char *val;
	char buf[4096];
	ssize_t n;

	n = uevent_wait(sock, action, uuid, buf, sizeof(buf), 5000);
	if (n <= 0)
		return UINT_MAX;
	val = uevent_value(buf, n, "MDEV_AGGREGATION");
	return val ? (unsigned int)strtoul(val, NULL, 10) : 0;
}

/*
 * One sample of each accounting style: mbochs-small, counted by the
 * driver, resized while idle; msiov-wq, counted by the core, resized
 * live. Each test starts with the parent's pool whole.
 */
FIXTURE(abi) {
	struct mdev_set devs;
	const struct pool_parent *p;
	const struct pool_type *t;
	unsigned int free_units;	/* of the type, with the pool whole */
	int sock;
	struct vfio_open v;
};

FIXTURE_VARIANT(abi) {
	const char *type;
};

FIXTURE_VARIANT_ADD(abi, mbochs_small) {
	.type = MBOCHS_SMALL,
};

FIXTURE_VARIANT_ADD(abi, msiov_wq) {
	.type = MSIOV_WQ,
};

FIXTURE_SETUP(abi)
{
	char msg[1024];

	memset(&self->devs, 0, sizeof(self->devs));
	self->sock = -1;
	self->v.container = self->v.group = self->v.fd = -1;
	self->t = pool_find_type(variant->type, &self->p);
	ASSERT_NE(NULL, self->t);
	if (!parent_present(self->p))
		SKIP(return, "%s is not loaded", self->p->name);
	if (!kernel_aggregates())
		SKIP(return, "this kernel does not aggregate");
	ASSERT_EQ(0, pool_settle(msg, sizeof(msg))) TH_LOG("%s", msg);
	self->free_units = pool_size(self->p) / self->t->unit;
	ASSERT_EQ(self->free_units, type_available(self->p->name, self->t->name))
		TH_LOG("%s: devices are present", self->p->name);
	/* The tests need a pool of more than 2 units */
	ASSERT_LT(2U, self->free_units);
}

FIXTURE_TEARDOWN(abi)
{
	char msg[1024];

	vfio_close_dev(&self->v);
	if (self->sock >= 0)
		close(self->sock);
	mdev_remove_all(&self->devs);
	EXPECT_EQ(0, pool_settle(msg, sizeof(msg))) TH_LOG("%s", msg);
}

/* A file of the type under test, in the static buffer of type_path() */
#define TYPE_FILE(file)	type_path(self->p->name, self->t->name, (file))

static unsigned int abi_type_uint(FIXTURE_DATA(abi) *self, const char *file)
{
	return pool_type_uint(self->p->name, self->t->name, file);
}

/* Creates a device of @n units (0: a plain create) into @uuid */
static int create_dev(FIXTURE_DATA(abi) *self, unsigned int n, char *uuid)
{
	if (!n)
		return mdev_create(&self->devs, self->p->name, self->t->name, "", uuid);
	return mdev_create_n(&self->devs, self->p->name, self->t->name, n, uuid);
}

/* Writes the string @val to mdev/aggregation of @uuid: 0 or -errno */
static int write_aggregation(const char *uuid, const char *val)
{
	return write_str(dev_path(uuid, "mdev/aggregation"), val);
}

static bool policy_is_live(FIXTURE_DATA(abi) *self)
{
	return !strcmp(self->t->resize, "live");
}

/* -- Files of the type -- */

TEST_F(abi, type_max_aggregation_is_the_fixed_limit_of_the_sample)
{
	EXPECT_EQ(self->t->cap, type_max_aggregation(self->p->name, self->t->name));
}

TEST_F(abi, type_max_aggregation_stays_while_the_pool_empties)
{
	ASSERT_EQ(0, create_dev(self, 2, NULL));
	EXPECT_EQ(self->t->cap, type_max_aggregation(self->p->name, self->t->name));
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(self->t->cap, type_max_aggregation(self->p->name, self->t->name));
}

TEST_F(abi, type_available_aggregation_is_the_free_units_capped_by_max)
{
	EXPECT_EQ(min_uint(self->free_units, self->t->cap),
		  abi_type_uint(self, "available_aggregation"));
	/* Leave fewer units free than the limit */
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 2));
	EXPECT_EQ(2U, abi_type_uint(self, "available_aggregation"));
}

TEST_F(abi, type_available_aggregation_is_0_when_no_unit_is_free)
{
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(0U, type_available(self->p->name, self->t->name));
	EXPECT_EQ(0U, abi_type_uint(self, "available_aggregation"));
}

TEST_F(abi, type_available_instances_counts_the_free_units)
{
	ASSERT_EQ(0, create_dev(self, 2, NULL));
	EXPECT_EQ(self->free_units - 2, type_available(self->p->name, self->t->name));
}

TEST_F(abi, type_aggregation_resize_names_the_policy_of_the_driver)
{
	char buf[32], want[32];

	snprintf(want, sizeof(want), "%s\n", self->t->resize);
	ASSERT_EQ(0, read_str(TYPE_FILE("aggregation_resize"), buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
}

TEST_F(abi, type_aggregation_unit_is_a_folder_of_one_file_per_key)
{
	char path[PATH_MAX + 64], buf[32], want[32];
	struct stat st;

	snprintf(path, sizeof(path), "%s", TYPE_FILE("aggregation_unit"));
	ASSERT_EQ(0, stat(path, &st)) TH_LOG("%s is missing", path);
	ASSERT_TRUE(S_ISDIR(st.st_mode)) TH_LOG("%s is not a folder", path);
	EXPECT_EQ(1, count_entries(path)) TH_LOG("%s: one key expected", path);
	snprintf(path, sizeof(path), "%s/%s", TYPE_FILE("aggregation_unit"), self->t->key);
	ASSERT_EQ(0, read_str(path, buf, sizeof(buf))) TH_LOG("%s is missing", path);
	snprintf(want, sizeof(want), "%u\n", self->t->amount);
	EXPECT_STREQ(want, buf);
}

/* -- Files of the device -- */

TEST_F(abi, device_aggregation_is_1_after_a_plain_create)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	EXPECT_EQ(1U, dev_uint(uuid, "mdev/aggregation"));
	EXPECT_EQ(self->free_units - 1, type_available(self->p->name, self->t->name));
}

TEST_F(abi, device_aggregation_is_n_after_an_aggregate_n_create)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 2, uuid));
	EXPECT_EQ(2U, dev_uint(uuid, "mdev/aggregation"));
}

TEST_F(abi, device_available_aggregation_is_its_units_plus_the_free_ones_capped)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 2, uuid));
	EXPECT_EQ(min_uint(self->free_units, self->t->cap),
		  dev_uint(uuid, "mdev/available_aggregation"));
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 1));
	EXPECT_EQ(3U, dev_uint(uuid, "mdev/available_aggregation"));
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(2U, dev_uint(uuid, "mdev/available_aggregation"));
}

TEST_F(abi, device_has_no_version_1_files)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	EXPECT_FALSE(path_exists(dev_path(uuid, "mdev/max_aggregation")));
	EXPECT_FALSE(path_exists(dev_path(uuid, "mdev/aggregation_resize")));
}

TEST_F(abi, resize_takes_and_gives_back_the_difference)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, write_aggregation(uuid, "3"));
	EXPECT_EQ(3U, dev_units(uuid));
	EXPECT_EQ(self->free_units - 3, type_available(self->p->name, self->t->name));
	ASSERT_EQ(0, write_aggregation(uuid, "2\n"));
	EXPECT_EQ(2U, dev_units(uuid));
	EXPECT_EQ(self->free_units - 2, type_available(self->p->name, self->t->name));
}

TEST_F(abi, writing_the_current_aggregation_succeeds_and_changes_nothing)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 2, uuid));
	EXPECT_EQ(0, write_aggregation(uuid, "2"));
	EXPECT_EQ(2U, dev_units(uuid));
	EXPECT_EQ(self->free_units - 2, type_available(self->p->name, self->t->name));
}

/* -- Errors of a resize, and their precedence -- */

TEST_F(abi, resize_to_a_malformed_value_is_einval)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	EXPECT_EQ(-EINVAL, write_aggregation(uuid, "2x"));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, resize_to_0_is_einval)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	EXPECT_EQ(-EINVAL, write_aggregation(uuid, "0"));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, resize_beyond_max_aggregation_is_einval)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	EXPECT_EQ(-EINVAL, mdev_set_aggregation(uuid, self->t->cap + 1));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, resize_beyond_the_free_units_is_enospc)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(-ENOSPC, write_aggregation(uuid, "2"));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, resize_beyond_max_aggregation_on_an_exhausted_pool_is_einval)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(-EINVAL, mdev_set_aggregation(uuid, self->t->cap + 1));
}

TEST_F(abi, open_device_written_a_malformed_value_is_einval)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, vfio_open_dev(uuid, &self->v));
	EXPECT_EQ(-EINVAL, write_aggregation(uuid, "2x"));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, open_device_written_beyond_max_aggregation_is_einval)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, vfio_open_dev(uuid, &self->v));
	EXPECT_EQ(-EINVAL, mdev_set_aggregation(uuid, self->t->cap + 1));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, open_idle_device_resize_is_ebusy)
{
	char uuid[MDEV_UUID_LEN + 1];

	if (policy_is_live(self))
		SKIP(return, "%s resizes live", self->t->name);
	ASSERT_EQ(0, create_dev(self, 2, uuid));
	ASSERT_EQ(0, vfio_open_dev(uuid, &self->v));
	EXPECT_EQ(-EBUSY, write_aggregation(uuid, "3"));
	EXPECT_EQ(-EBUSY, write_aggregation(uuid, "1"));
	EXPECT_EQ(2U, dev_units(uuid));
	EXPECT_EQ(self->free_units - 2, type_available(self->p->name, self->t->name));
}

TEST_F(abi, open_idle_device_grown_beyond_the_free_units_is_ebusy)
{
	char uuid[MDEV_UUID_LEN + 1];

	if (policy_is_live(self))
		SKIP(return, "%s resizes live", self->t->name);
	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	ASSERT_EQ(0, vfio_open_dev(uuid, &self->v));
	EXPECT_EQ(-EBUSY, write_aggregation(uuid, "2"));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, open_live_device_resizes)
{
	char uuid[MDEV_UUID_LEN + 1];

	if (!policy_is_live(self))
		SKIP(return, "%s resizes only while idle", self->t->name);
	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, vfio_open_dev(uuid, &self->v));
	EXPECT_EQ(0, write_aggregation(uuid, "3"));
	EXPECT_EQ(3U, dev_units(uuid));
	EXPECT_EQ(self->free_units - 3, type_available(self->p->name, self->t->name));
}

TEST_F(abi, open_live_device_grown_beyond_the_free_units_is_enospc)
{
	char uuid[MDEV_UUID_LEN + 1];

	if (!policy_is_live(self))
		SKIP(return, "%s resizes only while idle", self->t->name);
	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	ASSERT_EQ(0, vfio_open_dev(uuid, &self->v));
	EXPECT_EQ(-ENOSPC, write_aggregation(uuid, "2"));
	EXPECT_EQ(1U, dev_units(uuid));
}

TEST_F(abi, write_to_the_aggregation_of_a_removed_device_is_enodev)
{
	char uuid[MDEV_UUID_LEN + 1];
	int fd;

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	fd = open(dev_path(uuid, "mdev/aggregation"), O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, write_str(dev_path(uuid, "remove"), "1"));
	self->devs.nr--;
	EXPECT_EQ(-1, write(fd, "2", 1));
	EXPECT_EQ(ENODEV, errno);
	close(fd);
}

/* -- Errors of a create with aggregate=N -- */

TEST_F(abi, create_aggregate_0_is_einval)
{
	EXPECT_EQ(-EINVAL, mdev_create(&self->devs, self->p->name, self->t->name,
				       ",aggregate=0", NULL));
	EXPECT_EQ(self->free_units, type_available(self->p->name, self->t->name));
}

TEST_F(abi, create_aggregate_beyond_max_aggregation_is_einval)
{
	EXPECT_EQ(-EINVAL, create_dev(self, self->t->cap + 1, NULL));
	EXPECT_EQ(self->free_units, type_available(self->p->name, self->t->name));
}

TEST_F(abi, create_aggregate_beyond_the_free_units_is_enospc)
{
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 1));
	EXPECT_EQ(-ENOSPC, create_dev(self, 2, NULL));
	EXPECT_EQ(1U, type_available(self->p->name, self->t->name));
}

TEST_F(abi, create_aggregate_beyond_max_aggregation_on_an_exhausted_pool_is_einval)
{
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(-EINVAL, create_dev(self, self->t->cap + 1, NULL));
}

TEST_F(abi, create_aggregate_1_on_an_exhausted_pool_is_enospc)
{
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(-ENOSPC, create_dev(self, 1, NULL));
}

TEST_F(abi, plain_create_on_an_exhausted_core_counted_parent_is_eusers)
{
	if (strcmp(self->p->name, MSIOV))
		SKIP(return, "%s counts its own pool", self->p->name);
	ASSERT_EQ(0, pool_fill(&self->devs, self->p, self->t, 0));
	EXPECT_EQ(-EUSERS, create_dev(self, 0, NULL));
}

TEST_F(abi, create_aggregate_with_the_uuid_of_a_device_is_eexist)
{
	char uuid[MDEV_UUID_LEN + 1], buf[80];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	snprintf(buf, sizeof(buf), "%s,aggregate=2", uuid);
	EXPECT_EQ(-EEXIST, write_str(TYPE_FILE("create"), buf));
	EXPECT_EQ(1U, dev_units(uuid));
	EXPECT_EQ(self->free_units - 1, type_available(self->p->name, self->t->name));
}

/* -- Uevents -- */

TEST_F(abi, add_uevent_of_an_aggregate_3_create_carries_mdev_aggregation_3)
{
	char uuid[MDEV_UUID_LEN + 1];

	self->sock = uevent_open();
	ASSERT_LE(0, self->sock);
	ASSERT_EQ(0, create_dev(self, 3, uuid));
	EXPECT_EQ(3U, uevent_aggregation(self->sock, "add", uuid));
}

TEST_F(abi, add_uevent_of_a_plain_create_carries_mdev_aggregation_1)
{
	char uuid[MDEV_UUID_LEN + 1];

	self->sock = uevent_open();
	ASSERT_LE(0, self->sock);
	ASSERT_EQ(0, create_dev(self, 0, uuid));
	EXPECT_EQ(1U, uevent_aggregation(self->sock, "add", uuid));
}

TEST_F(abi, resize_sends_one_change_uevent_with_the_new_aggregation)
{
	char uuid[MDEV_UUID_LEN + 1], buf[4096];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	self->sock = uevent_open();
	ASSERT_LE(0, self->sock);
	ASSERT_EQ(0, write_aggregation(uuid, "2"));
	EXPECT_EQ(2U, uevent_aggregation(self->sock, "change", uuid));
	EXPECT_EQ(0, uevent_wait(self->sock, "change", uuid, buf,
					  sizeof(buf), 500));
}

TEST_F(abi, refused_resize_sends_no_uevent)
{
	char uuid[MDEV_UUID_LEN + 1], buf[4096];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	self->sock = uevent_open();
	ASSERT_LE(0, self->sock);
	EXPECT_EQ(-EINVAL, mdev_set_aggregation(uuid, self->t->cap + 1));
	EXPECT_EQ(0, uevent_wait(self->sock, "change", uuid, buf,
					  sizeof(buf), 500));
}

TEST_F(abi, writing_the_current_aggregation_sends_no_uevent)
{
	char uuid[MDEV_UUID_LEN + 1], buf[4096];

	ASSERT_EQ(0, create_dev(self, 2, uuid));
	self->sock = uevent_open();
	ASSERT_LE(0, self->sock);
	EXPECT_EQ(0, write_aggregation(uuid, "2"));
	EXPECT_EQ(0, uevent_wait(self->sock, "change", uuid, buf,
					  sizeof(buf), 500));
}

TEST_F(abi, remove_uevent_carries_the_aggregation_the_device_had)
{
	char uuid[MDEV_UUID_LEN + 1];

	ASSERT_EQ(0, create_dev(self, 0, uuid));
	ASSERT_EQ(0, write_aggregation(uuid, "2"));
	self->sock = uevent_open();
	ASSERT_LE(0, self->sock);
	ASSERT_EQ(0, write_str(dev_path(uuid, "remove"), "1"));
	self->devs.nr--;
	EXPECT_EQ(2U, uevent_aggregation(self->sock, "remove", uuid));
}

TEST_HARNESS_MAIN
