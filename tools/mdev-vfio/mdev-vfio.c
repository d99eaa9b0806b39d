// SPDX-License-Identifier: GPL-2.0
/*
 * mdev-vfio: open a mediated device through VFIO the way a virtual machine
 * monitor does, and show what the guest would see.
 *
 *   mdev-vfio [--iommufd] info UUID
 *   mdev-vfio [--iommufd] hold UUID COMMAND [ARG]...
 *   mdev-vfio [--iommufd] resize UUID N
 *
 * The device is opened through its IOMMU group and a type1 container
 * (/dev/vfio/vfio), or with --iommufd through its VFIO device file
 * (/dev/vfio/devices/vfioN) bound to an iommufd with an I/O address space
 * attached.  Every failure is reported with what failed and why, and the
 * exit status is then non-zero.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/iommufd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#define MDEV_DEVICES	"/sys/bus/mdev/devices"

/* PCI IDs of the sample devices */
#define ID_MBOCHS	0x12341111u	/* QEMU's bochs display */
#define ID_MTTY		0x43483253u
#define ID_MSIOV	0x43485351u

/* mbochs: the bochs VBE registers are 16 bits wide at 0x500 of BAR2 */
#define VBE_REG(i)		(0x500 + 2 * (i))
#define VBE_VIDEO_MEMORY_64K	0xa

/* msiov BAR0 registers */
#define MSIOV_QUEUE_COUNT	0x000
#define MSIOV_STATUS		0x004
#define  MSIOV_STATUS_CHANGED	0x1
#define MSIOV_DOORBELL(i)	(0x100 + 4 * (i))
#define MSIOV_COMPLETION(i)	(0x200 + 4 * (i))
#define MSIOV_MAX_QUEUES	8

/* How long a live resize may take to signal the MSI */
#define MSI_TIMEOUT_MS		5000

static const char *prog = "mdev-vfio";
static bool use_iommufd;

struct dev {
	const char *uuid;
	int container;	/* type1 container, or the iommufd */
	int group;	/* the IOMMU group, -1 with iommufd */
	int fd;		/* the device */
	uint32_t ioas;	/* I/O address space with iommufd */
	uint64_t cfg;	/* offset of the config space region */
	uint64_t bar[VFIO_PCI_ROM_REGION_INDEX];	/* offsets of the BARs */
	uint32_t id;	/* vendor << 16 | device */
};

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [--iommufd] info UUID\n"
		"       %s [--iommufd] hold UUID COMMAND [ARG]...\n"
		"       %s [--iommufd] resize UUID N\n"
		"\n"
		"Opens mediated device UUID through VFIO as a virtual machine monitor does:\n"
		"through its IOMMU group and a type1 container, or with --iommufd through\n"
		"its VFIO device file bound to an iommufd.\n"
		"  info    print the device, its regions and interrupts as the guest sees\n"
		"          them, and the registers that tell its size\n"
		"  hold    keep the device open while COMMAND runs, then close it; the\n"
		"          exit status is COMMAND's\n"
		"  resize  (msiov) resize the open device to N queues through sysfs with\n"
		"          its MSI armed, wait for the interrupt and show the new queues\n",
		prog, prog, prog);
	exit(2);
}

/* A sysfs path of the device, in a static buffer */
static const char *dev_path(const char *uuid, const char *file)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/%s", uuid, file);
	return path;
}

/* The name of the file a symlink of the device points to */
static void link_name(const char *uuid, const char *file, char *name,
		      size_t size)
{
	char link[PATH_MAX];
	const char *base;
	ssize_t n;

	n = readlink(dev_path(uuid, file), link, sizeof(link) - 1);
	if (n < 0)
		die("cannot read %s: %s", dev_path(uuid, file), strerror(errno));
	link[n] = '\0';
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	if (strlen(base) >= size)
		die("%s: link name too long", dev_path(uuid, file));
	memcpy(name, base, strlen(base) + 1);
}

static void open_group(struct dev *d)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char group[NAME_MAX + 1], path[PATH_MAX];

	link_name(d->uuid, "iommu_group", group, sizeof(group));
	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		die("cannot open /dev/vfio/vfio: %s", strerror(errno));
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		die("/dev/vfio/vfio: unknown VFIO API version");
	if (ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0)
		die("/dev/vfio/vfio: no type1v2 IOMMU");

	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		die("cannot open IOMMU group %s: %s", path, strerror(errno));
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status))
		die("%s: VFIO_GROUP_GET_STATUS: %s", path, strerror(errno));
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		die("%s: the group is not viable", path);
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		die("%s: VFIO_GROUP_SET_CONTAINER: %s", path, strerror(errno));
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		die("VFIO_SET_IOMMU type1v2: %s", strerror(errno));
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->uuid);
	if (d->fd < 0)
		die("%s: VFIO_GROUP_GET_DEVICE_FD %s: %s", path, d->uuid,
		    strerror(errno));
	printf("opened %s through IOMMU group %s and a type1 container\n",
	       d->uuid, path);
}

static void open_iommufd(struct dev *d)
{
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = {
		.argsz = sizeof(attach),
	};
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;

	/* vfio-dev/ holds one entry, vfioN, named as its device file */
	dir = opendir(dev_path(d->uuid, "vfio-dev"));
	if (!dir)
		die("cannot open %s: %s (is CONFIG_VFIO_DEVICE_CDEV set?)",
		    dev_path(d->uuid, "vfio-dev"), strerror(errno));
	while ((de = readdir(dir)))
		if (!strncmp(de->d_name, "vfio", 4))
			break;
	if (!de)
		die("%s has no vfioN entry", dev_path(d->uuid, "vfio-dev"));
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", de->d_name);
	closedir(dir);

	d->group = -1;
	d->container = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		die("cannot open /dev/iommu: %s", strerror(errno));
	if (ioctl(d->container, IOMMU_IOAS_ALLOC, &alloc))
		die("/dev/iommu: IOMMU_IOAS_ALLOC: %s", strerror(errno));
	d->ioas = alloc.out_ioas_id;

	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	bind.iommufd = d->container;
	if (ioctl(d->fd, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		die("%s: VFIO_DEVICE_BIND_IOMMUFD: %s", path, strerror(errno));
	attach.pt_id = d->ioas;
	if (ioctl(d->fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		die("%s: VFIO_DEVICE_ATTACH_IOMMUFD_PT: %s", path,
		    strerror(errno));
	printf("opened %s through %s, bound to an iommufd with I/O address space %u\n",
	       d->uuid, path, d->ioas);
}

static int region_info(struct dev *d, unsigned int index,
		       struct vfio_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, info) ? -errno : 0;
}

static void read_at(struct dev *d, void *buf, size_t len, uint64_t off,
		    const char *what)
{
	ssize_t n = pread(d->fd, buf, len, off);

	if (n < 0)
		die("cannot read %s: %s", what, strerror(errno));
	if ((size_t)n != len)
		die("cannot read %s: short read", what);
}

static void write_at(struct dev *d, const void *buf, size_t len, uint64_t off,
		     const char *what)
{
	ssize_t n = pwrite(d->fd, buf, len, off);

	if (n < 0)
		die("cannot write %s: %s", what, strerror(errno));
	if ((size_t)n != len)
		die("cannot write %s: short write", what);
}

static uint32_t bar_read32(struct dev *d, int bar, unsigned int reg,
			   const char *what)
{
	uint32_t val;

	read_at(d, &val, sizeof(val), d->bar[bar] + reg, what);
	return val;
}

static void bar_write32(struct dev *d, int bar, unsigned int reg,
			uint32_t val, const char *what)
{
	write_at(d, &val, sizeof(val), d->bar[bar] + reg, what);
}

static void dev_open(struct dev *d, const char *uuid)
{
	struct vfio_region_info info;
	uint16_t ids[2];
	int i;

	memset(d, 0, sizeof(*d));
	d->uuid = uuid;
	if (access(dev_path(uuid, ""), F_OK))
		die("no mediated device %s: %s", uuid, strerror(errno));
	if (use_iommufd)
		open_iommufd(d);
	else
		open_group(d);

	if (region_info(d, VFIO_PCI_CONFIG_REGION_INDEX, &info))
		die("VFIO_DEVICE_GET_REGION_INFO config: %s", strerror(errno));
	d->cfg = info.offset;
	for (i = 0; i < VFIO_PCI_ROM_REGION_INDEX; i++) {
		if (region_info(d, i, &info))
			die("VFIO_DEVICE_GET_REGION_INFO BAR%d: %s", i,
			    strerror(errno));
		d->bar[i] = info.offset;
	}
	read_at(d, ids, sizeof(ids), d->cfg + PCI_VENDOR_ID,
		"the PCI IDs in config space");
	d->id = (uint32_t)ids[0] << 16 | ids[1];
}

static void dev_close(struct dev *d)
{
	close(d->fd);
	if (d->group >= 0)
		close(d->group);
	close(d->container);
	printf("closed %s\n", d->uuid);
}

static const char *region_name(unsigned int index)
{
	static const char *const names[] = {
		"BAR0", "BAR1", "BAR2", "BAR3", "BAR4", "BAR5", "ROM",
		"config", "VGA",
	};
	static char buf[24];

	if (index < sizeof(names) / sizeof(names[0]))
		return names[index];
	snprintf(buf, sizeof(buf), "region %u", index);
	return buf;
}

static const char *irq_name(unsigned int index)
{
	static const char *const names[] = {
		"INTx", "MSI", "MSI-X", "ERR", "REQ",
	};

	return index < sizeof(names) / sizeof(names[0]) ? names[index] : "IRQ";
}

/* @size in the largest binary unit that divides it */
static const char *size_str(uint64_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB" };
	static char buf[32];
	unsigned int u = 0;

	while (size && !(size & 1023) && u < 3) {
		size >>= 10;
		u++;
	}
	snprintf(buf, sizeof(buf), "%" PRIu64 " %s", size, units[u]);
	return buf;
}

/*
 * What a device-specific region @index is, from its type capability: a
 * string such as " (graphics EDID)", or "" when it has none.
 */
static const char *region_type(struct dev *d, unsigned int index,
			       uint32_t argsz)
{
	struct vfio_region_info *info;
	struct vfio_info_cap_header *cap;
	struct vfio_region_info_cap_type *type;
	static char buf[48];
	uint32_t off;

	buf[0] = '\0';
	if (argsz < sizeof(*info) || argsz > 65536)
		return buf;
	info = calloc(1, argsz);
	if (!info)
		die("out of memory");
	info->argsz = argsz;
	info->index = index;
	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, info))
		die("VFIO_DEVICE_GET_REGION_INFO %s: %s", region_name(index),
		    strerror(errno));
	for (off = info->cap_offset; off && off + sizeof(*cap) <= argsz;
	     off = cap->next) {
		cap = (void *)((char *)info + off);
		if (cap->id != VFIO_REGION_INFO_CAP_TYPE ||
		    off + sizeof(*type) > argsz)
			continue;
		type = (void *)cap;
		if (type->type == VFIO_REGION_TYPE_GFX &&
		    type->subtype == VFIO_REGION_SUBTYPE_GFX_EDID)
			snprintf(buf, sizeof(buf), " (graphics EDID)");
		else
			snprintf(buf, sizeof(buf), " (type %u, subtype %u)",
				 type->type, type->subtype);
		break;
	}
	free(info);
	return buf;
}

static void print_regions(struct dev *d, unsigned int num)
{
	struct vfio_region_info info;
	unsigned int i;

	for (i = 0; i < num; i++) {
		if (region_info(d, i, &info))
			die("VFIO_DEVICE_GET_REGION_INFO %s: %s",
			    region_name(i), strerror(errno));
		if (!info.size)
			continue;
		printf("  %-9s %10s  %s%s%s%s\n", region_name(i),
		       size_str(info.size),
		       info.flags & VFIO_REGION_INFO_FLAG_READ ? "r" : "-",
		       info.flags & VFIO_REGION_INFO_FLAG_WRITE ? "w" : "-",
		       info.flags & VFIO_REGION_INFO_FLAG_MMAP ? " mmap" : "",
		       info.flags & VFIO_REGION_INFO_FLAG_CAPS ?
		       region_type(d, i, info.argsz) : "");
	}
}

static void print_irqs(struct dev *d, unsigned int num)
{
	struct vfio_irq_info info;
	unsigned int i;
	bool any = false;

	printf("  interrupts:");
	for (i = 0; i < num; i++) {
		memset(&info, 0, sizeof(info));
		info.argsz = sizeof(info);
		info.index = i;
		if (ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &info))
			die("VFIO_DEVICE_GET_IRQ_INFO %s: %s", irq_name(i),
			    strerror(errno));
		if (!info.count)
			continue;
		printf(" %s x%u", irq_name(i), info.count);
		any = true;
	}
	printf("%s\n", any ? "" : " none");
}

static void print_msiov(struct dev *d)
{
	uint32_t count = bar_read32(d, 0, MSIOV_QUEUE_COUNT,
				    "msiov QUEUE_COUNT");
	uint32_t status = bar_read32(d, 0, MSIOV_STATUS, "msiov STATUS");

	printf("  msiov registers: QUEUE_COUNT=%u STATUS=0x%x\n", count, status);
}

static void print_mbochs(struct dev *d)
{
	uint16_t mem64k;

	read_at(d, &mem64k, sizeof(mem64k),
		d->bar[2] + VBE_REG(VBE_VIDEO_MEMORY_64K),
		"the bochs VBE register VIDEO_MEMORY_64K");
	printf("  bochs VBE register VIDEO_MEMORY_64K=%u: %u MiB of video memory\n",
	       mem64k, mem64k / 16);
}

static int cmd_info(const char *uuid)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	uint8_t cfg[PCI_STD_HEADER_SIZEOF];
	struct dev d;

	dev_open(&d, uuid);
	if (ioctl(d.fd, VFIO_DEVICE_GET_INFO, &info))
		die("VFIO_DEVICE_GET_INFO: %s", strerror(errno));
	read_at(&d, cfg, sizeof(cfg), d.cfg, "the PCI config space");
	printf("  device: %s%s, %u regions, %u interrupt indexes\n",
	       info.flags & VFIO_DEVICE_FLAGS_PCI ? "PCI" : "not PCI",
	       info.flags & VFIO_DEVICE_FLAGS_RESET ? " with reset" : "",
	       info.num_regions, info.num_irqs);
	printf("  PCI ID %04x:%04x, class %02x%02x\n", d.id >> 16,
	       d.id & 0xffff, cfg[PCI_CLASS_DEVICE + 1], cfg[PCI_CLASS_DEVICE]);
	print_regions(&d, info.num_regions);
	print_irqs(&d, info.num_irqs);
	if (d.id == ID_MSIOV)
		print_msiov(&d);
	else if (d.id == ID_MBOCHS)
		print_mbochs(&d);
	dev_close(&d);
	return 0;
}

static int cmd_hold(const char *uuid, char **argv)
{
	struct dev d;
	int status;
	pid_t pid;

	dev_open(&d, uuid);
	printf("holding %s open while running:", uuid);
	for (char **a = argv; *a; a++)
		printf(" %s", *a);
	printf("\n");
	fflush(stdout);

	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", prog, argv[0],
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid: %s", strerror(errno));
	dev_close(&d);
	if (WIFSIGNALED(status))
		die("%s was killed by signal %d", argv[0], WTERMSIG(status));
	return WEXITSTATUS(status);
}

/* Arms the single MSI vector of @d with @efd through VFIO_DEVICE_SET_IRQS */
static void set_msi(struct dev *d, int efd)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} irq = {
		.set = {
			.argsz = sizeof(irq),
			.flags = VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER,
			.index = VFIO_PCI_MSI_IRQ_INDEX,
			.start = 0,
			.count = 1,
		},
		.fd = efd,
	};

	if (ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &irq))
		die("VFIO_DEVICE_SET_IRQS MSI eventfd %d: %s", efd,
		    strerror(errno));
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Rings the doorbell of queue @q; returns its completions before and after */
static void ring(struct dev *d, unsigned int q, uint32_t *before,
		 uint32_t *after)
{
	*before = bar_read32(d, 0, MSIOV_COMPLETION(q), "msiov COMPLETION");
	bar_write32(d, 0, MSIOV_DOORBELL(q), 1, "msiov DOORBELL");
	*after = bar_read32(d, 0, MSIOV_COMPLETION(q), "msiov COMPLETION");
}

static int cmd_resize(const char *uuid, const char *arg)
{
	uint32_t count, status, before, after;
	struct pollfd pfd;
	struct timespec t0;
	unsigned long n;
	uint64_t events;
	char *end, val[16];
	struct dev d;
	int fd, ret;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || !n || n > MSIOV_MAX_QUEUES)
		die("N must be a number of queues from 1 to %d, got '%s'",
		    MSIOV_MAX_QUEUES, arg);

	dev_open(&d, uuid);
	if (d.id != ID_MSIOV)
		die("%s is not an msiov device (PCI ID %04x:%04x)", uuid,
		    d.id >> 16, d.id & 0xffff);
	count = bar_read32(&d, 0, MSIOV_QUEUE_COUNT, "msiov QUEUE_COUNT");
	status = bar_read32(&d, 0, MSIOV_STATUS, "msiov STATUS");
	printf("  QUEUE_COUNT=%u STATUS=0x%x\n", count, status);
	if (count == n)
		die("%s already has %lu queues: a resize to the same count changes nothing and raises no MSI",
		    uuid, n);

	pfd.fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (pfd.fd < 0)
		die("eventfd: %s", strerror(errno));
	pfd.events = POLLIN;
	set_msi(&d, pfd.fd);
	printf("  MSI armed: VFIO_DEVICE_SET_IRQS, MSI index, eventfd\n");

	printf("  resizing to %lu queues: echo %lu > %s\n", n, n,
	       dev_path(uuid, "mdev/aggregation"));
	fflush(stdout);
	fd = open(dev_path(uuid, "mdev/aggregation"), O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open %s: %s", dev_path(uuid, "mdev/aggregation"),
		    strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(val, sizeof(val), "%lu\n", n);
	if (write(fd, val, strlen(val)) < 0)
		die("resize to %lu refused: %s", n, strerror(errno));
	close(fd);

	ret = poll(&pfd, 1, MSI_TIMEOUT_MS);
	if (ret < 0)
		die("poll on the MSI eventfd: %s", strerror(errno));
	if (!ret)
		die("no MSI within %d ms of the resize", MSI_TIMEOUT_MS);
	if (read(pfd.fd, &events, sizeof(events)) != sizeof(events))
		die("cannot read the MSI eventfd: %s", strerror(errno));
	printf("  MSI received after %ld ms (eventfd count %" PRIu64 ")\n",
	       ms_since(&t0), events);

	count = bar_read32(&d, 0, MSIOV_QUEUE_COUNT, "msiov QUEUE_COUNT");
	status = bar_read32(&d, 0, MSIOV_STATUS, "msiov STATUS");
	printf("  QUEUE_COUNT=%u STATUS=0x%x%s\n", count, status,
	       status & MSIOV_STATUS_CHANGED ? " (bit 0: the queue count changed)" : "");
	if (count != n)
		die("QUEUE_COUNT is %u, not %lu", count, n);

	ring(&d, n - 1, &before, &after);
	printf("  doorbell of queue %lu: COMPLETION %u -> %u%s\n", n - 1,
	       before, after, after == before + 1 ? "" : " (it did not complete)");
	if (after != before + 1)
		die("queue %lu does not complete work", n - 1);
	if (n < MSIOV_MAX_QUEUES) {
		ring(&d, n, &before, &after);
		printf("  doorbell of queue %lu: COMPLETION %u -> %u (no such queue)\n",
		       n, before, after);
		if (after != 0)
			die("queue %lu completes work beyond QUEUE_COUNT", n);
	}

	bar_write32(&d, 0, MSIOV_STATUS, MSIOV_STATUS_CHANGED, "msiov STATUS");
	status = bar_read32(&d, 0, MSIOV_STATUS, "msiov STATUS");
	printf("  STATUS after writing 1 to bit 0: 0x%x\n", status);

	set_msi(&d, -1);
	close(pfd.fd);
	dev_close(&d);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "--iommufd")) {
		use_iommufd = true;
		i++;
	}
	if (argc - i < 2)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[i], "info") && argc - i == 2)
		return cmd_info(argv[i + 1]);
	if (!strcmp(argv[i], "hold") && argc - i >= 3) {
		char **cmd = argv + i + 2;

		if (!strcmp(*cmd, "--"))
			cmd++;
		if (!*cmd)
			usage();
		return cmd_hold(argv[i + 1], cmd);
	}
	if (!strcmp(argv[i], "resize") && argc - i == 3)
		return cmd_resize(argv[i + 1], argv[i + 2]);
	usage();
	return 2;
}
