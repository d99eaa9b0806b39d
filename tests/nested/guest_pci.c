// SPDX-License-Identifier: GPL-2.0
/*
 * guest-pci: what the nested guest's user space does to the devices QEMU
 * gives it, through the guest kernel's own drivers and PCI sysfs files.
 *
 *   guest-pci rd8 RESOURCE OFF           read a byte of an I/O BAR (sysfs resourceN)
 *   guest-pci wr8 RESOURCE OFF VAL       write a byte of an I/O BAR
 *   guest-pci rd32 RESOURCE OFF          read a word of a memory BAR through mmap
 *   guest-pci wr32 RESOURCE OFF VAL      write a word of a memory BAR through mmap
 *   guest-pci padding RESOURCE FROM TO   write and read back a word in every
 *                                        4 KiB page of [FROM, TO) of a memory
 *                                        BAR; every read must give 0
 *   guest-pci echo TTY TEXT              raw mode, write TEXT, read it back
 *   guest-pci msiov BDF N0 N1...         drive an msiov device through
 *                                        vfio-pci (no-IOMMU) while the host
 *                                        resizes it to N1, N2...: see msiov()
 *
 * A number may be decimal or 0x hex. Results are printed as
 * "@@guest PASS|FAIL what" lines (tests/nested/run-all reads them); other
 * output is detail. Exit status 0 when every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <libgen.h>
#include <linux/vfio.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

static int failed;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("@@guest %s ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		failed = 1;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	printf("@@guest FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (%s)\n", strerror(errno));
	exit(1);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "guest-pci: not a number: '%s'\n", s);
		exit(2);
	}
	return v;
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		die("open %s", path);
	return fd;
}

/* A whole memory BAR, mapped through its sysfs resource file */
static volatile uint32_t *map_bar(const char *path, size_t *size)
{
	int fd = open_or_die(path, O_RDWR | O_SYNC);
	struct stat st;
	void *p;

	if (fstat(fd, &st))
		die("stat %s", path);
	p = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap %s", path);
	close(fd);
	*size = st.st_size;
	return p;
}

static int io_byte(char **argv, int write)
{
	int fd = open_or_die(argv[2], O_RDWR);
	uint8_t v = write ? num(argv[4]) : 0;
	ssize_t n;

	n = write ? pwrite(fd, &v, 1, num(argv[3])) : pread(fd, &v, 1, num(argv[3]));
	if (n != 1)
		die("%s of %s at %s", write ? "write" : "read", argv[2], argv[3]);
	if (!write)
		printf("0x%02x\n", v);
	return 0;
}

static int mem_word(char **argv, int write)
{
	size_t size, off = num(argv[3]);
	volatile uint32_t *bar = map_bar(argv[2], &size);

	if (off + 4 > size || off % 4) {
		fprintf(stderr, "guest-pci: offset %zu outside the %zu bytes of %s\n",
			off, size, argv[2]);
		return 2;
	}
	if (write)
		bar[off / 4] = num(argv[4]);
	else
		printf("0x%08x\n", bar[off / 4]);
	return 0;
}

/*
 * Every access to BAR padding must leave the guest running, and reads of
 * it give 0: the device has nothing there, whatever was written.
 */
static int rd8(int argc, char **argv) { return io_byte(argv, 0); }
static int wr8(int argc, char **argv) { return io_byte(argv, 1); }
static int rd32(int argc, char **argv) { return mem_word(argv, 0); }
static int wr32(int argc, char **argv) { return mem_word(argv, 1); }

static int padding(int argc, char **argv)
{
	size_t size, from = num(argv[3]), to = num(argv[4]), off;
	volatile uint32_t *bar = map_bar(argv[2], &size);
	unsigned int pages = 0, nonzero = 0;

	(void)argc;
	if (to > size || from >= to) {
		fprintf(stderr, "guest-pci: [%zu, %zu) not inside the %zu bytes of %s\n",
			from, to, size, argv[2]);
		return 2;
	}
	for (off = from; off < to; off += 4096, pages++) {
		size_t last = off + 4092 < to ? off + 4092 : to - 4;

		bar[off / 4] = 0xdeadbeef;
		bar[last / 4] = 0xfeedf00d;
		nonzero += bar[off / 4] != 0;
		nonzero += bar[last / 4] != 0;
	}
	check(!nonzero, "padding: %u pages from 0x%zx to 0x%zx written and read back as 0 (%u nonzero reads)",
	      pages, from, to, nonzero);
	return failed;
}

static int tty_echo(int argc, char **argv)
{
	const char *text = argv[3];
	size_t len = strlen(text), got = 0;
	char buf[256] = "";
	struct termios t;
	time_t end;
	int fd;

	(void)argc;
	fd = open_or_die(argv[2], O_RDWR | O_NOCTTY);
	if (tcgetattr(fd, &t))
		die("tcgetattr %s", argv[2]);
	cfmakeraw(&t);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 5;
	if (tcsetattr(fd, TCSANOW, &t) || tcflush(fd, TCIOFLUSH))
		die("tcsetattr %s", argv[2]);
	if (write(fd, text, len) != (ssize_t)len)
		die("write %s", argv[2]);
	for (end = time(NULL) + 20; got < len && got < sizeof(buf) - 1 && time(NULL) < end;) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - 1 - got);

		if (n < 0)
			die("read %s", argv[2]);
		got += n;
	}
	buf[got] = 0;
	check(got == len && !memcmp(buf, text, len), "%s: wrote '%s', read back '%s'",
	      argv[2], text, buf);
	close(fd);
	return failed;
}

/* msiov registers (BAR0) and doorbell pages (BAR2): samples/vfio-mdev/msiov.c */
#define MSIOV_QUEUE_COUNT	0x000
#define MSIOV_STATUS		0x004
#define MSIOV_STATUS_CHANGED	1
#define MSIOV_COMPLETION	0x200
#define MSIOV_MAX_QUEUES	8
#define MSIOV_DB_SIZE		4096

struct msiov {
	int device, irq;
	volatile uint32_t *regs, *db;
	uint32_t tail[MSIOV_MAX_QUEUES];
};

static void *map_region(int device, unsigned int index, size_t *size)
{
	struct vfio_region_info info = { .argsz = sizeof(info), .index = index };
	void *p;

	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &info))
		die("region %u info", index);
	if (!(info.flags & VFIO_REGION_INFO_FLAG_MMAP))
		die("region %u cannot be mapped", index);
	p = mmap(NULL, info.size, PROT_READ | PROT_WRITE, MAP_SHARED, device, info.offset);
	if (p == MAP_FAILED)
		die("mmap region %u", index);
	*size = info.size;
	return p;
}

/* vfio-pci in no-IOMMU mode: the guest's user space is the device's driver */
static void msiov_open(struct msiov *m, const char *bdf)
{
	struct vfio_region_info cfg = { .argsz = sizeof(cfg),
					.index = VFIO_PCI_CONFIG_REGION_INDEX };
	char link[512], path[600], irqbuf[sizeof(struct vfio_irq_set) + sizeof(int)];
	struct vfio_irq_set *irq = (void *)irqbuf;
	int container, group;
	uint16_t cmd;
	size_t size;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		die("readlink %s", path);
	link[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%s", basename(link));
	container = open_or_die("/dev/vfio/vfio", O_RDWR);
	group = open_or_die(path, O_RDWR);
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container))
		die("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(container, VFIO_SET_IOMMU, VFIO_NOIOMMU_IOMMU))
		die("VFIO_SET_IOMMU no-IOMMU");
	m->device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (m->device < 0)
		die("VFIO_GROUP_GET_DEVICE_FD %s", bdf);

	if (ioctl(m->device, VFIO_DEVICE_GET_REGION_INFO, &cfg))
		die("config region info");
	if (pread(m->device, &cmd, 2, cfg.offset + 4) != 2)
		die("read the command register");
	cmd |= 0x6;	/* memory space, bus master: the MSI is a memory write */
	if (pwrite(m->device, &cmd, 2, cfg.offset + 4) != 2)
		die("write the command register");

	m->regs = map_region(m->device, VFIO_PCI_BAR0_REGION_INDEX, &size);
	m->db = map_region(m->device, VFIO_PCI_BAR2_REGION_INDEX, &size);
	if (size < MSIOV_MAX_QUEUES * MSIOV_DB_SIZE)
		die("BAR2 has %zu bytes, not a page per queue", size);

	m->irq = eventfd(0, 0);
	if (m->irq < 0)
		die("eventfd");
	irq->argsz = sizeof(irqbuf);
	irq->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	irq->index = VFIO_PCI_MSI_IRQ_INDEX;
	irq->start = 0;
	irq->count = 1;
	memcpy(irq->data, &m->irq, sizeof(int));
	if (ioctl(m->device, VFIO_DEVICE_SET_IRQS, irq))
		die("VFIO_DEVICE_SET_IRQS MSI");
}

static uint32_t reg(struct msiov *m, unsigned int off)
{
	return m->regs[off / 4];
}

/*
 * Ring every queue's doorbell through its mapped page and read the
 * completion count back through the registers: a held queue completes
 * what was rung, a queue the device no longer holds reaches nothing.
 */
static void msiov_doorbells(struct msiov *m, unsigned int held)
{
	unsigned int q, ok = 0, dead = 0;

	for (q = 0; q < MSIOV_MAX_QUEUES; q++) {
		uint32_t want = ++m->tail[q];

		m->db[q * MSIOV_DB_SIZE / 4] = want;
		if (q < held)
			ok += reg(m, MSIOV_COMPLETION + 4 * q) == want;
		else
			dead += reg(m, MSIOV_COMPLETION + 4 * q) == 0;
	}
	check(ok == held, "msiov: doorbell pages of the %u held queues reach the device (%u do)",
	      held, ok);
	check(dead == MSIOV_MAX_QUEUES - held,
	      "msiov: doorbell pages of the %u other queues reach nothing (%u do not)",
	      MSIOV_MAX_QUEUES - held, dead);
}

/*
 * guest-pci msiov BDF N0 N1 ...: the device holds N0 queues now; after
 * "@@guest msiov ready Ni" the host resizes it to Ni+1, which the guest
 * learns from the interrupt, then STATUS and QUEUE_COUNT, and checks with
 * the doorbells. A queue kept over a resize keeps its completion count.
 */
static int msiov(int argc, char **argv)
{
	struct msiov m = { };
	unsigned int i, q;

	msiov_open(&m, argv[2]);
	for (i = 3; i < (unsigned int)argc; i++) {
		unsigned int want = num(argv[i]), held;

		if (i > 3) {
			struct pollfd p = { .fd = m.irq, .events = POLLIN };
			uint64_t count;
			int kept = 1;

			if (poll(&p, 1, 300 * 1000) != 1 || read(m.irq, &count, 8) != 8) {
				check(0, "msiov: the interrupt of the resize to %u came within 300 s",
				      want);
				return 1;
			}
			check(1, "msiov: the interrupt of the resize to %u came", want);
			check(reg(&m, MSIOV_STATUS) & MSIOV_STATUS_CHANGED,
			      "msiov: STATUS says the queue count changed");
			m.regs[MSIOV_STATUS / 4] = MSIOV_STATUS_CHANGED;
			check(!(reg(&m, MSIOV_STATUS) & MSIOV_STATUS_CHANGED),
			      "msiov: STATUS clears when written");
			held = reg(&m, MSIOV_QUEUE_COUNT);
			for (q = 0; q < held && q < num(argv[i - 1]); q++)
				kept &= reg(&m, MSIOV_COMPLETION + 4 * q) == m.tail[q];
			check(kept, "msiov: queues kept over the resize kept their completion counts");
		}
		held = reg(&m, MSIOV_QUEUE_COUNT);
		check(held == want, "msiov: QUEUE_COUNT reads %u (want %u)", held, want);
		/* Queues that came anew start from a cleared page */
		for (q = held; q < MSIOV_MAX_QUEUES; q++)
			m.tail[q] = 0;
		msiov_doorbells(&m, held);
		printf("@@guest msiov ready %u\n", held);
		fflush(stdout);
	}
	return failed;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int args;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "rd8", 4, rd8 }, { "wr8", 5, wr8 }, { "rd32", 4, rd32 }, { "wr32", 5, wr32 },
		{ "padding", 5, padding }, { "echo", 4, tty_echo },
		{ "msiov", 4, msiov },
	};
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		if (cmds[i].fn == msiov ? argc < cmds[i].args : argc != cmds[i].args)
			break;
		return cmds[i].fn(argc, argv);
	}
	fprintf(stderr, "usage: guest-pci rd8|wr8|rd32|wr32|padding|echo|msiov ... (see the source)\n");
	return 2;
}
