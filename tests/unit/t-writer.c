/*
 * t-writer.c - the writer, byte for byte: JSON escaping and types, CSV
 * quoting and columns, tables aligned by display width, masking, and
 * failed writes; the JSON read back with cJSON
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "xf.h"
#include "test.h"

#define NCOLS	XF_F_COUNT		/* the item's columns in CSV */

/* The CSV header of an item writer, in English. */
static const char header_en[] =
    "id,ref,received_at,channel,source,lodged_level,irregular,"
    "received_by,received_level,name,"
    "id_number,phone,address,people,first,repeat_of,not_again,region,title,"
    "content,"
    "purpose,category,claim,risk,key_case,collective,joint_letter,"
    "skip_level,status,unit,"
    "registered_at,voided_at,merged_into,handling,reopened_at,decided_at,accepted_at,"
    "transferred_to,refusal_route,assigned_at,unit_accepted_at,unit_declined_at,handler,lead,"
    "rung,extended_days,extension_reason,reply_due,replied_at,reply,reply_on_time,reply_delivered_at,"
    "review_at,reviewed_at,review_result,rereview_at,hearing_days,"
    "rereviewed_at,rereview_result,closed_at,close_basis,satisfaction,due,"
    "due_days,due_state,evaluation";

/* The same in Chinese, written out (XF_W_HEADER_ZH). */
static const char header_zh[] =
    "信访件编号,来源编号,信访日期,信访形式,信访来源,登记层级,非正常上访,"
    "接访领导,接访领导层级,"
    "信访人,身份证号,联系电话,住址,人数,初次信访,初件编号,不再受理,问题属地,"
    "内容摘要,主要诉求,信访目的,内容分类,诉求性质,风险等级,重点信访,"
    "集体访,联名信,越级访,状态,"
    "责任单位,入库时间,作废时间,合并至,办理轮次,重新办理时间,受理决定时间,受理时间,转送机关,"
    "告知途径,交办时间,责任单位受理时间,责任单位不予受理时间,具体责任人,包案领导,"
    "调解层级,延期天数,延期理由,答复期限,答复时间,处理意见,按期办结,答复送达时间,复查申请时间,"
    "复查答复时间,复查意见,复核申请时间,听证天数,复核答复时间,复核意见,"
    "销号时间,销号依据,满意度,办理期限,期限天数,期限状态,评价状态";

/* A record of text values: key, value, ..., NULL. */
static xf_record *
mk(const char *key, ...)
{
	xf_record	*r = xf_record_new();
	const char	*k, *v;
	va_list		 ap;

	va_start(ap, key);
	for (k = key; k != NULL; k = va_arg(ap, const char *)) {
		v = va_arg(ap, const char *);
		xf_record_add(r, k, strlen(k), v, strlen(v), 0);
	}
	va_end(ap);
	return r;
}

static void
add_raw(xf_record *r, const char *key, const char *val)
{
	xf_record_add(r, key, strlen(key), val, strlen(val), 1);
}

/*
 * What a writer (plain or not) makes of the records (NULL-terminated);
 * the records are freed.  The caller frees the result.
 */
static char *
run(int plain, enum xf_format format, unsigned flags, xf_record *r, ...)
{
	xf_writer	*w;
	FILE		*f;
	char		*p = NULL;
	size_t		 n = 0;
	va_list		 ap;

	f = open_memstream(&p, &n);
	w = plain ? xf_writer_new_plain(f, format, flags) :
	    xf_writer_new(f, format, flags);
	CHECK(w != NULL);
	va_start(ap, r);
	for (; r != NULL; r = va_arg(ap, xf_record *)) {
		CHECK(xf_writer_put(w, r) == 0);
		xf_record_free(r);
	}
	va_end(ap);
	CHECK(xf_writer_finish(w) == 0);
	xf_writer_free(w);
	fclose(f);
	return p;
}

static void
show(const char *what, const char *s)
{
	printf("  %s: '", what);
	for (; *s != '\0'; s++)
		if (*s == '\r')
			printf("\\r");
		else if (*s == '\n')
			printf("\\n\n         ");
		else
			putchar(*s);
	printf("'\n");
}

/* Compare output with what is wanted, and free it. */
#define EXPECT(got, want)	expect(__LINE__, (got), (want))

static void
expect(int line, char *got, const char *want)
{
	if (got != NULL && strcmp(got, want) == 0)
		test_passed++;
	else {
		test_failed++;
		printf("FAIL %s:%d: output differs\n", __FILE__, line);
		show("got ", got != NULL ? got : "(null)");
		show("want", want);
	}
	free(got);
}

/* An item's CSV row: cells[i] for column i, NULL for empty. */
static char *
csv_row(const char *const *cells, size_t n)
{
	static char	 buf[4096];
	size_t		 i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, ",");
		if (cells[i] != NULL)
			strcat(buf, cells[i]);
	}
	strcat(buf, "\r\n");
	return buf;
}

/* ------------------------------------------------------------------ */

static void
test_json_escape(void)
{
	xf_record	*r;

	r = mk("title", "a\"b\\c/d", "content", "\n\r\t\b\f\x01\x1f\x7f",
	    "name", "张三 ✓ 😀", "k\"ey\n", "v", NULL);
	xf_record_add(r, "nul", 3, "a\0b", 3, 0);
	EXPECT(run(0, XF_FORMAT_JSON, XF_W_REVEAL, r, NULL),
	    "{\"title\":\"a\\\"b\\\\c/d\","
	    "\"content\":\"\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\","
	    "\"name\":\"张三 ✓ 😀\",\"k\\\"ey\\n\":\"v\","
	    "\"nul\":\"a\\u0000b\"}\n");

	/* Keys in record order, two records, an empty one. */
	EXPECT(run(0, XF_FORMAT_JSON, 0, mk("title", "t", "id", "X1", NULL),
	    mk(NULL), NULL),
	    "{\"title\":\"t\",\"id\":\"X1\"}\n{}\n");
}

/* Each escaped byte at each place of a long string. */
static void
test_json_places(void)
{
	static const char	 bytes[] = "\"\\\n\x01\x1f";
	static const char *const escs[] = { "\\\"", "\\\\", "\\n",
		"\\u0001", "\\u001f" };
	char			 v[32], want[128];
	size_t			 i, k;

	for (k = 0; k < sizeof(escs) / sizeof(*escs); k++)
		for (i = 0; i < 24; i++) {
			memset(v, 'a', 24);
			v[24] = '\0';
			v[i] = bytes[k];
			snprintf(want, sizeof(want),
			    "{\"title\":\"%.*s%s%s\"}\n", (int)i, v, escs[k],
			    v + i + 1);
			EXPECT(run(0, XF_FORMAT_JSON, 0, mk("title", v, NULL),
			    NULL), want);
		}
}

static void
test_json_types(void)
{
	xf_record	*r;

	/* raw: JSON text as is, whatever the field. */
	r = mk("id", "X1", NULL);
	add_raw(r, "extra", "{\"a\":[1,2,\"x\"]}");
	add_raw(r, "score", "3.5");
	add_raw(r, "people", "4");
	add_raw(r, "title", "17");
	add_raw(r, "empty", "");
	EXPECT(run(0, XF_FORMAT_JSON, 0, r, NULL),
	    "{\"id\":\"X1\",\"extra\":{\"a\":[1,2,\"x\"]},\"score\":3.5,"
	    "\"people\":4,\"title\":17,\"empty\":null}\n");

	/* Typed text values: integers, booleans; anything else a string. */
	r = mk("people", "12", "人数", "-3", "people", "012", "people", "",
	    "first", "1", "collective", "false", "joint_letter", "true",
	    "skip_level", "0", "irregular", "maybe", "title", "42", NULL);
	EXPECT(run(0, XF_FORMAT_JSON, 0, r, NULL),
	    "{\"people\":12,\"人数\":-3,\"people\":\"012\",\"people\":\"\","
	    "\"first\":true,\"collective\":false,\"joint_letter\":true,"
	    "\"skip_level\":false,\"irregular\":\"maybe\",\"title\":\"42\"}\n");

	/* Enumerations in Chinese with XF_W_LANG_ZH; booleans stay. */
	r = mk("channel", "visit", "status", "registered", "purpose", "zzz",
	    "first", "1", "note", "visit", NULL);
	EXPECT(run(0, XF_FORMAT_JSON, XF_W_LANG_ZH, r, NULL),
	    "{\"channel\":\"来访\",\"status\":\"已登记\",\"purpose\":\"zzz\","
	    "\"first\":true,\"note\":\"visit\"}\n");
	r = mk("channel", "visit", NULL);
	EXPECT(run(0, XF_FORMAT_JSON, 0, r, NULL), "{\"channel\":\"visit\"}\n");
}

/* The fields of the casework: numbers, booleans, Chinese words. */
static void
test_json_casework(void)
{
	xf_record	*r;

#define CASE()	mk("status", "reviewed", "reply", "supported", \
	    "reply_on_time", "0", "extended_days", "30", "hearing_days", "7", \
	    "due_days", "90", "rung", "village-again", "review_result", \
	    "not-supported", "rereview_result", "explained", "close_basis", \
	    "unchallenged", "satisfaction", "basic", "due_state", \
	    "very_overdue", "evaluation", "expired", "due", "2026-11-30", NULL)
	EXPECT(run(0, XF_FORMAT_JSON, 0, CASE(), NULL),
	    "{\"status\":\"reviewed\",\"reply\":\"supported\","
	    "\"reply_on_time\":false,\"extended_days\":30,"
	    "\"hearing_days\":7,\"due_days\":90,"
	    "\"rung\":\"village-again\",\"review_result\":\"not-supported\","
	    "\"rereview_result\":\"explained\","
	    "\"close_basis\":\"unchallenged\",\"satisfaction\":\"basic\","
	    "\"due_state\":\"very_overdue\",\"evaluation\":\"expired\","
	    "\"due\":\"2026-11-30\"}\n");
	EXPECT(run(0, XF_FORMAT_JSON, XF_W_LANG_ZH, CASE(), NULL),
	    "{\"status\":\"已复查\",\"reply\":\"予以支持\","
	    "\"reply_on_time\":false,\"extended_days\":30,"
	    "\"hearing_days\":7,\"due_days\":90,"
	    "\"rung\":\"村级再次调解\",\"review_result\":\"不予支持\","
	    "\"rereview_result\":\"解释说明\","
	    "\"close_basis\":\"期满未申请复查\",\"satisfaction\":\"基本满意\","
	    "\"due_state\":\"严重超期\",\"evaluation\":\"超期未评价\","
	    "\"due\":\"2026-11-30\"}\n");
#undef CASE
	/* The new status words. */
	r = mk("status", "review", NULL);
	EXPECT(run(0, XF_FORMAT_JSON, XF_W_LANG_ZH, r, NULL),
	    "{\"status\":\"复查中\"}\n");
	r = mk("status", "re-review", NULL);
	EXPECT(run(0, XF_FORMAT_JSON, XF_W_LANG_ZH, r, NULL),
	    "{\"status\":\"复核中\"}\n");
	/* A value the field does not know stays as it is. */
	r = mk("due_state", "late", "satisfaction", "unreachable", NULL);
	EXPECT(run(0, XF_FORMAT_JSON, XF_W_LANG_ZH, r, NULL),
	    "{\"due_state\":\"late\",\"satisfaction\":\"unreachable\"}\n");
}

/* The casework's columns in CSV, in Chinese. */
static void
test_csv_casework(void)
{
	char		 want[8192];
	const char	*cells[NCOLS] = { NULL };

	cells[XF_F_ID] = "X1";
	cells[XF_F_STATUS] = "复核中";
	cells[XF_F_REPLY_ON_TIME] = "是";
	cells[XF_F_EXTENDED_DAYS] = "15";
	cells[XF_F_DUE] = "2026-12-15";
	cells[XF_F_DUE_DAYS] = "75";
	cells[XF_F_DUE_STATE] = "即将到期";
	cells[XF_F_EVALUATION] = "待评价";
	snprintf(want, sizeof(want), "%s\r\n%s", header_zh,
	    csv_row(cells, NCOLS));
	EXPECT(run(0, XF_FORMAT_CSV, XF_W_HEADER_ZH | XF_W_LANG_ZH,
	    mk("evaluation", "pending", "due_state", "due_soon", "due_days",
	    "75", "due", "2026-12-15", "extended_days", "15", "reply_on_time",
	    "1", "status", "re-review", "id", "X1", NULL), NULL), want);
}

static void
test_json_mask(void)
{
	/*
	 * id_number_note is no field, but its name says it holds an ID
	 * number (test_personal_columns); note does not say so.
	 */
	EXPECT(run(0, XF_FORMAT_JSON, 0, mk("id_number", "110101199003071234",
	    "phone", "13812341234", "身份证号", "11010119900307123X",
	    "id_number_note", "110101199003071234", "note",
	    "110101199003071234", NULL), NULL),
	    "{\"id_number\":\"110101********1234\","
	    "\"phone\":\"138****1234\",\"身份证号\":\"110101********123X\","
	    "\"id_number_note\":\"110101********1234\","
	    "\"note\":\"110101199003071234\"}\n");
	EXPECT(run(0, XF_FORMAT_JSON, XF_W_REVEAL, mk("id_number",
	    "110101199003071234", "phone", "0371-12345678", NULL), NULL),
	    "{\"id_number\":\"110101199003071234\","
	    "\"phone\":\"0371-12345678\"}\n");
	/* Names and addresses too (DOMAIN.md §6). */
	EXPECT(run(0, XF_FORMAT_JSON, 0, mk("name", "张三", "信访人", "欧阳小明",
	    "address", "河北省廊坊市大厂县某村12号", "住址", "大厂县", NULL),
	    NULL),
	    "{\"name\":\"张*\",\"信访人\":\"欧***\","
	    "\"address\":\"河北省廊坊市********\",\"住址\":\"大**\"}\n");
	/* A number given as JSON is masked all the same. */
	{
		xf_record	*r = xf_record_new();

		add_raw(r, "phone", "13812341234");
		EXPECT(run(0, XF_FORMAT_JSON, 0, r, NULL),
		    "{\"phone\":\"138****1234\"}\n");
	}
}

/* A plain record of one raw value (an event's details). */
static xf_record *
mk_raw(const char *key, const char *val)
{
	xf_record	*r = xf_record_new();

	add_raw(r, key, val);
	return r;
}

/*
 * An event's details, a JSON object of its own: personal fields masked
 * at any depth, in JSON and in CSV; anything else left byte for byte.
 */
static void
test_details_mask(void)
{
	static const char	 given[] = "{\"line\": 2,\"original\":"
	    "{\"id_number\":\"110105491231002\"},\"visits\":[{\"name\":"
	    "\"张三\",\"phone\":\"13812341234\"}]}";
	static const char	 plain[] = "{\"file\": \"a.csv\", \"line\": 2}";

	EXPECT(run(1, XF_FORMAT_JSON, 0, mk_raw("details", given), NULL),
	    "{\"details\":{\"line\":2,\"original\":{\"id_number\":"
	    "\"***********1002\"},\"visits\":[{\"name\":\"张*\","
	    "\"phone\":\"138****1234\"}]}}\n");
	EXPECT(run(1, XF_FORMAT_CSV, 0, mk_raw("details", given), NULL),
	    "details\r\n\"{\"\"line\"\":2,\"\"original\"\":{\"\"id_number\"\":"
	    "\"\"***********1002\"\"},\"\"visits\"\":[{\"\"name\"\":\"\"张*\"\","
	    "\"\"phone\"\":\"\"138****1234\"\"}]}\"\r\n");
	/* Shown as stored: with --reveal, with nothing personal in it. */
	EXPECT(run(1, XF_FORMAT_JSON, XF_W_REVEAL, mk_raw("details", given),
	    NULL), "{\"details\":{\"line\": 2,\"original\":"
	    "{\"id_number\":\"110105491231002\"},\"visits\":[{\"name\":"
	    "\"张三\",\"phone\":\"13812341234\"}]}}\n");
	EXPECT(run(1, XF_FORMAT_JSON, 0, mk_raw("details", plain), NULL),
	    "{\"details\":{\"file\": \"a.csv\", \"line\": 2}}\n");
	/* Text that is not JSON, and a string value, are not parsed. */
	EXPECT(run(1, XF_FORMAT_CSV, 0, mk_raw("details", "{\"phone"),
	    mk("details", "{\"phone\":\"13812341234\"}", NULL), NULL),
	    "details\r\n\"{\"\"phone\"\r\n"
	    "\"{\"\"phone\"\":\"\"13812341234\"\"}\"\r\n");
}

/* Every JSON line the writer makes parses back to the same strings. */
static void
test_json_cjson(void)
{
	static const char *const nasty[] = {
		"", "\"", "\\", "\"\"\\\\\"", "/", "\x7f", "\\u0041",
		"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e"
		"\x1f",
		"中文，全角：“引号”", "😀 U+1F600", "\xe2\x80\xa8\xe2\x80\xa9",
		"</script>", "{\"a\":1}", "a,b\r\nc", " lead", "trail ",
		"ヽ(°〇°)ﾉ", "e\xcc\x81", "\t\ttabs\t",
		"汉字汉字汉字\"引号\\斜杠\x1f汉字", "0123456789abcdef\"\n"
	};
	const size_t	 n = sizeof(nasty) / sizeof(*nasty);
	xf_record	*r = xf_record_new();
	xf_writer	*w;
	cJSON		*o, *it;
	FILE		*f;
	char		*p = NULL;
	size_t		 len = 0, i;
	int		 ok = 1, good;

	f = open_memstream(&p, &len);
	w = xf_writer_new(f, XF_FORMAT_JSON, 0);
	for (i = 0; i < n; i++) {
		/* As key and value of unknown and of known text fields. */
		xf_record_clear(r);
		xf_record_add(r, nasty[i], strlen(nasty[i]), nasty[i],
		    strlen(nasty[i]), 0);
		xf_record_add(r, "title", 5, nasty[i], strlen(nasty[i]), 0);
		add_raw(r, "people", "7");
		CHECK(xf_writer_put(w, r) == 0);
	}
	CHECK(xf_writer_finish(w) == 0);
	xf_writer_free(w);
	fclose(f);

	f = fmemopen(p, len, "r");
	for (i = 0; i < n; i++) {
		char		*line = NULL;
		const char	*end;
		size_t		 cap = 0;
		ssize_t		 ll = getline(&line, &cap, f);

		CHECK(ll > 0 && line[ll - 1] == '\n');
		o = cJSON_ParseWithLengthOpts(line, (size_t)ll + 1, &end, 1);
		CHECK(o != NULL && cJSON_IsObject(o));
		if (o == NULL) {
			free(line);
			ok = 0;
			continue;
		}
		it = o->child;
		good = it != NULL && strcmp(it->string, nasty[i]) == 0 &&
		    cJSON_IsString(it) && strcmp(it->valuestring, nasty[i]) == 0;
		it = it != NULL ? it->next : NULL;
		good = good && it != NULL && strcmp(it->string, "title") == 0 &&
		    cJSON_IsString(it) && strcmp(it->valuestring, nasty[i]) == 0;
		it = it != NULL ? it->next : NULL;
		good = good && it != NULL && cJSON_IsNumber(it) &&
		    it->valueint == 7 && it->next == NULL;
		if (!good) {
			printf("FAIL %s: string %zu: %s", __FILE__, i, line);
			ok = 0;
		}
		cJSON_Delete(o);
		free(line);
	}
	CHECK(ok);
	CHECK(fgetc(f) == EOF);
	fclose(f);
	free(p);
	xf_record_free(r);
}

/* ------------------------------------------------------------------ */

static void
test_csv_quote(void)
{
	xf_record	*r;

	r = mk("a", "x,y", "b", "say \"hi\"", "c", "cr\rx", "d", "lf\nx",
	    "e", " lead", "f", "trail ", "g", "in side", "h", "中文", "i", "",
	    "j", "\"", NULL);
	add_raw(r, "k", "{\"a\":1}");
	EXPECT(run(1, XF_FORMAT_CSV, 0, r, NULL),
	    "a,b,c,d,e,f,g,h,i,j,k\r\n"
	    "\"x,y\",\"say \"\"hi\"\"\",\"cr\rx\",\"lf\nx\",\" lead\","
	    "\"trail \",in side,中文,,\"\"\"\",\"{\"\"a\"\":1}\"\r\n");

	/* Keys are quoted the same way. */
	EXPECT(run(1, XF_FORMAT_CSV, 0, mk("a,b", "1", "\"q\"", "2", NULL),
	    NULL), "\"a,b\",\"\"\"q\"\"\"\r\n1,2\r\n");
}

static void
test_csv_header(void)
{
	char		 want[8192], zh[4096];
	const char	*cells[NCOLS] = { NULL };
	int		 f;

	/* An empty export is still a CSV with its header. */
	snprintf(want, sizeof(want), "%s\r\n", header_en);
	EXPECT(run(0, XF_FORMAT_CSV, 0, NULL), want);
	snprintf(want, sizeof(want), "\xef\xbb\xbf%s\r\n", header_en);
	EXPECT(run(0, XF_FORMAT_CSV, XF_W_BOM, NULL), want);
	EXPECT(run(1, XF_FORMAT_CSV, XF_W_BOM, NULL), "");
	EXPECT(run(1, XF_FORMAT_JSON, 0, NULL), "");

	/* Chinese column names. */
	zh[0] = '\0';
	for (f = 0; f < XF_F_COUNT; f++) {
		if (f > 0)
			strcat(zh, ",");
		strcat(zh, xf_field_zh(f));
	}
	CHECK(strncmp(zh, "信访件编号,", strlen("信访件编号,")) == 0);
	CHECK_STR(zh, header_zh);
	snprintf(want, sizeof(want), "\xef\xbb\xbf%s\r\n", zh);
	EXPECT(run(0, XF_FORMAT_CSV, XF_W_BOM | XF_W_HEADER_ZH, NULL), want);

	/* One record in the item's column order, whatever its order. */
	cells[XF_F_ID] = "X1";
	cells[XF_F_NAME] = "张*";
	cells[XF_F_TITLE] = "\"a, b\"";
	snprintf(want, sizeof(want), "%s\r\n%s", header_en,
	    csv_row(cells, NCOLS));
	EXPECT(run(0, XF_FORMAT_CSV, 0, mk("title", "a, b", "信访人", "张三",
	    "id", "X1", NULL), NULL), want);
}

static void
test_csv_unknown(void)
{
	char		 want[8192];
	const char	*row1[NCOLS + 4] = { NULL };
	const char	*row2[NCOLS + 4] = { NULL };
	const char	*row3[NCOLS + 4] = { NULL };

	row1[XF_F_ID] = "A";
	row1[XF_F_NAME] = "张*";
	row1[NCOLS] = "x";
	row1[NCOLS + 1] = "y";
	row2[XF_F_ID] = "B";
	row2[NCOLS] = "w";
	row2[NCOLS + 1] = "z";
	row2[NCOLS + 2] = "later";
	row3[XF_F_ID] = "C";
	row3[NCOLS + 3] = "100101";
	snprintf(want, sizeof(want), "%s,备注,extra,other,邮编\r\n",
	    header_en);
	strcat(want, csv_row(row1, NCOLS + 4));
	strcat(want, csv_row(row2, NCOLS + 4));
	strcat(want, csv_row(row3, NCOLS + 4));
	/*
	 * Repeated keys: the first; the keys of every record are columns,
	 * in the order first seen, whichever record has them.
	 */
	EXPECT(run(0, XF_FORMAT_CSV, 0,
	    mk("id", "A", "备注", "x", "name", "张三", "extra", "y",
	    "备注", "2", NULL),
	    mk("extra", "z", "other", "later", "id", "B", "备注", "w",
	    NULL), mk("邮编", "100101", "id", "C", NULL), NULL), want);
}

static void
test_csv_values(void)
{
	char		 want[8192];
	const char	*cells[NCOLS] = { NULL };

	cells[XF_F_ID_NUMBER] = "110101********1234";
	cells[XF_F_PHONE] = "0371-****5678";
	cells[XF_F_PEOPLE] = "3";
	cells[XF_F_FIRST] = "true";
	cells[XF_F_COLLECTIVE] = "false";
	cells[XF_F_CHANNEL] = "visit";
	cells[XF_F_STATUS] = "closed";
	snprintf(want, sizeof(want), "%s\r\n%s", header_en,
	    csv_row(cells, NCOLS));
#define ITEM()	mk("id_number", "110101199003071234", "phone", \
	    "0371-12345678", "people", "3", "first", "1", "collective", "0", \
	    "channel", "visit", "status", "closed", NULL)
	EXPECT(run(0, XF_FORMAT_CSV, 0, ITEM(), NULL), want);

	cells[XF_F_FIRST] = "是";
	cells[XF_F_COLLECTIVE] = "否";
	cells[XF_F_CHANNEL] = "来访";
	cells[XF_F_STATUS] = "已销号";
	snprintf(want, sizeof(want), "%s\r\n%s", header_en,
	    csv_row(cells, NCOLS));
	EXPECT(run(0, XF_FORMAT_CSV, XF_W_LANG_ZH, ITEM(), NULL), want);

	cells[XF_F_ID_NUMBER] = "110101199003071234";
	cells[XF_F_PHONE] = "0371-12345678";
	snprintf(want, sizeof(want), "%s\r\n%s", header_en,
	    csv_row(cells, NCOLS));
	EXPECT(run(0, XF_FORMAT_CSV, XF_W_LANG_ZH | XF_W_REVEAL, ITEM(),
	    NULL), want);
#undef ITEM
}

static void
test_csv_plain(void)
{
	xf_record	*r;

	/* Columns of every record, in the order first seen. */
	r = mk("seq", "1", "at", "2024-01-02T03:04:05+08:00", "action",
	    "register", "phone", "13812341234", NULL);
	EXPECT(run(1, XF_FORMAT_CSV, 0, r,
	    mk("action", "accept", "seq", "2", "extra", "kept", NULL),
	    NULL),
	    "seq,at,action,phone,extra\r\n"
	    "1,2024-01-02T03:04:05+08:00,register,138****1234,\r\n"
	    "2,,accept,,kept\r\n");
	/* A table keeps the columns of the first record. */
	EXPECT(run(1, XF_FORMAT_TABLE, 0, mk("seq", "1", NULL),
	    mk("seq", "2", "extra", "dropped", NULL), NULL),
	    "seq\n---\n1\n2\n");
	/* A known key gets its Chinese name with XF_W_HEADER_ZH. */
	EXPECT(run(1, XF_FORMAT_CSV, XF_W_HEADER_ZH | XF_W_LANG_ZH,
	    mk("channel", "letter", "count", "12", NULL), NULL),
	    "信访形式,count\r\n来信,12\r\n");
}

/* ------------------------------------------------------------------ */

/* Display width of s as the writer counts it (enough for the tests). */
static size_t
width(const char *s, size_t n)
{
	size_t	 i, w = 0;

	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if ((c & 0xc0) == 0x80)
			continue;
		if (c == 0xcc || c == 0xcd)	/* U+0300-036F */
			continue;
		w += c >= 0xe1 && c <= 0xef ? 2 : 1;
	}
	return w;
}

/*
 * Whether each line of s has its needle at the same display column; an
 * empty needle skips its line.
 */
static int
aligned(const char *s, const char *const *needles)
{
	const char	*line, *p;
	size_t		 col = 0;
	int		 first = 1;

	for (line = s; *needles != NULL; needles++) {
		if (**needles == '\0') {
			line = strchr(line, '\n') + 1;
			continue;
		}
		p = strstr(line, *needles);
		if (p == NULL || memchr(line, '\n', (size_t)(p - line)))
			return 0;
		if (!first && width(line, (size_t)(p - line)) != col)
			return 0;
		col = width(line, (size_t)(p - line));
		first = 0;
		line = strchr(p, '\n') + 1;
	}
	return 1;
}

static void
test_table(void)
{
	static const char *const titles[] = {
		"title", "", "abc", "中文标题", "x", NULL
	};
	char	*out;

	out = run(1, XF_FORMAT_TABLE, XF_W_REVEAL,
	    mk("name", "张三", "title", "abc", NULL),
	    mk("title", "中文标题", "name", "Bob", NULL),
	    mk("name", "e\xcc\x81t\xc3\xa9", "title", "x", NULL), NULL);
	CHECK(out != NULL && aligned(out, titles));
	EXPECT(out,
	    "name  title\n"
	    "----  --------\n"
	    "张三  abc\n"
	    "Bob   中文标题\n"
	    "e\xcc\x81t\xc3\xa9   x\n");

	/* The item's table: its columns; zh headers and values; masking. */
	EXPECT(run(0, XF_FORMAT_TABLE, 0,
	    mk("id", "XF20240001", "title", "拖欠工资", "people", "3",
	    "channel", "visit", "name", "张三", "phone", "13812341234",
	    "status", "registered", "extra", "not shown", NULL),
	    mk("id", "XF20240002", "received_at",
	    "2024-01-02T03:04:05+08:00", "category", "城乡建设", NULL), NULL),
	    "id          received_at                channel  name  people"
	    "  status      category  title\n"
	    "----------  -------------------------  -------  ----  ------"
	    "  ----------  --------  --------\n"
	    "XF20240001                             visit    张*   3     "
	    "  registered            拖欠工资\n"
	    "XF20240002  2024-01-02T03:04:05+08:00                       "
	    "              城乡建设\n");
	EXPECT(run(0, XF_FORMAT_TABLE, XF_W_HEADER_ZH | XF_W_LANG_ZH,
	    mk("id", "X1", "channel", "visit", "status", "closed", NULL),
	    NULL),
	    "信访件编号  信访日期  信访形式  信访人  人数  状态    内容分类"
	    "  内容摘要\n"
	    "----------  --------  --------  ------  ----  ------  --------"
	    "  --------\n"
	    "X1                    来访                    已销号\n");

	/* Empty: the item's header; nothing for a plain table. */
	EXPECT(run(0, XF_FORMAT_TABLE, 0, NULL),
	    "id  received_at  channel  name  people  status  category  "
	    "title\n"
	    "--  -----------  -------  ----  ------  ------  --------  "
	    "-----\n");
	EXPECT(run(1, XF_FORMAT_TABLE, 0, NULL), "");
}

static void
test_table_cut(void)
{
	char	 v40[41], v41[42], want[512];

	memset(v40, 'a', 40);
	v40[40] = '\0';
	memset(v41, 'b', 41);
	v41[41] = '\0';
	/* 40 columns fit; 41 are cut to 39 and an ellipsis. */
	snprintf(want, sizeof(want), "v\n%.40s\n%s\n%.39s…\n", "-------------"
	    "---------------------------------------", v40, v41);
	EXPECT(run(1, XF_FORMAT_TABLE, 0, mk("v", v40, NULL), mk("v", v41,
	    NULL), NULL), want);

	/* Wide characters: 20 fit exactly; 21 cut to 19 and "…". */
	EXPECT(run(1, XF_FORMAT_TABLE, 0,
	    mk("v", "一二三四五六七八九十一二三四五六七八九十", NULL),
	    mk("v", "一二三四五六七八九十一二三四五六七八九十多", NULL),
	    mk("v", "a一二三四五六七八九十一二三四五六七八九十", NULL),
	    mk("v", "line\nbreak\tand tab", NULL), NULL),
	    "v\n"
	    "----------------------------------------\n"
	    "一二三四五六七八九十一二三四五六七八九十\n"
	    "一二三四五六七八九十一二三四五六七八九…\n"
	    "a一二三四五六七八九十一二三四五六七八九…\n"
	    "line break and tab\n");
}

/* ------------------------------------------------------------------ */

static void
test_mask(void)
{
	char		 buf[64];
	const char	*v = "title";

	CHECK_STR(xf_mask(XF_F_ID_NUMBER, "110101199003071234", buf,
	    sizeof(buf)), "110101********1234");
	CHECK_STR(xf_mask(XF_F_ID_NUMBER, "110101900307123", buf,
	    sizeof(buf)), "***********7123");
	CHECK_STR(xf_mask(XF_F_PHONE, "13812341234", buf, sizeof(buf)),
	    "138****1234");
	CHECK_STR(xf_mask(XF_F_PHONE, "0371-12345678", buf, sizeof(buf)),
	    "0371-****5678");
	CHECK_STR(xf_mask(XF_F_PHONE, "010-1234567", buf, sizeof(buf)),
	    "010-***4567");
	CHECK_STR(xf_mask(XF_F_PHONE, "+8613812341234", buf, sizeof(buf)),
	    "**********1234");
	CHECK_STR(xf_mask(XF_F_PHONE, "0371-5678", buf, sizeof(buf)),
	    "*****5678");
	CHECK_STR(xf_mask(XF_F_PHONE, "23812341234", buf, sizeof(buf)),
	    "*******1234");
	CHECK_STR(xf_mask(XF_F_PHONE, "12345", buf, sizeof(buf)), "*2345");
	CHECK_STR(xf_mask(XF_F_PHONE, "123", buf, sizeof(buf)), "123");
	CHECK_STR(xf_mask(XF_F_PHONE, "", buf, sizeof(buf)), "");
	/* Characters, not bytes. */
	CHECK_STR(xf_mask(XF_F_PHONE, "电话号码未知的", buf, sizeof(buf)),
	    "***码未知的");
	CHECK_STR(xf_mask(XF_F_ID_NUMBER,
	    "一二三四五六七八九十一二三四五六七八", buf, sizeof(buf)),
	    "一二三四五六********五六七八");
	/* Other fields: the value itself. */
	CHECK(xf_mask(XF_F_TITLE, v, buf, sizeof(buf)) == v);
	CHECK(xf_mask(-1, v, buf, sizeof(buf)) == v);
	/* A small buffer: cut on a character. */
	CHECK_STR(xf_mask(XF_F_ID_NUMBER, "110101199003071234", buf, 8),
	    "110101*");
	CHECK_STR(xf_mask(XF_F_PHONE, "电话号码未知的", buf, 6), "***");
	CHECK_STR(xf_mask(XF_F_PHONE, "电话号码未知的", buf, 7), "***码");
	CHECK(xf_mask(XF_F_PHONE, "13812341234", buf, 0) == NULL);
	CHECK(xf_mask(XF_F_NAME, "张三", NULL, 64) == NULL);
	/* A name: the first character; an address: half, at most 6. */
	CHECK_STR(xf_mask(XF_F_NAME, "张三", buf, sizeof(buf)), "张*");
	CHECK_STR(xf_mask(XF_F_NAME, "司马相如", buf, sizeof(buf)), "司***");
	CHECK_STR(xf_mask(XF_F_NAME, "张", buf, sizeof(buf)), "*");
	CHECK_STR(xf_mask(XF_F_NAME, "Bob Smith", buf, sizeof(buf)),
	    "B********");
	CHECK_STR(xf_mask(XF_F_NAME, "", buf, sizeof(buf)), "");
	CHECK_STR(xf_mask(XF_F_ADDRESS, "北京市东城区东直门内大街1号", buf,
	    sizeof(buf)), "北京市东城区********");
	CHECK_STR(xf_mask(XF_F_ADDRESS, "大厂县某村", buf, sizeof(buf)),
	    "大厂***");
	CHECK_STR(xf_mask(XF_F_ADDRESS, "村", buf, sizeof(buf)), "*");
}

/* ------------------------------------------------------------------ */
/* Formula injection                                                   */

static void
test_csv_formula(void)
{
	static const char *const yes[] = {
		"=1+2", "+1+2", "-1+2", "@SUM(A1)", "\tx", "\rx", "=",
		"-", "+", "@", "'=1", "''@x", "-1-2", "--1", "+-1", "-1e",
		"-1.2.3", "-.", "-e5", "=HYPERLINK(\"http://x\",\"y\")",
		"-12.5%", "- 1"
	};
	static const char *const no[] = {
		"", "1+2", "a=b", " =1", "'", "''", "'a", "-12.5", "+12",
		"-0", "-.5", "-5.", "1e5", "-1E-5", "+3.0e+2", "'-12.5", "中文",
		"2017-07-21"
	};
	char	*out;
	size_t	 i;

	for (i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		if (!xf_csv_formula(yes[i], strlen(yes[i]))) {
			printf("FAIL %s:%d: '%s' is a formula\n", __FILE__,
			    __LINE__, yes[i]);
			test_failed++;
		} else
			test_passed++;
	for (i = 0; i < sizeof(no) / sizeof(*no); i++)
		if (xf_csv_formula(no[i], strlen(no[i]))) {
			printf("FAIL %s:%d: '%s' is no formula\n", __FILE__,
			    __LINE__, no[i]);
			test_failed++;
		} else
			test_passed++;
	/* Length, not NUL: "-1" then a NUL byte is not a number. */
	CHECK(xf_csv_formula("-1\0", 3) == 1);
	CHECK(xf_csv_formula("=1", 0) == 0);

	/*
	 * Cells and header names get an apostrophe, inside the quotes
	 * when quoted; numbers, and other formats, are left alone.
	 */
	EXPECT(run(1, XF_FORMAT_CSV, 0, mk("=k", "=1+2", "b", "-12.5", "c",
	    "@x,y", "d", "+8613812341234", "e", "\tx", "f", "\r=1", "g",
	    "'=1", "h", "-", "i", "'a", "j", "\"=1\"", NULL), NULL),
	    "'=k,b,c,d,e,f,g,h,i,j\r\n"
	    "'=1+2,-12.5,\"'@x,y\",+8613812341234,'\tx,\"'\r=1\",''=1,'-,'a,"
	    "\"\"\"=1\"\"\"\r\n");
	EXPECT(run(1, XF_FORMAT_CSV, XF_W_RAW_CSV, mk("=k", "=1+2", "c",
	    "@x,y", "g", "'=1", NULL), NULL),
	    "=k,c,g\r\n=1+2,\"@x,y\",'=1\r\n");
	EXPECT(run(1, XF_FORMAT_JSON, 0, mk("a", "=1+2", NULL), NULL),
	    "{\"a\":\"=1+2\"}\n");
	EXPECT(run(1, XF_FORMAT_TABLE, 0, mk("a", "=1+2", NULL), NULL),
	    "a\n----\n=1+2\n");
	/* An item's negative count stays a number; its title does not. */
	out = run(0, XF_FORMAT_CSV, 0, mk("id", "X1", "title", "-急-",
	    "extended_days", "-3", "name", "-张三", NULL), NULL);
	CHECK(out != NULL && strstr(out, ",'-急-,") != NULL);
	CHECK(out != NULL && strstr(out, ",-3,") != NULL);
	/* Masked first, then neutralised: the stars follow the dash. */
	CHECK(out != NULL && strstr(out, ",'-**,") != NULL);
	free(out);
}

/* Control characters and bytes that are not UTF-8 never reach a terminal. */
static void
test_table_controls(void)
{
	EXPECT(run(1, XF_FORMAT_TABLE, 0, mk("v", "a\033[31mred\033[0m",
	    NULL), mk("v", "b\xc2\x9b" "31m\x07\x7f", NULL),
	    mk("v", "c\xff\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", NULL),
	    mk("v", "d\xe4\xb8", NULL), mk("v", "e\xef\xbf\xbd", NULL), NULL),
	    "v\n"
	    "-------------\n"
	    "a [31mred [0m\n"
	    "b 31m\n"
	    "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n"
	    "d\xef\xbf\xbd\xef\xbf\xbd\n"
	    "e\xef\xbf\xbd\n");
}

/* A full disk: put or finish fails with ENOSPC, never silently. */
static void
test_full(void)
{
	static const enum xf_format formats[] = {
		XF_FORMAT_JSON, XF_FORMAT_CSV, XF_FORMAT_TABLE, XF_FORMAT_XLSX
	};
	xf_record	*r = mk("id", "X1", "title", "磁盘已满", NULL);
	xf_writer	*w;
	FILE		*f;
	size_t		 i, k;
	int		 rc, unbuffered;

	for (unbuffered = 0; unbuffered < 2; unbuffered++)
		for (i = 0; i < 4; i++) {
			if ((f = fopen("/dev/full", "w")) == NULL) {
				CHECK(!"cannot open /dev/full");
				return;
			}
			if (unbuffered)
				setvbuf(f, NULL, _IONBF, 0);
			w = xf_writer_new(f, formats[i], 0);
			rc = 0;
			errno = 0;
			for (k = 0; k < 1000 && rc == 0; k++)
				rc = xf_writer_put(w, r);
			if (rc == 0)
				rc = xf_writer_finish(w);
			CHECK(rc == -1 && errno == ENOSPC);
			CHECK(xf_writer_errmsg(w) == NULL);
			/*
			 * Unbuffered, the first record already fails; CSV
			 * and workbooks are written at the end.
			 */
			if (unbuffered && formats[i] == XF_FORMAT_JSON)
				CHECK(k == 1);
			xf_writer_free(w);
			fclose(f);
		}

	/* The header of an empty export. */
	f = fopen("/dev/full", "w");
	w = xf_writer_new(f, XF_FORMAT_CSV, 0);
	errno = 0;
	CHECK(xf_writer_finish(w) == -1 && errno == ENOSPC);
	xf_writer_free(w);
	fclose(f);
	xf_record_free(r);
}

/*
 * Workbooks: a zip that begins as one; a cell longer than a workbook
 * holds refused with the case and field named; too many columns.
 * (tests/cli/t160-xlsx-output.sh reads the cells back.)
 */
static void
test_xlsx(void)
{
	xf_writer	*w;
	xf_record	*r;
	FILE		*f;
	char		*p = NULL, *big, key[16];
	size_t		 n = 0, i;

	p = run(0, XF_FORMAT_XLSX, 0, mk("id", "X1", "id_number",
	    "110101199003071234", "received_at", "2017-07-21T13:50:00+08:00",
	    "title", "=1+2", NULL), NULL);
	CHECK(p != NULL && memcmp(p, "PK\3\4", 4) == 0);
	free(p);
	/* Without a record: the header, or for a plain writer a sheet. */
	p = run(0, XF_FORMAT_XLSX, 0, NULL);
	CHECK(p != NULL && memcmp(p, "PK\3\4", 4) == 0);
	free(p);
	p = run(1, XF_FORMAT_XLSX, 0, NULL);
	CHECK(p != NULL && memcmp(p, "PK\3\4", 4) == 0);
	free(p);

	/* 40,000 characters: refused, with the case and the field. */
	big = malloc(3 * 40000 + 1);
	memset(big, 'a', 40000);
	big[40000] = '\0';
	f = open_memstream(&p, &n);
	w = xf_writer_new(f, XF_FORMAT_XLSX, 0);
	CHECK(xf_writer_errmsg(w) == NULL);
	r = mk("id", "20170721-0001", "content", big, NULL);
	CHECK(xf_writer_put(w, r) == -1);
	CHECK_STR(xf_writer_errmsg(w), "20170721-0001: field 'content': "
	    "40000 characters, more than a spreadsheet cell holds (32767): "
	    "use -f csv or -f json");
	xf_record_free(r);
	/* 32,767 characters of 3 bytes each: they fit. */
	for (i = 0; i < 32767; i++)
		memcpy(big + 3 * i, "信", 3);
	big[3 * 32767] = '\0';
	r = mk("id", "20170721-0002", "content", big, NULL);
	CHECK(xf_writer_put(w, r) == 0);
	CHECK(xf_writer_errmsg(w) == NULL);
	xf_record_free(r);
	CHECK(xf_writer_finish(w) == 0);
	xf_writer_free(w);
	fclose(f);
	CHECK(n > 0 && memcmp(p, "PK\3\4", 4) == 0);
	free(p);
	/* CSV takes it all. */
	memset(big, 'a', 40000);
	big[40000] = '\0';
	p = run(0, XF_FORMAT_CSV, 0, mk("content", big, NULL), NULL);
	CHECK(p != NULL && strstr(p, big) != NULL);
	free(p);
	free(big);

	/* A plain record of more columns than a sheet has. */
	f = open_memstream(&p, &n);
	w = xf_writer_new_plain(f, XF_FORMAT_XLSX, 0);
	CHECK(xf_writer_percent(w, "value") == 0);
	r = xf_record_new();
	for (i = 0; i < 16385; i++) {
		snprintf(key, sizeof(key), "c%zu", i);
		xf_record_add(r, key, strlen(key), "1", 1, 1);
	}
	CHECK(xf_writer_put(w, r) == -1);
	CHECK(xf_writer_errmsg(w) != NULL &&
	    strstr(xf_writer_errmsg(w), "16385 columns") != NULL);
	xf_record_free(r);
	xf_writer_free(w);
	fclose(f);
	free(p);
}

/* ------------------------------------------------------------------ */
/* Columns the model does not know, personal by their names            */

/*
 * Each kind: several names in one cell; a phone's column whose name
 * has a name's pattern too (联系人电话: phone wins); an ID number's and
 * an address's the same; full-width digits; 备注 left whole; --reveal.
 */
static void
test_personal_columns(void)
{
	char		 want[8192];
	const char	*row[NCOLS + 2] = { NULL };

#define PERSONAL_RECORD() mk("id", "X1", \
	    "共同信访人", "李四、王五,赵六 欧阳小明；张", \
	    "联系人", "王小二", \
	    "联系人电话", "13812341234, 0371-12345678", \
	    "代理人身份证号", "11010119900307123X", \
	    "证件号码", "110105491231002", \
	    "家庭地址", "河北省廊坊市大厂县某村12号", \
	    "信访人住址", "大厂县某村", \
	    "Mobile", "１３９１２３４５６７８", \
	    "备注", "张三 13812341234 110101199003071234", NULL)

	EXPECT(run(0, XF_FORMAT_JSON, 0, PERSONAL_RECORD(), NULL),
	    "{\"id\":\"X1\",\"共同信访人\":\"李*、王*,赵* 欧***；*\","
	    "\"联系人\":\"王**\","
	    "\"联系人电话\":\"138****1234, 0371-****5678\","
	    "\"代理人身份证号\":\"110101********123X\","
	    "\"证件号码\":\"***********1002\","
	    "\"家庭地址\":\"河北省廊坊市********\","
	    "\"信访人住址\":\"大厂***\","
	    "\"Mobile\":\"139****5678\","
	    "\"备注\":\"张三 13812341234 110101199003071234\"}\n");
	EXPECT(run(1, XF_FORMAT_JSON, XF_W_REVEAL, PERSONAL_RECORD(), NULL),
	    "{\"id\":\"X1\",\"共同信访人\":\"李四、王五,赵六 欧阳小明；张\","
	    "\"联系人\":\"王小二\","
	    "\"联系人电话\":\"13812341234, 0371-12345678\","
	    "\"代理人身份证号\":\"11010119900307123X\","
	    "\"证件号码\":\"110105491231002\","
	    "\"家庭地址\":\"河北省廊坊市大厂县某村12号\","
	    "\"信访人住址\":\"大厂县某村\","
	    "\"Mobile\":\"１３９１２３４５６７８\","
	    "\"备注\":\"张三 13812341234 110101199003071234\"}\n");
#undef PERSONAL_RECORD

	/* CSV: the cells masked, the header as it is. */
	row[XF_F_ID] = "X1";
	row[NCOLS] = "138****1234";
	row[NCOLS + 1] = "note 13812341234";
	snprintf(want, sizeof(want), "%s,联系人电话,备注\r\n%s", header_en,
	    csv_row(row, NCOLS + 2));
	EXPECT(run(0, XF_FORMAT_CSV, 0, mk("id", "X1", "联系人电话",
	    "13812341234", "备注", "note 13812341234", NULL), NULL), want);
	row[NCOLS] = "13812341234";
	snprintf(want, sizeof(want), "%s,联系人电话,备注\r\n%s", header_en,
	    csv_row(row, NCOLS + 2));
	EXPECT(run(0, XF_FORMAT_CSV, XF_W_REVEAL, mk("id", "X1", "联系人电话",
	    "13812341234", "备注", "note 13812341234", NULL), NULL), want);

	/* A plain table. */
	EXPECT(run(1, XF_FORMAT_TABLE, 0, mk("联系人电话", "13812341234",
	    "备注", "x", NULL), NULL),
	    "联系人电话   备注\n"
	    "-----------  ----\n"
	    "138****1234  x\n");
}

/*
 * Phones, names and ID numbers among other text; several phones; a
 * phone written with spaces; short numbers left.
 */
static void
test_personal_values(void)
{
	EXPECT(run(1, XF_FORMAT_JSON, 0, mk(
	    "手机号码", "13812341234 13912345678",
	    "电话2", "138 1234 5678",
	    "phone_2", "分机 8021；+8613812341234（本人）",
	    "申请人", "张三（本人）",
	    "证件号", "身份证:110101199003071234, 护照 E12345678",
	    "address_2", "北京", NULL), NULL),
	    "{\"手机号码\":\"138****1234 139****5678\","
	    "\"电话2\":\"*********5678\","
	    "\"phone_2\":\"分机 8021;**********1234(本人)\","
	    "\"申请人\":\"张*****\","
	    "\"证件号\":\"身份证:110101********1234, 护照 *****5678\","
	    "\"address_2\":\"北*\"}\n");
	/* An empty value, and a cell of spaces. */
	EXPECT(run(1, XF_FORMAT_JSON, 0, mk("联系人", "", "联系人电话", "",
	    "代理人", " ", NULL), NULL),
	    "{\"联系人\":\"\",\"联系人电话\":\"\",\"代理人\":\" \"}\n");
}

/*
 * Values given as JSON: a number masked becomes a string, one with
 * nothing to mask stays a number; an array or object masked inside;
 * true and null as they are.  Details of an event: by key, at any
 * depth.
 */
static void
test_personal_json(void)
{
	xf_record	*r = xf_record_new();

	add_raw(r, "联系人电话", "13812341234");
	add_raw(r, "备用电话", "42");
	add_raw(r, "共同信访人", "[\"张三\",\"李四\"]");
	add_raw(r, "当事人", "{\"name\":\"张三\",\"age\":30}");
	add_raw(r, "代理人", "true");
	add_raw(r, "联系人", "null");
	add_raw(r, "备注", "[\"张三\"]");
	EXPECT(run(0, XF_FORMAT_JSON, 0, r, NULL),
	    "{\"联系人电话\":\"138****1234\",\"备用电话\":42,"
	    "\"共同信访人\":[\"张*\",\"李*\"],"
	    "\"当事人\":{\"name\":\"张*\",\"age\":\"3*\"},"
	    "\"代理人\":true,\"联系人\":null,\"备注\":[\"张三\"]}\n");
	EXPECT(run(1, XF_FORMAT_JSON, 0, mk_raw("details",
	    "{\"original\":{\"共同信访人\":\"张三、李四\",\"联系人电话\":"
	    "13812341234,\"备注\":\"张三\"},\"n\":1}"), NULL),
	    "{\"details\":{\"original\":{\"共同信访人\":\"张*、李*\","
	    "\"联系人电话\":\"138****1234\",\"备注\":\"张三\"},\"n\":1}}\n");
	EXPECT(run(1, XF_FORMAT_JSON, XF_W_REVEAL, mk_raw("details",
	    "{\"联系人电话\":13812341234}"), NULL),
	    "{\"details\":{\"联系人电话\":13812341234}}\n");
}

/* A writer given the office's patterns, by name or Chinese name. */
static xf_writer *
office_writer(FILE *f, enum xf_format format, unsigned flags)
{
	xf_writer	*w = xf_writer_new(f, format, flags);

	CHECK(xf_writer_personal(w, "name:担保人") == 0);
	CHECK(xf_writer_personal(w, "电话:紧急联系") == 0);
	CHECK(xf_writer_personal(w, "id_number:PASSPORT") == 0);
	return w;
}

static char *
run_office(enum xf_format format, unsigned flags, xf_record *r)
{
	xf_writer	*w;
	FILE		*f;
	char		*p = NULL;
	size_t		 n = 0;

	f = open_memstream(&p, &n);
	w = office_writer(f, format, flags);
	CHECK(xf_writer_put(w, r) == 0);
	CHECK(xf_writer_finish(w) == 0);
	xf_writer_free(w);
	fclose(f);
	xf_record_free(r);
	return p;
}

/*
 * The office's patterns: of the kind they say, in the order of kinds
 * (担保人电话 is a phone though 担保人 is a name); in ASCII any case.
 */
static void
test_personal_office(void)
{
	char		 want[8192];
	const char	*row[NCOLS + 5] = { NULL };
	xf_writer	*w;
	FILE		*f = tmpfile();
	static const char *const bad[] = {
		"title:x", "phone", "phone:", ":x", "nosuch:x", "", NULL
	};
	size_t		 i;

#define OFFICE_RECORD() mk("担保人", "李四", "担保人电话", "13812341234", \
	    "紧急联系", "13912345678", "passport_no", "E12345678", \
	    "备注", "李四", NULL)

	EXPECT(run_office(XF_FORMAT_JSON, 0, OFFICE_RECORD()),
	    "{\"担保人\":\"李*\",\"担保人电话\":\"138****1234\","
	    "\"紧急联系\":\"139****5678\",\"passport_no\":\"*****5678\","
	    "\"备注\":\"李四\"}\n");
	row[NCOLS] = "李*";
	row[NCOLS + 1] = "138****1234";
	row[NCOLS + 2] = "139****5678";
	row[NCOLS + 3] = "*****5678";
	row[NCOLS + 4] = "李四";
	snprintf(want, sizeof(want), "%s,担保人,担保人电话,紧急联系,"
	    "passport_no,备注\r\n%s", header_en, csv_row(row, NCOLS + 5));
	EXPECT(run_office(XF_FORMAT_CSV, 0, OFFICE_RECORD()), want);
	EXPECT(run_office(XF_FORMAT_JSON, XF_W_REVEAL, OFFICE_RECORD()),
	    "{\"担保人\":\"李四\",\"担保人电话\":\"13812341234\","
	    "\"紧急联系\":\"13912345678\",\"passport_no\":\"E12345678\","
	    "\"备注\":\"李四\"}\n");
	/* Without them, only the built-in patterns. */
	EXPECT(run(0, XF_FORMAT_JSON, 0, OFFICE_RECORD(), NULL),
	    "{\"担保人\":\"李四\",\"担保人电话\":\"138****1234\","
	    "\"紧急联系\":\"13912345678\",\"passport_no\":\"E12345678\","
	    "\"备注\":\"李四\"}\n");
#undef OFFICE_RECORD

	w = xf_writer_new(f, XF_FORMAT_JSON, 0);
	for (i = 0; bad[i] != NULL; i++) {
		errno = 0;
		CHECK(xf_writer_personal(w, bad[i]) == -1 && errno == EINVAL);
	}
	xf_writer_free(w);
	fclose(f);
}

/* A workbook's cells, read back: masked as CSV has them. */
static void
test_personal_xlsx(void)
{
	char		 path[] = "/tmp/t-writer.XXXXXX", err[256];
	xf_writer	*w;
	xf_reader	*rd;
	xf_record	*r;
	FILE		*f;
	int		 fd;

	fd = mkstemp(path);
	CHECK(fd != -1);
	f = fdopen(fd, "w");
	w = office_writer(f, XF_FORMAT_XLSX, 0);
	r = mk("id", "X1", "共同信访人", "李四、王五", "联系人电话",
	    "13812341234", "担保人", "赵六", "备注", "13812341234", NULL);
	CHECK(xf_writer_put(w, r) == 0);
	xf_record_free(r);
	CHECK(xf_writer_finish(w) == 0);
	xf_writer_free(w);
	fclose(f);
	rd = xf_reader_open(path, XF_FORMAT_AUTO, NULL, err, sizeof(err));
	CHECK(rd != NULL);
	r = xf_record_new();
	if (rd != NULL) {
		CHECK(xf_reader_next(rd, r) == 1);
		CHECK_STR(xf_record_get_key(r, "共同信访人"), "李*、王*");
		CHECK_STR(xf_record_get_key(r, "联系人电话"), "138****1234");
		CHECK_STR(xf_record_get_key(r, "担保人"), "赵*");
		CHECK_STR(xf_record_get_key(r, "备注"), "13812341234");
		xf_reader_close(rd);
	}
	xf_record_free(r);
	unlink(path);
}

/* The settings: personal_columns and clock_skew, good and bad. */
static void
test_personal_settings(void)
{
	char		 path[] = "/tmp/t-writer.XXXXXX", err[512];
	xf_settings	*s;
	FILE		*f;
	int		 fd;

	s = xf_settings_new(NULL, err, sizeof(err));
	CHECK(s != NULL && xf_settings_personal_column(s, 0) == NULL);
	CHECK(s != NULL && xf_settings_clock_skew(s) == 10);
	xf_settings_free(s);

	fd = mkstemp(path);
	CHECK(fd != -1);
	f = fdopen(fd, "w");
	fputs("personal_columns = name:担保人\t电话:紧急联系,  # two\n"
	    "personal_columns = id_number:Passport\n"
	    "clock_skew = 0\n", f);
	fclose(f);
	err[0] = '\0';
	s = xf_settings_new(path, err, sizeof(err));
	CHECK_STR(err, "");
	if (s != NULL) {
		CHECK_STR(xf_settings_personal_column(s, 0), "name:担保人");
		CHECK_STR(xf_settings_personal_column(s, 1), "phone:紧急联系");
		CHECK_STR(xf_settings_personal_column(s, 2),
		    "id_number:Passport");
		CHECK(xf_settings_personal_column(s, 3) == NULL);
		CHECK(xf_settings_personal_column(s, -1) == NULL);
		CHECK(xf_settings_clock_skew(s) == 0);
	}
	xf_settings_free(s);

	f = fopen(path, "w");
	fputs("clock_skew = 1440\n\npersonal_columns = phone:x 电话紧急\n", f);
	fclose(f);
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s == NULL);
	CHECK(strstr(err, ":3: personal_columns '电话紧急': not KIND:PATTERN "
	    "(KIND: name, id_number, phone or address)") != NULL);
	xf_settings_free(s);
	f = fopen(path, "w");
	fputs("personal_columns = title:标题\n", f);
	fclose(f);
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s == NULL && strstr(err, ":1: personal_columns 'title:标题': "
	    "not KIND:PATTERN") != NULL);
	f = fopen(path, "w");
	fputs("clock_skew = 1441\n", f);
	fclose(f);
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s == NULL && strstr(err, ":1: clock_skew '1441': bad value") !=
	    NULL);
	f = fopen(path, "w");
	fputs("clock_skew = -1\n", f);
	fclose(f);
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s == NULL && strstr(err, ":1: clock_skew '-1': bad value") !=
	    NULL);
	unlink(path);
}

static void
test_new(void)
{
	FILE	*f = tmpfile();

	CHECK(xf_writer_new(f, XF_FORMAT_AUTO, 0) == NULL && errno == EINVAL);
	CHECK(xf_writer_new_plain(f, XF_FORMAT_IDS, 0) == NULL);
	xf_writer_free(NULL);
	fclose(f);
}

int
main(void)
{
	test_json_escape();
	test_json_places();
	test_json_types();
	test_json_casework();
	test_json_mask();
	test_json_cjson();
	test_csv_quote();
	test_csv_header();
	test_csv_unknown();
	test_csv_values();
	test_csv_plain();
	test_csv_casework();
	test_table();
	test_table_cut();
	test_mask();
	test_csv_formula();
	test_table_controls();
	test_full();
	test_xlsx();
	test_details_mask();
	test_personal_columns();
	test_personal_values();
	test_personal_json();
	test_personal_office();
	test_personal_xlsx();
	test_personal_settings();
	test_new();
	return test_done("t-writer");
}
