/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pools of the aggregating sample parents, as the reliability tests
 * see them: what each parent has, what each type and device takes, and a
 * check that the units held by devices plus the units free equal the
 * pool, for every parent, read only from sysfs.
 *
 * Counting, as the samples do it:
 *  - mtty: 24 ports, its own count (get_available); mtty-1 takes one port
 *    a unit and a device holds at most 2, mtty-2 takes two and does not
 *    aggregate;
 *  - mbochs: "count" MB (module parameter), its own count; a unit of
 *    mbochs-small/-medium/-large is 4/16/64 MB, and a device holds at most
 *    what its BAR can address, 2048 MB: 512/128/32 units;
 *  - msiov: "queues" work queues (module parameter), counted by the core
 *    (max_instances); a unit is a queue, a device holds at most 8.
 *
 * The sysfs ABI (version 2): a type that aggregates has max_aggregation
 * (its fixed per-device limit), available_aggregation (the largest device
 * that could be created now: min(max_aggregation, free units)),
 * aggregation_resize ("idle" or "live") and the directory
 * aggregation_unit/ (one file per key); a device of it has
 * mdev/aggregation and mdev/available_aggregation (min(max_aggregation,
 * units held + free units)).
 */
#ifndef POOL_UTIL_H
#define POOL_UTIL_H

#include <signal.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "vfio/mdev/mdev_util.h"

#define MAX_TYPES	3

struct pool_type {
	const char *name;	/* directory in mdev_supported_types */
	unsigned int unit;	/* pool units one aggregation unit takes */
	unsigned int cap;	/* max_aggregation, 1: does not aggregate */
	const char *key;	/* the one file of aggregation_unit/ */
	unsigned int amount;	/* and what it holds */
	const char *resize;	/* aggregation_resize: "idle" or "live" */
};

struct pool_parent {
	const char *name;
	const char *module;
	const char *param;	/* module parameter holding the pool size */
	unsigned int fixed;	/* pool size when there is no parameter */
	int nr_types;
	struct pool_type types[MAX_TYPES];
};

static const struct pool_parent pool_parents[] = {
	{ MTTY, "mtty", NULL, 24, 2, {
		{ MTTY_1, 1, 2, "ports", 1, "idle" },
		{ MTTY_2, 2, 1, NULL, 0, NULL },
	} },
	{ MBOCHS, "mbochs", "count", 0, 3, {
		{ MBOCHS_SMALL, 4, 512, "memory_mb", 4, "idle" },
		{ MBOCHS_MEDIUM, 16, 128, "memory_mb", 16, "idle" },
		{ MBOCHS_LARGE, 64, 32, "memory_mb", 64, "idle" },
	} },
	{ MSIOV, "msiov", "queues", 0, 1, {
		{ MSIOV_WQ, 1, 8, "queues", 1, "live" },
	} },
};

#define NR_POOL_PARENTS	((int)(sizeof(pool_parents) / sizeof(pool_parents[0])))

static inline unsigned int min_uint(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

/* A number file of type @type of @parent, or UINT_MAX when unreadable */
static inline unsigned int pool_type_uint(const char *parent, const char *type,
					  const char *file)
{
	unsigned int val;

	if (read_uint(type_path(parent, type, file), &val))
		return UINT_MAX;
	return val;
}

/* Size of the pool of @p in its units, 0 when unreadable */
static inline unsigned int pool_size(const struct pool_parent *p)
{
	char path[PATH_MAX];
	unsigned int val;

	if (!p->param)
		return p->fixed;
	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s",
		 p->module, p->param);
	if (read_uint(path, &val))
		return 0;
	return val;
}

static inline bool parent_present(const struct pool_parent *p)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_BUS_CLASS "/%s", p->name);
	return path_exists(path);
}

/* Finds type @name: its parent in *@pp, NULL when not one of ours */
static inline const struct pool_type *pool_find_type(const char *name,
						     const struct pool_parent **pp)
{
	int i, j;

	for (i = 0; i < NR_POOL_PARENTS; i++)
		for (j = 0; j < pool_parents[i].nr_types; j++)
			if (!strcmp(pool_parents[i].types[j].name, name)) {
				if (pp)
					*pp = &pool_parents[i];
				return &pool_parents[i].types[j];
			}
	return NULL;
}

/* Name of the type of device @uuid into @type: 0 or -errno */
static inline int dev_type_name(const char *uuid, char *type, size_t size)
{
	char link[PATH_MAX];
	const char *base;
	ssize_t n;

	n = readlink(dev_path(uuid, "mdev_type"), link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	if (strlen(base) >= size)
		return -ENAMETOOLONG;
	strcpy(type, base);
	return 0;
}

/* Units device @uuid holds: its aggregation, 1 when its type has none */
static inline unsigned int dev_units(const char *uuid)
{
	if (!path_exists(dev_path(uuid, "mdev")))
		return 1;
	return dev_uint(uuid, "mdev/aggregation");
}

/*
 * Checks the pool of @p against every device present: held + free ==
 * size; of every type, available_instances is the free units,
 * max_aggregation its fixed limit whatever the pool holds, and
 * available_aggregation min(max_aggregation, free units); of every
 * device, available_aggregation is min(max_aggregation, held + free
 * units). Appends what disagrees to @msg and returns the number of
 * disagreements. @held gets the units devices hold.
 */
static inline int pool_check(const struct pool_parent *p, unsigned int *held_out,
			     char *msg, size_t size)
{
	unsigned int size_units = pool_size(p), held = 0, free_units;
	unsigned int avail[MAX_TYPES];
	size_t len = strlen(msg);
	const struct pool_parent *dp;
	const struct pool_type *t;
	struct dirent *de;
	int bad = 0, i;
	char type[64];
	DIR *dir;

#define POOL_BAD(...) do {						\
		bad++;							\
		if (len < size)						\
			len += snprintf(msg + len, size - len, __VA_ARGS__); \
	} while (0)

	if (!size_units) {
		POOL_BAD("%s: pool size unreadable; ", p->name);
		return bad;
	}

	dir = opendir(MDEV_DEVICES);
	if (!dir) {
		POOL_BAD("cannot list %s; ", MDEV_DEVICES);
		return bad;
	}
	while ((de = readdir(dir))) {
		unsigned int n;

		if (de->d_name[0] == '.')
			continue;
		if (dev_type_name(de->d_name, type, sizeof(type)))
			continue;
		t = pool_find_type(type, &dp);
		if (!t || dp != p)
			continue;
		n = dev_units(de->d_name);
		if (n == UINT_MAX || !n || n > t->cap) {
			POOL_BAD("%s: aggregation %u out of range; ", de->d_name, n);
			continue;
		}
		held += n * t->unit;
	}
	closedir(dir);

	if (held > size_units) {
		POOL_BAD("%s: devices hold %u of a pool of %u; ", p->name, held,
			 size_units);
		return bad;
	}
	free_units = size_units - held;

	for (i = 0; i < p->nr_types; i++) {
		t = &p->types[i];
		avail[i] = type_available(p->name, t->name);
		if (avail[i] != free_units / t->unit)
			POOL_BAD("%s: available_instances %u, expected %u (pool %u, held %u); ",
				 t->name, avail[i], free_units / t->unit,
				 size_units, held);
		if (t->cap <= 1)
			continue;
		if (type_max_aggregation(p->name, t->name) != t->cap)
			POOL_BAD("%s: max_aggregation %u, the fixed limit is %u (pool %u, held %u); ",
				 t->name, type_max_aggregation(p->name, t->name),
				 t->cap, size_units, held);
		if (pool_type_uint(p->name, t->name, "available_aggregation") !=
		    min_uint(free_units / t->unit, t->cap))
			POOL_BAD("%s: available_aggregation %u, expected %u (pool %u, held %u); ",
				 t->name,
				 pool_type_uint(p->name, t->name, "available_aggregation"),
				 min_uint(free_units / t->unit, t->cap), size_units, held);
	}

	/* Every device may grow by what its type has free, up to its cap */
	dir = opendir(MDEV_DEVICES);
	if (!dir)
		return bad;
	while ((de = readdir(dir))) {
		unsigned int n, got, want;

		if (de->d_name[0] == '.')
			continue;
		if (dev_type_name(de->d_name, type, sizeof(type)))
			continue;
		t = pool_find_type(type, &dp);
		if (!t || dp != p || t->cap <= 1)
			continue;
		n = dev_units(de->d_name);
		got = dev_uint(de->d_name, "mdev/available_aggregation");
		want = min_uint(n + free_units / t->unit, t->cap);
		if (got != want)
			POOL_BAD("%s: device available_aggregation %u, expected %u; ",
				 de->d_name, got, want);
	}
	closedir(dir);
#undef POOL_BAD

	if (held_out)
		*held_out = held;
	return bad;
}

/* pool_check() of every parent present; returns the disagreements */
static inline int pool_check_all(char *msg, size_t size)
{
	int i, bad = 0;

	msg[0] = '\0';
	for (i = 0; i < NR_POOL_PARENTS; i++)
		if (parent_present(&pool_parents[i]))
			bad += pool_check(&pool_parents[i], NULL, msg, size);
	return bad;
}

/*
 * What a refusal must leave unchanged, cheap enough to read after every
 * write: the number of devices and the free units of every type. With
 * both unchanged no unit moved (units held = pool - free).
 */
struct pool_snapshot {
	int nr_devs;
	unsigned int avail[8][MAX_TYPES];
};

static inline void pool_snapshot(struct pool_snapshot *s)
{
	int i, j;

	memset(s, 0, sizeof(*s));
	s->nr_devs = mdev_count();
	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];

		for (j = 0; j < p->nr_types; j++)
			s->avail[i][j] = type_available(p->name, p->types[j].name);
	}
}

static inline bool pool_snapshot_equal(const struct pool_snapshot *a,
				       const struct pool_snapshot *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* Writes @len bytes of @buf to @path at offset @off: 0 or -errno */
static inline int pwrite_buf(const char *path, const void *buf, size_t len,
			     off_t off)
{
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pwrite(fd, buf, len, off);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	close(fd);
	return ret;
}

/* A device opened through the VFIO group and container interface */
struct vfio_open {
	int container;
	int group;
	int fd;
};

/* Opens device @uuid through its own container: 0 or -errno */
static inline int vfio_open_dev(const char *uuid, struct vfio_open *v)
{
	char link[PATH_MAX], path[PATH_MAX + 16];
	const char *base;
	ssize_t n;
	int ret;

	v->container = v->group = v->fd = -1;
	n = readlink(dev_path(uuid, "iommu_group"), link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	base = strrchr(link, '/');
	snprintf(path, sizeof(path), "/dev/vfio/%s", base ? base + 1 : link);

	v->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (v->container < 0)
		goto err;
	v->group = open(path, O_RDWR | O_CLOEXEC);
	if (v->group < 0)
		goto err;
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container))
		goto err;
	if (ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		goto err;
	v->fd = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (v->fd < 0)
		goto err;
	return 0;
err:
	ret = -errno;
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
	v->container = v->group = v->fd = -1;
	return ret;
}

static inline void vfio_close_dev(struct vfio_open *v)
{
	if (v->fd >= 0)
		close(v->fd);
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
	v->container = v->group = v->fd = -1;
}

/*
 * Waits until the pool of every parent agrees with its devices; a device
 * released late (a reference held a little longer) gives its units back
 * then. Returns the disagreements of the last check.
 */
static inline int pool_settle(char *msg, size_t size)
{
	int i, bad = 0;

	for (i = 0; i < 50; i++) {
		bad = pool_check_all(msg, size);
		if (!bad)
			break;
		usleep(100 * 1000);
	}
	return bad;
}

/*
 * Creates devices of type @t of @p, recorded in @set, each as large as
 * its max_aggregation and the free units allow, until @leave units of
 * @t are free: 0 or -errno of the create that failed.
 */
static inline int pool_fill(struct mdev_set *set, const struct pool_parent *p,
			    const struct pool_type *t, unsigned int leave)
{
	unsigned int avail;
	int ret;

	while ((avail = type_available(p->name, t->name)) != UINT_MAX &&
	       avail > leave) {
		ret = mdev_create_n(set, p->name, t->name,
				    min_uint(avail - leave, t->cap), NULL);
		if (ret)
			return ret;
	}
	return avail == UINT_MAX ? -EIO : 0;
}

/* A directory read entry by entry, dot files left out */
struct pool_dir {
	DIR *d;
	char dir[PATH_MAX];
	char path[PATH_MAX + NAME_MAX + 2];
};

/* Opens @dir, which may be a static buffer of type_path() or dev_path() */
static inline bool pool_dir_open(struct pool_dir *pd, const char *dir)
{
	snprintf(pd->dir, sizeof(pd->dir), "%s", dir);
	pd->d = opendir(pd->dir);
	return pd->d;
}

/* The path of the next entry, or NULL at the end, which closes @pd */
static inline const char *pool_dir_next(struct pool_dir *pd)
{
	struct dirent *de;

	while ((de = readdir(pd->d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(pd->path, sizeof(pd->path), "%s/%s", pd->dir, de->d_name);
		return pd->path;
	}
	closedir(pd->d);
	pd->d = NULL;
	return NULL;
}

/* Removes every device of the parents of pool_parents[] */
static inline void pool_remove_all_devices(void)
{
	struct dirent *de;
	char type[64];
	DIR *dir;

	dir = opendir(MDEV_DEVICES);
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (dev_type_name(de->d_name, type, sizeof(type)))
			continue;
		if (pool_find_type(type, NULL))
			write_str(dev_path(de->d_name, "remove"), "1");
	}
	closedir(dir);
}

#endif /* POOL_UTIL_H */
