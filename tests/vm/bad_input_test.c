// SPDX-License-Identifier: GPL-2.0
/*
 * A corpus of malformed and hostile strings written to the create file of
 * the aggregating types and to the mdev/aggregation file of their devices:
 * the parser cases of the ABI, binary bytes, very long strings, every
 * prefix of a valid request (a write cut short), writes at an offset, and
 * values whose units would overflow. Each must be refused with the errno
 * the ABI documents (EINVAL malformed or beyond the type's
 * max_aggregation, ENOSPC within it but beyond the pool, EOPNOTSUPP for
 * aggregate=N on a type that does not aggregate) and leave every pool and device as it was. Concurrent
 * writers of different valid values must end in one of them.
 *
 * Runs as root in the test VM with mtty, mbochs and msiov loaded.
 */
#include "kselftest_harness.h"
#include "vm_util.h"

#define RANDOM_CREATE	50
#define RANDOM_RESIZE	10
#define CONCURRENT	4

struct input {
	char buf[12288];
	size_t len;
	off_t off;
	int err;	/* the errno expected, positive */
};

/* Figures of one test: inputs tried, refused as documented */
struct tally {
	int tried;
	int refused;
};

static void set_input(struct input *in, const void *buf, size_t len, int err)
{
	if (len > sizeof(in->buf))
		len = sizeof(in->buf);
	memcpy(in->buf, buf, len);
	in->len = len;
	in->off = 0;
	in->err = err;
}

/* "<fresh uuid><suffix>" with the NUL bytes @suffix may hold (@slen) */
static void uuid_input(struct input *in, const char *suffix, size_t slen, int err)
{
	char uuid[MDEV_UUID_LEN + 1];

	new_uuid(uuid);
	set_input(in, uuid, MDEV_UUID_LEN, err);
	memcpy(in->buf + MDEV_UUID_LEN, suffix, slen);
	in->len += slen;
}

static const char *const bad_suffixes[] = {
	",", ",aggregate", ",aggregate=", ",aggregate=0", ",aggregate=00",
	",aggregate=-0", ",aggregate=-1", ",aggregate=+1", ",aggregate= 1",
	",aggregate=1 ", ",aggregate=1\t", ",aggregate=\t1", ",aggregate=0x2",
	",aggregate=0b1", ",aggregate=2a", ",aggregate=1.5", ",aggregate=1e2",
	",aggregate=4294967296", ",aggregate=18446744073709551617",
	",aggregate=99999999999999999999999999", ",aggregate=1,aggregate=1",
	",aggregate=1,", ",aggregate=1,foo=2", ",Aggregate=1", ",AGGREGATE=1",
	",aggregation=1", ",aggregate:1", ", aggregate=1", " ,aggregate=1",
	";aggregate=1", ",aggregate==1", ",aggregate=1\n\n", "\n,aggregate=1",
	"\n\n", " ", "\t", "\r\n", "x", ",aggregate=1\r", ",aggregate=1\r\n",
	",aggregate=\xff", ",aggregate=\xef\xbc\x92", ",aggregate=\xd9\xa2",
	",aggregate=one", ",aggregate=NaN", ",aggregate=1/2", ",aggregate=%d",
	",aggregate=$((2))", ",aggregate=1;", "\\n", ",aggregate=\\x32",
};

/* Suffixes with NUL bytes in them: text and length */
static const struct {
	const char *s;
	size_t len;
} nul_suffixes[] = {
	{ "\0", 1 }, { ",aggregate=1\0", 13 }, { ",aggregate=\0" "1", 13 },
	{ "\0,aggregate=1", 13 }, { ",\0aggregate=1", 13 },
};

/* Malformed UUIDs, as whole create strings */
static void uuid_corpus(struct input *ins, int *nr)
{
	static const char *const whole[] = {
		"not-a-uuid", "00000000-0000-0000-0000-00000000000",
		"00000000-0000-0000-0000-0000000000000",
		"000000000000000000000000000000000000",
		"00000000000000000000000000000000",
		"{00000000-0000-0000-0000-000000000000}",
		"00000000-0000-0000-0000-00000000000g",
		"0000000-00000-0000-0000-000000000000",
		"00000000_0000_0000_0000_000000000000",
		"urn:uuid:00000000-0000-0000-0000-000000000000",
		"\n", ",aggregate=2", "-", "1",
	};
	char uuid[MDEV_UUID_LEN + 1];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(whole); i++)
		set_input(&ins[(*nr)++], whole[i], strlen(whole[i]), EINVAL);

	/* A bad character at each position of a UUID */
	for (i = 0; i < MDEV_UUID_LEN; i++) {
		new_uuid(uuid);
		uuid[i] = uuid[i] == '-' ? '0' : 'g';
		set_input(&ins[(*nr)++], uuid, MDEV_UUID_LEN, EINVAL);
	}

	/* Leading junk */
	new_uuid(uuid);
	ins[*nr].buf[0] = ' ';
	memcpy(ins[*nr].buf + 1, uuid, MDEV_UUID_LEN);
	ins[*nr].len = MDEV_UUID_LEN + 1;
	ins[*nr].off = 0;
	ins[(*nr)++].err = EINVAL;
	new_uuid(uuid);
	ins[*nr].buf[0] = '\n';
	memcpy(ins[*nr].buf + 1, uuid, MDEV_UUID_LEN);
	ins[*nr].len = MDEV_UUID_LEN + 1;
	ins[*nr].off = 0;
	ins[(*nr)++].err = EINVAL;
}

/* Very long strings: more than a page, which sysfs cuts to a page */
static void long_corpus(struct input *ins, int *nr)
{
	static const size_t lens[] = { 4095, 4096, 4097, 8192, 12000 };
	struct input *in;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		in = &ins[(*nr)++];
		memset(in->buf, 'a', lens[i]);
		in->len = lens[i];
		in->off = 0;
		in->err = EINVAL;

		in = &ins[(*nr)++];
		uuid_input(in, ",aggregate=1", 12, EINVAL);
		memset(in->buf + in->len, ' ', lens[i] - in->len);
		in->len = lens[i];

		in = &ins[(*nr)++];
		uuid_input(in, ",aggregate=", 11, EINVAL);
		memset(in->buf + in->len, '9', lens[i] - in->len);
		in->len = lens[i];
	}
}

/* Random bytes, NUL included, 1 to 300 of them */
static void random_corpus(struct input *ins, int *nr, int count, unsigned int seed)
{
	int i;
	size_t j;

	srand(seed);
	for (i = 0; i < count; i++) {
		struct input *in = &ins[(*nr)++];

		in->len = 1 + rand() % 300;
		for (j = 0; j < in->len; j++)
			in->buf[j] = rand() & 0xff;
		/* Never a valid request: no UUID starts with a NUL */
		in->buf[0] = '\0';
		in->off = 0;
		in->err = EINVAL;
	}
}

/* Every prefix of a valid request other than the bare UUID: cut short */
static void prefix_corpus(struct input *ins, int *nr, const char *valid)
{
	size_t len = strlen(valid), k;

	for (k = 1; k < len; k++) {
		if (k == MDEV_UUID_LEN)
			continue;	/* a valid plain create */
		if (k == len - 1 && valid[k] == '\n')
			continue;	/* valid without its newline */
		set_input(&ins[(*nr)++], valid, k, EINVAL);
	}
}

/* Malformed strings written at an offset: the offset changes nothing */
static void offset_corpus(struct input *ins, int *nr)
{
	static const off_t offs[] = { 1, 37, 4095, 4096, 1 << 20 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		uuid_input(&ins[*nr], ",aggregate=0", 12, EINVAL);
		ins[(*nr)++].off = offs[i];
		set_input(&ins[*nr], "x", 1, EINVAL);
		ins[(*nr)++].off = offs[i];
	}
}

/* Whether @s starts with a UUID in the form guid_parse() takes */
static bool starts_with_uuid(const char *s)
{
	int i;

	for (i = 0; i < MDEV_UUID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

/*
 * The plain form's parser is the one create has always had, which the
 * series leaves alone: it takes 36 or 37 bytes and reads the UUID from the
 * first 36, so "<uuid>" and one byte, whatever it is, create a device.
 * Drops such inputs from a corpus of strings that must be refused.
 */
static int drop_plain_creates(struct input *ins, int nr)
{
	int i, kept = 0;

	for (i = 0; i < nr; i++) {
		if (!ins[i].off && ins[i].len == MDEV_UUID_LEN + 1 &&
		    starts_with_uuid(ins[i].buf))
			continue;
		if (kept != i)
			ins[kept] = ins[i];
		kept++;
	}
	return kept;
}

/*
 * Values beyond what a type allows: EINVAL beyond its max_aggregation
 * (which every aggregating type has), whatever the pool holds; ENOSPC
 * within it but beyond the pool (the N x unit product must not wrap
 * around into something that fits).
 */
static void limit_corpus(struct input *ins, int *nr, const struct pool_parent *p,
			 const struct pool_type *t, bool create)
{
	unsigned int vals[] = {
		t->cap + 1, pool_size(p) / t->unit + 1,
		65536u, 2147483648u, 4294967295u, 67108864u,
		0xffffffffu / t->unit + (t->unit > 1),
	};
	unsigned int i;
	char s[64];
	int err;

	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		if (t->cap == 1)
			err = EOPNOTSUPP;
		else if (vals[i] <= t->cap)
			err = ENOSPC;
		else
			err = EINVAL;
		if (create) {
			snprintf(s, sizeof(s), ",aggregate=%u", vals[i]);
			uuid_input(&ins[(*nr)++], s, strlen(s), err);
		} else {
			snprintf(s, sizeof(s), "%u", vals[i]);
			set_input(&ins[(*nr)++], s, strlen(s), err);
		}
	}
}

/*
 * The create corpus for type @t of @p: the option and limit cases, and
 * when @full all the others too (they fail in the parser, before the type
 * matters, so running them on one type of each accounting style is enough).
 */
static int create_corpus(struct input *ins, const struct pool_parent *p,
			 const struct pool_type *t, unsigned int seed, bool full)
{
	char valid[80], uuid[MDEV_UUID_LEN + 1];
	unsigned int i;
	int nr = 0;

	for (i = 0; i < ARRAY_SIZE(bad_suffixes); i++)
		uuid_input(&ins[nr++], bad_suffixes[i], strlen(bad_suffixes[i]), EINVAL);
	for (i = 0; i < ARRAY_SIZE(nul_suffixes); i++)
		uuid_input(&ins[nr++], nul_suffixes[i].s, nul_suffixes[i].len, EINVAL);
	limit_corpus(ins, &nr, p, t, true);
	if (!full)
		return drop_plain_creates(ins, nr);
	uuid_corpus(ins, &nr);
	long_corpus(ins, &nr);
	random_corpus(ins, &nr, RANDOM_CREATE, seed);
	new_uuid(uuid);
	snprintf(valid, sizeof(valid), "%s,aggregate=2\n", uuid);
	prefix_corpus(ins, &nr, valid);
	offset_corpus(ins, &nr);
	return drop_plain_creates(ins, nr);
}

/* The corpus for mdev/aggregation, the whole of it when @full */
static int resize_corpus(struct input *ins, const struct pool_parent *p,
			 const struct pool_type *t, unsigned int seed, bool full)
{
	static const char *const bad[] = {
		"0", "00", "-0", "-1", "+1", "+2", " 2", "2 ", "2\n\n", "\n",
		"\n2", "0x2", "02x", "2a", "2.0", "1e1", "4294967296",
		"18446744073709551616", "99999999999999999999999", "\xff",
		"\xef\xbc\x92", "1,2", "two", "\t2", "2\r\n", "2\r", "=2",
		"aggregation=2", "2;", "\\x32",
	};
	unsigned int i;
	int nr = 0;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		set_input(&ins[nr++], bad[i], strlen(bad[i]), EINVAL);
	limit_corpus(ins, &nr, p, t, false);
	if (!full)
		return nr;
	set_input(&ins[nr++], "\0", 1, EINVAL);
	set_input(&ins[nr++], "2\0", 2, EINVAL);
	set_input(&ins[nr++], "\0" "2", 2, EINVAL);
	random_corpus(ins, &nr, RANDOM_RESIZE, seed);
	for (i = 0; i < 3; i++) {
		static const size_t lens[] = { 4096, 5000, 12000 };

		memset(ins[nr].buf, '2', lens[i]);
		ins[nr].len = lens[i];
		ins[nr].off = 0;
		ins[nr++].err = EINVAL;
	}
	set_input(&ins[nr], "x", 1, EINVAL);
	ins[nr++].off = 4096;
	set_input(&ins[nr], "0", 1, EINVAL);
	ins[nr++].off = 1;
	return nr;
}

static struct input corpus[400];

/*
 * Writes every input of @ins to @path: counts in @tl those refused with
 * their errno and leaving the pools as in @before. Reports the others.
 */
static void run_corpus(struct __test_metadata *_metadata, const char *file,
		       struct input *ins, int nr, const char *uuid,
		       struct tally *tl)
{
	struct pool_snapshot before, after;
	char path[PATH_MAX];
	int i, ret;

	/* @file may be the static buffer of type_path() or dev_path() */
	snprintf(path, sizeof(path), "%s", file);
	pool_snapshot(&before);
	for (i = 0; i < nr; i++) {
		ret = pwrite_buf(path, ins[i].buf, ins[i].len, ins[i].off);
		tl->tried++;
		pool_snapshot(&after);
		EXPECT_EQ(-ins[i].err, ret)
			TH_LOG("input %d (%zu bytes at %lld, \"%.60s\"): %s, expected %s",
			       i, ins[i].len, (long long)ins[i].off, ins[i].buf,
			       strerror(-ret), strerror(ins[i].err));
		EXPECT_TRUE(pool_snapshot_equal(&before, &after))
			TH_LOG("input %d (\"%.60s\") changed a pool or a device", i,
			       ins[i].buf);
		if (uuid)
			EXPECT_EQ(1U, dev_units(uuid));
		if (ret == -ins[i].err && pool_snapshot_equal(&before, &after))
			tl->refused++;
		else
			before = after;
	}
}

FIXTURE(bad) {
	struct mdev_set devs;
};

FIXTURE_SETUP(bad)
{
	char msg[1024];

	if (!parent_present(&pool_parents[0]) || !parent_present(&pool_parents[1]))
		SKIP(return, "mtty and mbochs are not loaded");
	memset(&self->devs, 0, sizeof(self->devs));
	ASSERT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("%s", msg);
}

FIXTURE_TEARDOWN(bad)
{
	char msg[1024];

	mdev_remove_all(&self->devs);
	EXPECT_EQ(0, pool_settle(msg, sizeof(msg))) TH_LOG("%s", msg);
}

TEST_F_TIMEOUT(bad, create_refuses_every_bad_string_and_changes_nothing, 600)
{
	struct tally tl = { 0 };
	int i, j, nr;
	bool full;

	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];

		if (!parent_present(p))
			continue;
		for (j = 0; j < p->nr_types; j++) {
			const struct pool_type *t = &p->types[j];

			/* The whole corpus on msiov-wq, the cases that differ on all */
			full = !strcmp(t->name, MSIOV_WQ);
			nr = create_corpus(corpus, p, t, 1000 * i + j, full);
			ASSERT_GE((int)ARRAY_SIZE(corpus), nr);
			run_corpus(_metadata, type_path(p->name, t->name, "create"),
				   corpus, nr, NULL, &tl);
		}
	}
	ksft_print_msg("bad input: create: %d tried, %d refused with the documented errno and nothing changed\n",
		       tl.tried, tl.refused);
	EXPECT_EQ(tl.tried, tl.refused);
	EXPECT_LE(200, tl.tried);
}

TEST_F_TIMEOUT(bad, aggregation_refuses_every_bad_string_and_changes_nothing, 600)
{
	char uuid[MDEV_UUID_LEN + 1];
	struct tally tl = { 0 };
	int i, j, nr;

	for (i = 0; i < NR_POOL_PARENTS; i++) {
		const struct pool_parent *p = &pool_parents[i];

		if (!parent_present(p))
			continue;
		for (j = 0; j < p->nr_types; j++) {
			const struct pool_type *t = &p->types[j];

			if (t->cap <= 1)
				continue;
			ASSERT_EQ(0, mdev_create(&self->devs, p->name, t->name, "", uuid));
			nr = resize_corpus(corpus, p, t, 2000 * i + j,
					   !strcmp(t->name, MSIOV_WQ));
			run_corpus(_metadata, dev_path(uuid, "mdev/aggregation"),
				   corpus, nr, uuid, &tl);
		}
	}
	ksft_print_msg("bad input: mdev/aggregation: %d tried, %d refused with the documented errno and nothing changed\n",
		       tl.tried, tl.refused);
	EXPECT_EQ(tl.tried, tl.refused);
	EXPECT_LE(50, tl.tried);
}

TEST_F(bad, aggregate_on_a_type_that_does_not_aggregate_is_eopnotsupp)
{
	struct pool_snapshot before, after;
	char uuid[MDEV_UUID_LEN + 1], buf[80];

	pool_snapshot(&before);
	new_uuid(uuid);
	snprintf(buf, sizeof(buf), "%s,aggregate=2", uuid);
	EXPECT_EQ(-EOPNOTSUPP, write_str(type_path(MTTY, MTTY_2, "create"), buf));
	if (path_exists(MDEV_BUS_CLASS "/" MDPY))
		EXPECT_EQ(-EOPNOTSUPP, write_str(type_path(MDPY, MDPY_VGA, "create"), buf));
	pool_snapshot(&after);
	EXPECT_TRUE(pool_snapshot_equal(&before, &after));
}

/* Children write their own value to @path @rounds times, at once */
static void concurrent_writes(const char *path, const char *const *vals, int nr,
			      int rounds, int *fails)
{
	pid_t pids[CONCURRENT];
	int i, r, status;

	for (i = 0; i < nr; i++) {
		pids[i] = fork();
		if (!pids[i]) {
			int bad = 0;

			for (r = 0; r < rounds; r++)
				if (write_str(path, vals[i]))
					bad++;
			_exit(bad ? 1 : 0);
		}
	}
	*fails = 0;
	for (i = 0; i < nr; i++)
		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			(*fails)++;
}

TEST_F(bad, concurrent_resizes_end_in_one_of_the_written_values)
{
	static const char *const vals[CONCURRENT] = { "1", "2", "3\n", "4" };
	static const struct { const char *parent, *type; } targets[] = {
		{ MSIOV, MSIOV_WQ }, { MBOCHS, MBOCHS_SMALL }, { MTTY, MTTY_1 },
	};
	char uuid[MDEV_UUID_LEN + 1], msg[1024];
	unsigned int i, n, nvals;
	int fails, writes = 0;

	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		if (!path_exists(type_path(targets[i].parent, targets[i].type, "create")))
			continue;
		ASSERT_EQ(0, mdev_create(&self->devs, targets[i].parent,
					 targets[i].type, "", uuid));
		/* mtty-1 stops at 2: its writers write 1 and 2 only */
		nvals = strcmp(targets[i].type, MTTY_1) ? CONCURRENT : 2;
		concurrent_writes(dev_path(uuid, "mdev/aggregation"), vals, nvals,
				  50, &fails);
		writes += nvals * 50;
		EXPECT_EQ(0, fails) TH_LOG("%s: a valid write failed", targets[i].type);
		n = dev_units(uuid);
		EXPECT_TRUE(n >= 1 && n <= nvals)
			TH_LOG("%s: aggregation %u was never written", targets[i].type, n);
		EXPECT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("%s", msg);
	}
	ksft_print_msg("bad input: %d concurrent resize writes, each device ended in a written value\n",
		       writes);
}

/*
 * Concurrent creates of one UUID with different aggregations: exactly one
 * succeeds. A round takes seconds in the debug kernel, which probes every
 * new device twice (DEBUG_TEST_DRIVER_REMOVE): more than the default 30 s
 * for 20 rounds.
 */
TEST_F_TIMEOUT(bad, concurrent_creates_of_one_uuid_make_one_device, 300)
{
	char uuid[MDEV_UUID_LEN + 1], bufs[CONCURRENT][80], msg[1024];
	const char *vals[CONCURRENT];
	int round, i, status, ok, exist;
	pid_t pids[CONCURRENT];
	unsigned int n;

	for (round = 0; round < 20; round++) {
		new_uuid(uuid);
		for (i = 0; i < CONCURRENT; i++) {
			snprintf(bufs[i], sizeof(bufs[i]), "%s,aggregate=%d", uuid, i + 1);
			vals[i] = bufs[i];
		}
		for (i = 0; i < CONCURRENT; i++) {
			pids[i] = fork();
			if (!pids[i]) {
				int ret = write_str(type_path(MSIOV, MSIOV_WQ, "create"),
						    vals[i]);

				_exit(ret == 0 ? 0 : ret == -EEXIST ? 1 : 2);
			}
		}
		ok = exist = 0;
		for (i = 0; i < CONCURRENT; i++) {
			ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
			ASSERT_TRUE(WIFEXITED(status));
			ok += WEXITSTATUS(status) == 0;
			exist += WEXITSTATUS(status) == 1;
		}
		ASSERT_EQ(1, ok) TH_LOG("round %d: %d creates succeeded", round, ok);
		ASSERT_EQ(CONCURRENT - 1, exist);
		memcpy(self->devs.uuid[self->devs.nr++], uuid, sizeof(uuid));
		n = dev_units(uuid);
		EXPECT_TRUE(n >= 1 && n <= CONCURRENT);
		EXPECT_EQ(0, pool_check_all(msg, sizeof(msg))) TH_LOG("%s", msg);
		mdev_remove_all(&self->devs);
	}
	ksft_print_msg("bad input: 20 rounds of %d concurrent creates of one UUID: one device each\n",
		       CONCURRENT);
}

TEST_HARNESS_MAIN
