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

#endif /* VM_UTIL_H */
