// SPDX-License-Identifier: GPL-2.0
/*
 * The mdev sample parents register and expose their types through sysfs,
 * and a device can be created and removed through the type's "create"
 * file and the device's "remove" file. This is the ground the aggregation
 * tests stand on: it runs against any kernel, patched or not, where the
 * series' selftests (tools/testing/selftests/vfio/mdev) need the series.
 * On a patched kernel, a type that does not aggregate shows none of the
 * aggregation files.
 *
 * Runs as root in the test VM, with mtty, mbochs, mdpy and msiov loaded.
 */

#include "kselftest_harness.h"
#include "vm_util.h"

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

TEST_HARNESS_MAIN
