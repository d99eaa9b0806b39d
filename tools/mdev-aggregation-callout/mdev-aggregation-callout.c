// SPDX-License-Identifier: GPL-2.0
/*
 * mdev-aggregation-callout: mdevctl's callout for every mdev type that
 * aggregates (whose type directory has max_aggregation above 1).
 *
 * mdevctl runs each program of /etc/mdevctl.d/scripts.d/callouts/ as
 *
 *   PROGRAM -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT
 *
 * with the device's JSON on standard input (except for "get attributes"),
 * and takes the first one that does not exit with 2 ("not my type"). This
 * one answers:
 *
 *   get capabilities  the events and actions it handles (version 2, which
 *                     is what makes mdevctl use it for "modify --live")
 *   get attributes    the device's size, [{"mdev/aggregation": "N"}], read
 *                     from sysfs: "mdevctl list" then shows the real size,
 *                     after a resize too
 *   live modify       resizes the active device to the JSON's
 *                     mdev/aggregation (1 when the JSON has none)
 *   pre define, pre start, pre modify
 *                     refuses an mdev/aggregation that is not a number
 *                     from 1 to the type's max_aggregation, before mdevctl
 *                     records or creates anything
 *
 * and exits 0 for every other event. An error is one line on standard
 * error, which mdevctl shows, and exit status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>

#define MDEV_BUS	"/sys/class/mdev_bus"
#define MDEV_DEVICES	"/sys/bus/mdev/devices"
#define AGGREGATION	"mdev/aggregation"

/* The exit status that tells mdevctl to ask the next callout */
#define NOT_MY_TYPE	2

/* Device JSON larger than this is not a device's configuration */
#define JSON_MAX	(1 << 20)

static const char *prog = "mdev-aggregation-callout";

struct request {
	const char *type;
	const char *event;
	const char *action;
	const char *uuid;
	const char *parent;
};

static void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Read a sysfs file of one line into buf, without its newline. */
static int read_line(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Read one attribute of the request's type: a number, or -errno. */
static long type_attr(const struct request *req, const char *name)
{
	char path[PATH_MAX], buf[32], *end;
	long val;
	int ret;

	snprintf(path, sizeof(path), MDEV_BUS "/%s/mdev_supported_types/%s/%s",
		 req->parent, req->type, name);
	ret = read_line(path, buf, sizeof(buf));
	if (ret)
		return ret;
	val = strtol(buf, &end, 10);
	if (end == buf || *end || val < 0)
		return -EINVAL;
	return val;
}

/* A type aggregates when its driver gives it a limit above one unit. */
static bool type_aggregates(const struct request *req)
{
	return type_attr(req, "max_aggregation") > 1;
}

static int print_json(struct json_object *obj)
{
	puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));
	json_object_put(obj);
	return fflush(stdout) ? 1 : 0;
}

/* get capabilities: what this callout handles, in mdevctl's version 2. */
static int get_capabilities(void)
{
	static const char * const actions[] = {
		"start", "stop", "define", "undefine", "modify", "attributes",
		"capabilities",
	};
	static const char * const events[] = {
		"pre", "post", "notify", "get", "live",
	};
	struct json_object *supports, *list, *top;
	size_t i;

	supports = json_object_new_object();
	json_object_object_add(supports, "version", json_object_new_int(2));
	list = json_object_new_array();
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		json_object_array_add(list, json_object_new_string(actions[i]));
	json_object_object_add(supports, "actions", list);
	list = json_object_new_array();
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		json_object_array_add(list, json_object_new_string(events[i]));
	json_object_object_add(supports, "events", list);
	top = json_object_new_object();
	json_object_object_add(top, "supports", supports);
	return print_json(top);
}

/* get attributes: the device's size as sysfs has it now. */
static int get_attributes(const struct request *req)
{
	struct json_object *attr, *list;
	char path[PATH_MAX], buf[32];
	int ret;

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/" AGGREGATION, req->uuid);
	ret = read_line(path, buf, sizeof(buf));
	if (ret) {
		error("cannot read %s: %s", path, strerror(-ret));
		return 1;
	}
	attr = json_object_new_object();
	json_object_object_add(attr, AGGREGATION, json_object_new_string(buf));
	list = json_object_new_array();
	json_object_array_add(list, attr);
	return print_json(list);
}

/* Parse the device's JSON on standard input; NULL after an error message. */
static struct json_object *read_device_json(void)
{
	struct json_tokener *tok;
	struct json_object *obj;
	static char buf[JSON_MAX];
	size_t len = 0, end;
	ssize_t n;

	while (len < sizeof(buf) - 1 && (n = read(0, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error("cannot read the device's JSON: %s", strerror(errno));
			return NULL;
		}
		len += n;
	}
	if (len == sizeof(buf) - 1) {
		error("the device's JSON is larger than %d bytes", JSON_MAX);
		return NULL;
	}
	buf[len] = '\0';
	tok = json_tokener_new();
	if (!tok) {
		error("out of memory");
		return NULL;
	}
	obj = json_tokener_parse_ex(tok, buf, len);
	end = json_tokener_get_parse_end(tok);
	if (!obj && json_tokener_get_error(tok) == json_tokener_continue) {
		error("the device's JSON on standard input ends before it is complete");
	} else if (!obj) {
		error("the device's JSON on standard input is not JSON: %s",
		      json_tokener_error_desc(json_tokener_get_error(tok)));
	} else if (buf[end + strspn(buf + end, " \t\r\n")] ||
		   !json_object_is_type(obj, json_type_object)) {
		error("the device's JSON on standard input is not one JSON object");
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

/*
 * The device JSON's mdev/aggregation: *value is set when the JSON has one
 * (the last one counts, as mdevctl writes attributes in order) and is a
 * plain decimal number. Returns -1 after an error message.
 */
static int json_aggregation(struct json_object *dev, const char **value)
{
	struct json_object *attrs, *attr, *val;
	size_t i;

	*value = NULL;
	if (!json_object_object_get_ex(dev, "attrs", &attrs))
		return 0;
	if (!json_object_is_type(attrs, json_type_array)) {
		error("the device's JSON has \"attrs\" that is not a list");
		return -1;
	}
	for (i = 0; i < json_object_array_length(attrs); i++) {
		attr = json_object_array_get_idx(attrs, i);
		if (!json_object_object_get_ex(attr, AGGREGATION, &val))
			continue;
		if (!json_object_is_type(val, json_type_string)) {
			error("%s must be given as a string, as mdevctl records it", AGGREGATION);
			return -1;
		}
		*value = json_object_get_string(val);
	}
	return 0;
}

/* Check a size against the type's limit; 0 or -1 after an error message. */
static int check_size(const struct request *req, const char *value)
{
	long max = type_attr(req, "max_aggregation");
	char *end;
	long n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (!*value || *end || errno || n < 1 || n > max) {
		error("%s=%s: a device of type %s holds 1 to %ld units", AGGREGATION, value,
		      req->type, max);
		return -1;
	}
	return 0;
}

/* pre define/start/modify: refuse a size the type can never have. */
static int pre_check(const struct request *req)
{
	struct json_object *dev = read_device_json();
	const char *value;
	int ret = 1;

	if (!dev)
		return 1;
	if (json_aggregation(dev, &value) == 0 && (!value || check_size(req, value) == 0))
		ret = 0;
	json_object_put(dev);
	return ret;
}

/* Why a resize was refused, in the words of the ABI's errno table. */
static void resize_refused(const struct request *req, const char *value, int err)
{
	char path[PATH_MAX], avail[32];

	switch (err) {
	case ENOSPC:
		snprintf(path, sizeof(path), MDEV_DEVICES "/%s/mdev/available_aggregation",
			 req->uuid);
		if (read_line(path, avail, sizeof(avail)))
			strcpy(avail, "?");
		error("cannot resize %s to %s units: parent %s lacks the free units (it may hold %s now)",
		      req->uuid, value, req->parent, avail);
		break;
	case EBUSY:
		error("cannot resize %s to %s units: it is open, and type %s is resized only while idle",
		      req->uuid, value, req->type);
		break;
	default:
		error("cannot resize %s to %s units: %s", req->uuid, value, strerror(err));
		break;
	}
}

/* live modify: resize the active device to the JSON's size. */
static int live_modify(const struct request *req)
{
	struct json_object *dev;
	char path[PATH_MAX];
	const char *value;
	int fd, ret = 1;

	dev = read_device_json();
	if (!dev)
		return 1;
	if (json_aggregation(dev, &value))
		goto out;
	if (!value)
		value = "1";
	if (check_size(req, value))
		goto out;

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/" AGGREGATION, req->uuid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		error("cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	if (write(fd, value, strlen(value)) < 0)
		resize_refused(req, value, errno);
	else
		ret = 0;
	close(fd);
out:
	json_object_put(dev);
	return ret;
}

static int usage(void)
{
	error("usage: %s -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT "
	      "(as mdevctl runs a callout, with the device's JSON on standard input)", prog);
	return 1;
}

int main(int argc, char **argv)
{
	struct request req = { 0 };
	int opt;

	while ((opt = getopt(argc, argv, "t:e:a:s:u:p:")) != -1) {
		switch (opt) {
		case 't': req.type = optarg; break;
		case 'e': req.event = optarg; break;
		case 'a': req.action = optarg; break;
		case 's': break;
		case 'u': req.uuid = optarg; break;
		case 'p': req.parent = optarg; break;
		default: return usage();
		}
	}
	if (optind != argc || !req.type || !req.event || !req.action || !req.uuid ||
	    !req.parent || strchr(req.type, '/') || strchr(req.parent, '/') ||
	    strchr(req.uuid, '/'))
		return usage();

	if (!type_aggregates(&req))
		return NOT_MY_TYPE;

	if (!strcmp(req.event, "get")) {
		if (!strcmp(req.action, "capabilities"))
			return get_capabilities();
		if (!strcmp(req.action, "attributes"))
			return get_attributes(&req);
		return 0;
	}
	if (!strcmp(req.event, "live") && !strcmp(req.action, "modify"))
		return live_modify(&req);
	if (!strcmp(req.event, "pre") && (!strcmp(req.action, "define") ||
					  !strcmp(req.action, "start") ||
					  !strcmp(req.action, "modify")))
		return pre_check(&req);
	return 0;
}
