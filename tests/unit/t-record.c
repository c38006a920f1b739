/*
 * t-record.c - records: pairs in order, fields, replacing, clearing and
 * reuse, values copied from the record itself, origin
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "test.h"

static int
add(xf_record *r, const char *key, const char *val)
{
	return xf_record_add(r, key, strlen(key), val, strlen(val), 0);
}

static void
test_pairs(void)
{
	xf_record	*r = xf_record_new();
	const char	*v;
	size_t		 len;

	CHECK(r != NULL);
	CHECK(xf_record_count(r) == 0);
	CHECK(xf_record_get(r, XF_F_NAME) == NULL);
	CHECK(xf_record_get_key(r, "name") == NULL);
	CHECK(xf_record_key(r, 0) == NULL);
	CHECK(xf_record_field(r, 0) == -1);

	CHECK(add(r, "name", "张三") == 0);
	CHECK(add(r, "信访人", "李四") == 0);
	CHECK(add(r, "备注", "unknown column") == 0);
	CHECK(xf_record_add(r, "people", 6, "3", 1, 1) == 0);
	CHECK(add(r, "title", "") == 0);
	CHECK(xf_record_count(r) == 5);

	/* Order, keys, fields and the raw flag as given. */
	CHECK_STR(xf_record_key(r, 0), "name");
	CHECK_STR(xf_record_key(r, 1), "信访人");
	CHECK_STR(xf_record_key(r, 2), "备注");
	CHECK(xf_record_field(r, 0) == XF_F_NAME);
	CHECK(xf_record_field(r, 1) == XF_F_NAME);
	CHECK(xf_record_field(r, 2) == -1);
	CHECK(xf_record_field(r, 3) == XF_F_PEOPLE);
	CHECK(xf_record_raw(r, 3) == 1);
	CHECK(xf_record_raw(r, 0) == 0);
	CHECK(xf_record_raw(r, 99) == 0);
	v = xf_record_value(r, 1, &len);
	CHECK_STR(v, "李四");
	CHECK(len == strlen("李四"));
	CHECK_STR(xf_record_value(r, 4, &len), "");
	CHECK(len == 0);
	CHECK(xf_record_value(r, 5, &len) == NULL);

	/* get: the first pair of the field; get_key: the exact key. */
	CHECK_STR(xf_record_get(r, XF_F_NAME), "张三");
	CHECK_STR(xf_record_get(r, XF_F_PEOPLE), "3");
	CHECK(xf_record_get(r, XF_F_PHONE) == NULL);
	CHECK(xf_record_get(r, -1) == NULL);
	CHECK(xf_record_get(r, XF_F_COUNT) == NULL);
	CHECK_STR(xf_record_get_key(r, "信访人"), "李四");
	CHECK_STR(xf_record_get_key(r, "备注"), "unknown column");
	CHECK(xf_record_get_key(r, "nam") == NULL);
	CHECK(xf_record_get_key(r, "names") == NULL);

	/* Lengths, not NULs, delimit what is copied. */
	CHECK(xf_record_add(r, "phone-ish", 5, "a\0b", 3, 0) == 0);
	v = xf_record_value(r, 5, &len);
	CHECK(len == 3 && memcmp(v, "a\0b", 4) == 0);
	CHECK(xf_record_field(r, 5) == XF_F_PHONE);
	CHECK_STR(xf_record_key(r, 5), "phone");

	xf_record_free(r);
	xf_record_free(NULL);
}

static void
test_set(void)
{
	xf_record	*r = xf_record_new();
	size_t		 len;

	CHECK(add(r, "id", "XF1") == 0);
	CHECK(add(r, "status", "registered") == 0);
	CHECK(add(r, "状态", "ignored: second status") == 0);

	/* Replaced in place, shorter and longer, raw flag following. */
	CHECK(xf_record_set(r, XF_F_STATUS, "closed", 6, 0) == 0);
	CHECK_STR(xf_record_get(r, XF_F_STATUS), "closed");
	CHECK(xf_record_set(r, XF_F_STATUS, "a much longer status", 20,
	    0) == 0);
	CHECK_STR(xf_record_value(r, 1, &len), "a much longer status");
	CHECK(len == 20);
	CHECK(xf_record_set(r, XF_F_STATUS, "1", 1, 1) == 0);
	CHECK(xf_record_raw(r, 1) == 1);
	CHECK_STR(xf_record_get(r, XF_F_STATUS), "1");
	CHECK_STR(xf_record_value(r, 2, NULL), "ignored: second status");
	CHECK(xf_record_count(r) == 3);

	/* Appended with the field's name as key when absent. */
	CHECK(xf_record_set(r, XF_F_PEOPLE, "12", 2, 1) == 0);
	CHECK(xf_record_count(r) == 4);
	CHECK_STR(xf_record_key(r, 3), "people");
	CHECK(xf_record_field(r, 3) == XF_F_PEOPLE);
	CHECK_STR(xf_record_get(r, XF_F_PEOPLE), "12");
	CHECK_STR(xf_record_get(r, XF_F_ID), "XF1");

	CHECK(xf_record_set(r, -1, "x", 1, 0) == -1);
	CHECK(xf_record_set(r, XF_F_COUNT, "x", 1, 0) == -1);
	CHECK(xf_record_count(r) == 4);
	xf_record_free(r);
}

/* A record growing past many reallocations keeps every value. */
static void
test_growth(void)
{
	xf_record	*r = xf_record_new();
	char		 key[32], val[300];
	size_t		 i, len;
	int		 ok = 1;

	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		memset(val, 'a' + (int)(i % 26), i % sizeof(val));
		val[i % sizeof(val)] = '\0';
		if (add(r, key, val) != 0)
			ok = 0;
	}
	CHECK(ok);
	CHECK(xf_record_count(r) == 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		if (strcmp(xf_record_key(r, i), key) != 0 ||
		    xf_record_value(r, i, &len) == NULL ||
		    len != i % sizeof(val) ||
		    (len > 0 && xf_record_value(r, i, NULL)[len - 1] !=
		    'a' + (int)(i % 26)))
			ok = 0;
	}
	CHECK(ok);
	CHECK_STR(xf_record_get_key(r, "k4999"), xf_record_value(r, 4999,
	    NULL));
	xf_record_free(r);
}

/* Keys and values may come from the record itself, arena moving or not. */
static void
test_self_copy(void)
{
	xf_record	*r = xf_record_new();
	const char	*v;
	size_t		 i, len;
	int		 ok = 1;

	CHECK(add(r, "title", "复制自身的值") == 0);
	CHECK(add(r, "content", "x") == 0);
	for (i = 0; i < 2000; i++) {
		v = xf_record_value(r, 0, &len);
		if (xf_record_add(r, xf_record_key(r, 0), 5, v, len, 0) != 0)
			ok = 0;
	}
	CHECK(ok);
	for (i = 0; i < xf_record_count(r); i++)
		if (i != 1 && strcmp(xf_record_value(r, i, NULL),
		    "复制自身的值") != 0)
			ok = 0;
	CHECK(ok);

	/* A longer value from the record, set over a shorter one. */
	v = xf_record_value(r, 0, &len);
	CHECK(xf_record_set(r, XF_F_CONTENT, v, len, 0) == 0);
	CHECK_STR(xf_record_get(r, XF_F_CONTENT), "复制自身的值");
	/* An overlapping tail of its own value. */
	v = xf_record_get(r, XF_F_CONTENT);
	CHECK(xf_record_set(r, XF_F_CONTENT, v + 6, strlen(v) - 6, 0) == 0);
	CHECK_STR(xf_record_get(r, XF_F_CONTENT), "自身的值");
	xf_record_free(r);
}

static void
test_clear(void)
{
	xf_record	*r = xf_record_new();
	int		 round, ok = 1;

	for (round = 0; round < 3; round++) {
		xf_record_clear(r);
		CHECK(xf_record_count(r) == 0);
		CHECK(xf_record_get(r, XF_F_ID) == NULL);
		CHECK(xf_record_get_key(r, "id") == NULL);
		if (add(r, "id", round == 1 ? "second" : "other") != 0 ||
		    add(r, "extra", "e") != 0)
			ok = 0;
		CHECK(xf_record_count(r) == 2);
	}
	CHECK(ok);
	CHECK_STR(xf_record_get(r, XF_F_ID), "other");
	CHECK_STR(xf_record_key(r, 1), "extra");
	xf_record_free(r);
}

static void
test_origin(void)
{
	xf_record	*r = xf_record_new();
	char		 name[32];

	CHECK(xf_record_file(r) == NULL);
	CHECK(xf_record_line(r) == 0);

	/* A copy: the caller's buffer may change. */
	strcpy(name, "台账.csv");
	xf_record_set_origin(r, name, 17);
	strcpy(name, "x");
	CHECK_STR(xf_record_file(r), "台账.csv");
	CHECK(xf_record_line(r) == 17);

	/* The same pointer, now holding another name. */
	xf_record_set_origin(r, name, 18);
	CHECK_STR(xf_record_file(r), "x");
	strcpy(name, "a-much-longer-file-name.ndjson");
	xf_record_set_origin(r, name, 19);
	CHECK_STR(xf_record_file(r), "a-much-longer-file-name.ndjson");
	xf_record_set_origin(r, "-", 1);
	CHECK_STR(xf_record_file(r), "-");

	xf_record_clear(r);
	CHECK(xf_record_file(r) == NULL);
	CHECK(xf_record_line(r) == 0);
	xf_record_set_origin(r, "-", 2);
	CHECK_STR(xf_record_file(r), "-");
	CHECK(xf_record_line(r) == 2);
	xf_record_set_origin(r, NULL, 0);
	CHECK(xf_record_file(r) == NULL);
	xf_record_free(r);
}

int
main(void)
{
	test_pairs();
	test_set();
	test_growth();
	test_self_copy();
	test_clear();
	test_origin();
	return test_done("t-record");
}
