// SPDX-License-Identifier: GPL-2.0
/*
 * The mdev sample parents register and expose their types through sysfs,
 * and a device can be created and removed through the type's "create"
 * file and the device's "remove" file. This is the ground the aggregation
 * tests stand on: it runs against any kernel, patched or not.
 *
 * Runs as root in the test VM, with mtty, mbochs and mdpy loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "kselftest_harness.h"

#define MDEV_BUS "/sys/class/mdev_bus"
#define MDEV_DEVICES "/sys/bus/mdev/devices"
#define TEST_UUID "3b2a5c7e-0d2f-4c44-9a51-6f1e2d3c4b5a"

static int read_uint(const char *path, unsigned int *val)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	return sscanf(buf, "%u", val) == 1 ? 0 : -EINVAL;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

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

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
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
		ASSERT_TRUE(exists(types[i])) TH_LOG("%s is missing", types[i]);
		snprintf(path, sizeof(path), "%s/available_instances", types[i]);
		ASSERT_EQ(0, read_uint(path, &avail)) TH_LOG("cannot read %s", path);
		ASSERT_LT(0, avail) TH_LOG("%s: nothing available", types[i]);
		snprintf(path, sizeof(path), "%s/device_api", types[i]);
		ASSERT_TRUE(exists(path)) TH_LOG("%s is missing", path);
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
	unsigned int before, during, after;

	snprintf(path, sizeof(path), "%s/available_instances", type);
	ASSERT_EQ(0, read_uint(path, &before));

	ASSERT_EQ(0, write_str(MDEV_BUS "/mtty/mdev_supported_types/mtty-2/create", TEST_UUID));
	ASSERT_TRUE(exists(MDEV_DEVICES "/" TEST_UUID)) TH_LOG("device did not appear");
	ASSERT_EQ(0, read_uint(path, &during));
	EXPECT_EQ(before - 1, during);

	/* A second device with the same UUID is refused. */
	EXPECT_EQ(-EEXIST, write_str(MDEV_BUS "/mtty/mdev_supported_types/mtty-2/create",
				     TEST_UUID));

	ASSERT_EQ(0, write_str(MDEV_DEVICES "/" TEST_UUID "/remove", "1"));
	ASSERT_FALSE(exists(MDEV_DEVICES "/" TEST_UUID)) TH_LOG("device was not removed");
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

TEST_HARNESS_MAIN
