/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the in-VM tests of this repository, on top of those of the
 * series' selftests (tools/testing/selftests/vfio/mdev of the work tree),
 * which they share.
 */
#ifndef VM_UTIL_H
#define VM_UTIL_H

#include "vfio/mdev/mdev_pool.h"
#include "vfio/mdev/mdev_vfio.h"

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

#endif /* VM_UTIL_H */
