/*
 * t-reader.c - reading records: CSV, NDJSON, bare ids; encodings; line
 * numbers; every chunk size; the JSON test suite ($XF_JSON_SUITE)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "xf.h"
#include "test.h"

#define UTF8_WHY "not valid UTF-8 (if the file is GB18030, give " \
    "--encoding gb18030)"
#define RAW_WHY "raw: a record rejected as malformed CSV: put its values " \
    "in the columns and empty this cell"

/* What reading a file gave: its records as text, the end, the message. */
struct got {
	char	*text;		/* "L<line> key=value key:=raw ...\n" each */
	size_t	 len;
	int	 end;		/* last xf_reader_next(): 0 or -1; -2 open */
	int	 n;		/* records */
	char	 msg[256];	/* the reader's or the open's message */
	enum xf_format format;
};

static char tmpdir[] = "/tmp/t-reader.XXXXXX";
static int ntmp;

/* A new file holding len bytes of data; the name is in path. */
static void
put(char *path, size_t size, const void *data, size_t len)
{
	FILE	*f;

	snprintf(path, size, "%s/%d", tmpdir, ntmp++);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* Read path as format in encoding, with chunk bytes per read (0: default). */
static void
get_file(struct got *g, const char *path, enum xf_format format,
    const char *enc, int chunk)
{
	xf_reader	*rd;
	xf_record	*r;
	FILE		*out;
	const char	*v;
	char		 n[32];
	size_t		 i;

	memset(g, 0, sizeof(*g));
	if (chunk > 0) {
		snprintf(n, sizeof(n), "%d", chunk);
		setenv("XF_READ_CHUNK", n, 1);
	} else
		unsetenv("XF_READ_CHUNK");
	rd = xf_reader_open(path, format, enc, g->msg, sizeof(g->msg));
	unsetenv("XF_READ_CHUNK");
	if (rd == NULL) {
		g->end = -2;
		return;
	}
	r = xf_record_new();
	out = open_memstream(&g->text, &g->len);
	if (r == NULL || out == NULL) {
		perror("t-reader");
		exit(1);
	}
	for (;;) {
		g->end = xf_reader_next(rd, r);
		if (g->end != 1 && g->end != XF_READ_BAD)
			break;
		g->n++;
		if (g->end == XF_READ_BAD)
			fprintf(out, "B%ld %s:", xf_record_line(r),
			    xf_reader_errmsg(rd));
		else
			fprintf(out, "L%ld", xf_record_line(r));
		for (i = 0; i < xf_record_count(r); i++) {
			v = xf_record_value(r, i, NULL);
			fprintf(out, " %s%s=%s", xf_record_key(r, i),
			    xf_record_raw(r, i) ? ":" : "", v);
		}
		fputc('\n', out);
		CHECK_STR(xf_record_file(r), path == NULL ? "-" : path);
	}
	fclose(out);
	if (g->end == -1) {
		snprintf(g->msg, sizeof(g->msg), "%s", xf_reader_errmsg(rd));
		/* Stuck after an error, with the same message. */
		CHECK(xf_reader_next(rd, r) == -1);
		CHECK_STR(xf_reader_errmsg(rd), g->msg);
	} else
		CHECK(xf_reader_next(rd, r) == 0);
	g->format = xf_reader_format(rd);
	xf_record_free(r);
	xf_reader_close(rd);
}

static void
get(struct got *g, const char *data, size_t len, enum xf_format format,
    const char *enc, int chunk)
{
	char	 path[64];

	put(path, sizeof(path), data, len);
	get_file(g, path, format, enc, chunk);
	unlink(path);
}

/* Read a string; expect these records, this end and this message. */
#define EXPECT(data, format, enc, want, wend, wmsg) do { \
	struct got e_; \
	get(&e_, data, sizeof(data) - 1, format, enc, 0); \
	CHECK_STR(e_.text, want); \
	CHECK(e_.end == (wend)); \
	CHECK_STR(e_.msg, wmsg); \
	free(e_.text); \
} while (0)

#define CSV XF_FORMAT_CSV
#define JSON XF_FORMAT_JSON
#define IDS XF_FORMAT_IDS
#define AUTO XF_FORMAT_AUTO

static void
test_csv(void)
{
	EXPECT("name,phone,content\n"
	    "张三,13800000000,hello\n"
	    "李四,,\"a, b \"\"c\"\"\"\n", CSV, NULL,
	    "L2 name=张三 phone=13800000000 content=hello\n"
	    "L3 name=李四 phone= content=a, b \"c\"\n", 0, "");

	/* Chinese headers, a header cell quoted with spaces around. */
	EXPECT("信访人,\" 联系电话 \",内容摘要\n"
	    "王五,139,\"反映\n问题\"\n", CSV, NULL,
	    "L2 信访人=王五 联系电话=139 内容摘要=反映\n问题\n", 0, "");

	/* BOM, CRLF, blank lines, a quoted CRLF, no newline at the end. */
	EXPECT("\xEF\xBB\xBF" "a,b\r\n\r\n1,\"x\r\ny\"\r\n2,z\r\n\r\n  \r\n3,w",
	    CSV, NULL, "L3 a=1 b=x\r\ny\nL5 a=2 b=z\nL8 a=3 b=w\n", 0, "");

	/* Line numbers after multi-line quoted fields. */
	EXPECT("a,b\n\"1\n2\n3\",x\n\n\"\n\",y\nz,\"\n\n\"\n", CSV, NULL,
	    "L2 a=1\n2\n3 b=x\nL6 a=\n b=y\nL8 a=z b=\n\n\n", 0, "");

	/* A carriage return alone ends a row but not a line. */
	EXPECT("a,b\r1,2\r3,4\r\n5,6\n", CSV, NULL,
	    "L1 a=1 b=2\nL1 a=3 b=4\nL2 a=5 b=6\n", 0, "");
	EXPECT("a,b\n1,2\r\"x\ny\",z\n", CSV, NULL,
	    "L2 a=1 b=2\nL2 a=x\ny b=z\n", 0, "");

	/* Header only, nothing, blank lines only. */
	EXPECT("a,b\n", CSV, NULL, "", 0, "");
	EXPECT("", CSV, NULL, "", 0, "");
	EXPECT("\n\r\n  \n", CSV, NULL, "", 0, "");

	/*
	 * Fewer cells are padded; blank rows skipped; a value past the
	 * header makes a bad row, and reading goes on; empty cells past
	 * it are what a spreadsheet leaves.
	 */
	EXPECT("a,b,c\n1\n,,\n1,2,3,4\n5,6,7\n", CSV, NULL,
	    "L2 a=1 b= c=\nB4 4 fields, the header has 3: a=1 b=2 c=3\n"
	    "L5 a=5 b=6 c=7\n", 0, "");
	EXPECT("a,b\n1,2,\n3,4, ,\n", CSV, NULL, "L2 a=1 b=2\nL3 a=3 b=4\n",
	    0, "");
	EXPECT("a,b\n1,2,,x\n", CSV, NULL,
	    "B2 4 fields, the header has 2: a=1 b=2\n", 0, "");
	/*
	 * Total rows (the first cell that holds something begins with
	 * 合计, 总计 or 小计) and blank ones (spaces, U+3000) are skipped.
	 */
	EXPECT("a,b\n1,2\n合计,9\n 合 计 ,\n小计：,1\n\xE3\x80\x80, \n,总计\n"
	    "合理,3\n计,4\n", CSV, NULL, "L2 a=1 b=2\nL8 a=合理 b=3\n"
	    "L9 a=计 b=4\n", 0, "");

	/* Bad headers. */
	EXPECT("a,b,c,,e\n1,2,3,4,5\n", CSV, NULL, "", -1,
	    "line 1: empty column name in column 4");
	EXPECT("a,\"  \"\n", CSV, NULL, "", -1,
	    "line 1: empty column name in column 2");
	EXPECT("\n\n电话,姓名,电话\n", CSV, NULL, "", -1,
	    "line 3: column '电话' appears twice");
	EXPECT("a, a \n", CSV, NULL, "", -1,
	    "line 1: column 'a' appears twice");

	/* Malformed quoting: a bad record (test_resync()). */
	EXPECT("a,b\n1,2\n3,x\"y\n", CSV, NULL, "L2 a=1 b=2\n"
	    "B3 malformed CSV (a quote inside an unquoted cell) in line 3: "
	    "the record was not read: raw=3,x\"y\n", 0, "");
	EXPECT("a,b\n1,\"x\ny\"z\n", CSV, NULL,
	    "B2 malformed CSV (text after a closing quote) in lines 2-3: "
	    "the record was not read: raw=1,\"x\ny\"z\n", 0, "");
	EXPECT("a,b\n1,2\n3,\"open\n\n", CSV, NULL, "L2 a=1 b=2\n"
	    "B3 malformed CSV (a quoted cell is not closed at the end of the "
	    "input) in lines 3-4: the record was not read: raw=3,\"open\n\n",
	    0, "");
}

/* A CSV with everything that can be split: read in every chunk size. */
static const char chunky[] =
    "\xEF\xBB\xBF" "信访人,联系电话,内容摘要,备注\r\n"
    "张三,13800000000,\"反映\"\"拆迁\"\"补偿，问题\",\r\n"
    "\r\n"
    "李四,\"139,0000\",\"第一行\r\n第二行\n第三行\",😀\r\n"
    "  王五  ,  ,\"\",\"a\rb\"\r\n"
    "赵六,1\n";

static const char chunky_want[] =
    "L2 信访人=张三 联系电话=13800000000 "
    "内容摘要=反映\"拆迁\"补偿，问题 备注=\n"
    "L4 信访人=李四 联系电话=139,0000 "
    "内容摘要=第一行\r\n第二行\n第三行 备注=😀\n"
    "L7 信访人=王五 联系电话= 内容摘要= 备注=a\rb\n"
    "L8 信访人=赵六 联系电话=1 内容摘要= 备注=\n";

/* data converted to encoding with iconv(3), into a malloc'd buffer. */
static char *
convert(const char *data, size_t len, const char *to, size_t *outlen)
{
	iconv_t	 cd;
	char	*in = (char *)data, *buf, *out;
	size_t	 inleft = len, outleft = 4 * len + 16;

	cd = iconv_open(to, "UTF-8");
	buf = malloc(outleft);
	if (cd == (iconv_t)-1 || buf == NULL) {
		perror("iconv_open");
		exit(1);
	}
	out = buf;
	if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
		perror("iconv");
		exit(1);
	}
	iconv_close(cd);
	*outlen = (size_t)(out - buf);
	return buf;
}

/*
 * Read data in every chunk size from 1 to 64 bytes: the same records,
 * end and message as in one chunk.  Returns how many sizes agreed.
 */
static int
every_chunk(const char *data, enum xf_format format, const char *enc,
    int wend)
{
	struct got	 one, g;
	char		 path[64];
	int		 chunk, same = 0;

	put(path, sizeof(path), data, strlen(data));
	get_file(&one, path, format, enc, 0);
	CHECK(one.end == wend);
	for (chunk = 1; chunk <= 64; chunk++) {
		get_file(&g, path, format, enc, chunk);
		if (g.end == one.end && g.text != NULL && one.text != NULL &&
		    strcmp(g.text, one.text) == 0 &&
		    strcmp(g.msg, one.msg) == 0)
			same++;
		else
			printf("chunk %d: got '%s' (%s), want '%s' (%s)\n",
			    chunk, g.text ? g.text : "", g.msg,
			    one.text ? one.text : "", one.msg);
		free(g.text);
	}
	free(one.text);
	unlink(path);
	return same;
}

static void
test_chunks(void)
{
	struct got	 g;
	char		 path[64], gbpath[64], *gb, *plain;
	size_t		 gblen;
	int		 chunk, same = 0, gbsame = 0;

	put(path, sizeof(path), chunky, sizeof(chunky) - 1);
	/* GB18030 has no emoji trouble: it encodes all of Unicode. */
	gb = convert(chunky + 3, sizeof(chunky) - 4, "GB18030", &gblen);
	CHECK(gblen > 4 && memcmp(gb, "\xD0\xC5\xB7\xC3", 4) == 0); /* 信访 */
	put(gbpath, sizeof(gbpath), gb, gblen);
	for (chunk = 0; chunk <= 64; chunk++) {
		get_file(&g, path, CSV, NULL, chunk);
		if (g.end == 0 && g.text != NULL &&
		    strcmp(g.text, chunky_want) == 0)
			same++;
		else
			printf("chunk %d: got '%s' (%s)\n", chunk,
			    g.text ? g.text : "", g.msg);
		free(g.text);
		get_file(&g, gbpath, CSV, chunk % 2 ? "gb18030" : "GB18030",
		    chunk);
		if (g.end == 0 && g.text != NULL &&
		    strcmp(g.text, chunky_want) == 0)
			gbsame++;
		else
			printf("gb18030 chunk %d: got '%s' (%s)\n", chunk,
			    g.text ? g.text : "", g.msg);
		free(g.text);
	}
	CHECK(same == 65);
	CHECK(gbsame == 65);

	/* Without --encoding, GB18030 is refused on its first line. */
	get_file(&g, gbpath, AUTO, NULL, 0);
	CHECK(g.end == -1);
	CHECK_STR(g.msg, "line 1: " UTF8_WHY);
	free(g.text);
	unlink(gbpath);
	free(gb);

	/* Invalid UTF-8 in every chunk size: the same line each time. */
	plain = malloc(sizeof(chunky) + 8);
	memcpy(plain, chunky, sizeof(chunky) - 1);
	memcpy(plain + sizeof(chunky) - 1, "x,\xE4\xB8\n", 6);
	unlink(path);
	put(path, sizeof(path), plain, sizeof(chunky) + 5);
	same = 0;
	for (chunk = 1; chunk <= 64; chunk++) {
		get_file(&g, path, CSV, NULL, chunk);
		if (g.end == -1 && g.n == 4 &&
		    strcmp(g.msg, "line 9: " UTF8_WHY) == 0)
			same++;
		else
			printf("bad utf-8 chunk %d: %d records, '%s'\n",
			    chunk, g.n, g.msg);
		free(g.text);
	}
	CHECK(same == 64);
	unlink(path);
	free(plain);

	/* Rows ended by a carriage return alone, split anywhere. */
	CHECK(every_chunk("a,b\r1,\"甲\r乙\"\r3,4\r\r5,\"\"\"6\"\"\"\r7,8",
	    CSV, NULL, 0) == 64);
	/* NDJSON and ids, lines split anywhere. */
	CHECK(every_chunk("{\"名\":\"张三\",\"n\":[1,{\"x\":null}]}\r\n\n"
	    "  \r\n{\"内容\":\"反映\\\"拆迁\\\"问题😀\"}\n{}\n"
	    "{\"a\":\"bcdefghijklmnopqrstuvwxyz0123456789\"}",
	    AUTO, NULL, 0) == 64);
	CHECK(every_chunk("{\"a\":\"一\"}\n{\"a\":\"二\"}\n[3]\n", JSON, NULL,
	    -1) == 64);
	CHECK(every_chunk("\n XF0001 \r\nXF0002\n\n"
	    "abcdefghijklmnopqrstuvwxyz\n", AUTO, NULL, 0) == 64);
	/* Errors on the same line whatever the chunk. */
	CHECK(every_chunk("a,b\n1,\"x\ny\"\n\"2\",\"z\"w\n", CSV, NULL,
	    0) == 64);
	CHECK(every_chunk("a,b\n1,2\n\"3\n,4\n", CSV, NULL, 0) == 64);
	CHECK(every_chunk("a\n\xD6\xD0\xCE\xC4\n\xD6\xD0\xFF\xCE\xC4\n", CSV,
	    "gb18030", -1) == 64);
	CHECK(every_chunk("{\"a\":\"\xD6\xD0\xCE\xC4\"}\n\n"
	    "{\"a\":\"\xD6\xD0\xCE", JSON, "gb18030", -1) == 64);
	CHECK(every_chunk("{\"a\":\"中文\"}\n\n{\"a\":\"中\xE6\x96\"}\n",
	    JSON, NULL, -1) == 64);
}

#define BAD(line, why, lines) "B" #line " malformed CSV (" why ") in " \
	lines ": the record was not read: raw="
#define QUOTE_IN "a quote inside an unquoted cell"
#define AFTER_CLOSE "text after a closing quote"
#define NOT_CLOSED "a quoted cell is not closed"
#define NOT_CLOSED_EOF NOT_CLOSED " at the end of the input"

/*
 * A structural error in a row makes it a bad record of its lines, up to
 * the first line after its first that is well-formed on its own, and
 * reading goes on there; in the header it stops the reading.
 */
static void
test_resync(void)
{
	static const char mixed[] =
	    "a,b,c\n"
	    "1,x\"y,z\n"				/* 2: quote in a cell */
	    "2,\"q\"r,s\n"			/* 3: text after the quote */
	    "3,b,c\n"
	    "4,\"open,c\n"			/* 5: open, swallows 6, 7 */
	    "5,b,c\n"
	    "6,\"multi\n"			/* 7: a legit cell over 7-8 */
	    "line\",c\n"
	    "7,\"x\" y,c\n"			/* 9: closes 5's quote */
	    "\n"
	    "8,b,c,,\n"
	    "9,\"still open\n"
	    "b,c\n";				/* 13: none well-formed */
	static const char mixed_want[] =
	    BAD(2, QUOTE_IN, "line 2") "1,x\"y,z\n"
	    BAD(3, AFTER_CLOSE, "line 3") "2,\"q\"r,s\n"
	    "L4 a=3 b=b c=c\n"
	    BAD(5, NOT_CLOSED, "line 5") "4,\"open,c\n"
	    "L6 a=5 b=b c=c\n"
	    "L7 a=6 b=multi\nline c=c\n"
	    BAD(9, AFTER_CLOSE, "line 9") "7,\"x\" y,c\n"
	    "L11 a=8 b=b c=c\n"
	    BAD(12, NOT_CLOSED_EOF, "lines 12-13") "9,\"still open\nb,c\n";
	struct got	 g;
	char		 path[64], *big, *gb;
	size_t		 n, gblen;

	EXPECT(mixed, CSV, NULL, mixed_want, 0, "");
	/* Whatever the chunk size, and without a line feed at the end. */
	CHECK(every_chunk(mixed, CSV, NULL, 0) == 64);
	get(&g, mixed, sizeof(mixed) - 2, CSV, NULL, 7);
	CHECK_STR(g.text, mixed_want);
	free(g.text);
	get(&g, mixed, sizeof(mixed) - 2, CSV, NULL, 1);
	CHECK_STR(g.text, mixed_want);
	free(g.text);

	/*
	 * An open quote swallows good lines, then a later quote closes it
	 * and the text after it is the error: the good lines are read.
	 */
	EXPECT("a,b\n1,\"open\n2,b\n3,b\n4,\"q\"z\n5,b\n", CSV, NULL,
	    BAD(2, NOT_CLOSED, "line 2") "1,\"open\n"
	    "L3 a=2 b=b\nL4 a=3 b=b\n"
	    BAD(5, AFTER_CLOSE, "line 5") "4,\"q\"z\nL6 a=5 b=b\n", 0, "");
	/* Open at the end of the input: the good lines after it read. */
	EXPECT("a,b\n1,2\n3,\"open\n4,5\n6,7\n", CSV, NULL,
	    "L2 a=1 b=2\n" BAD(3, NOT_CLOSED, "line 3") "3,\"open\n"
	    "L4 a=4 b=5\nL5 a=6 b=7\n", 0, "");
	EXPECT("a,b\n3,\"open\nno end", CSV, NULL,
	    BAD(2, NOT_CLOSED_EOF, "lines 2-3") "3,\"open\nno end\n", 0, "");
	/*
	 * Well-formed: the header's number of cells, more when blank, no
	 * quote left open; a shorter line or a blank one is not.
	 */
	EXPECT("a,b,c\n1,\"x\n2\n\n3,4\n5,6,7, \n", CSV, NULL,
	    BAD(2, NOT_CLOSED, "lines 2-5") "1,\"x\n2\n\n3,4\n"
	    "L6 a=5 b=6 c=7\n", 0, "");
	EXPECT("a,b\n1,\"x\n2,\"y\n3,4\n", CSV, NULL,
	    BAD(2, AFTER_CLOSE, "lines 2-3") "1,\"x\n2,\"y\n"
	    "L4 a=3 b=4\n", 0, "");
	/* A legit multi-line cell is a cell, whatever its lines look like. */
	EXPECT("a,b\n1,\"x\n2,3\ny\"\n4,5\n", CSV, NULL,
	    "L2 a=1 b=x\n2,3\ny\nL5 a=4 b=5\n", 0, "");
	/* Unless the row breaks later: the rule is the same. */
	EXPECT("a,b\n1,\"x\n2,3\ny\" z\n4,5\n", CSV, NULL,
	    BAD(2, NOT_CLOSED, "line 2") "1,\"x\nL3 a=2 b=3\n"
	    BAD(4, QUOTE_IN, "line 4") "y\" z\nL5 a=4 b=5\n", 0, "");
	/* CRLF: the last line's end is not in raw, the others' are. */
	EXPECT("a,b\r\n1,x\"y\r\n2,\"3\r\n4\"5\r\n6,7\r\n", CSV, NULL,
	    BAD(2, QUOTE_IN, "line 2") "1,x\"y\n"
	    BAD(3, AFTER_CLOSE, "lines 3-4") "2,\"3\r\n4\"5\n"
	    "L5 a=6 b=7\n", 0, "");
	/* A carriage return alone ends a row: raw starts after it. */
	EXPECT("a,b\r1,2\r3,x\"y\r4,5\n6,7\n", CSV, NULL,
	    "L1 a=1 b=2\n" BAD(1, QUOTE_IN, "line 1") "3,x\"y\r4,5\n"
	    "L2 a=6 b=7\n", 0, "");
	CHECK(every_chunk("a,b\r1,2\r3,x\"y\r4,5\n6,7\r\"8\",\"9\"x\r\n"
	    "\"10\",11\r\n", CSV, NULL, 0) == 64);
	/* Rows after it in the same read, a BOM, a last row of its own. */
	EXPECT("\xEF\xBB\xBF" "a\n\"1\"2\n3\n\"4", CSV, NULL,
	    BAD(2, AFTER_CLOSE, "line 2") "\"1\"2\nL3 a=3\n"
	    BAD(4, NOT_CLOSED_EOF, "line 4") "\"4\n", 0, "");

	/* In the header, malformed CSV stops the reading. */
	EXPECT("a,b\"c\n1,2\n", CSV, NULL, "", -1,
	    "line 1: malformed CSV (" QUOTE_IN ")");
	EXPECT("\n\"a\"b,c\n1,2\n", CSV, NULL, "", -1,
	    "line 2: malformed CSV (" AFTER_CLOSE ")");
	EXPECT("a,\"b\n1,2\n", CSV, NULL, "", -1,
	    "line 1: malformed CSV (" NOT_CLOSED_EOF ")");
	CHECK(every_chunk("a,\"b\n1,2\n", CSV, NULL, -1) == 64);
	/* Invalid UTF-8 in the line of the error stays fatal. */
	EXPECT("a,b\n1,2\n3,x\"y\xFF\n4,5\n", CSV, NULL, "L2 a=1 b=2\n", -1,
	    "line 3: " UTF8_WHY);
	/* raw is UTF-8, after the conversion. */
	gb = convert("a,b\n中,文\"字\n国,人\n", 24, "GB18030", &gblen);
	put(path, sizeof(path), gb, gblen);
	get_file(&g, path, CSV, "gb18030", 3);
	CHECK_STR(g.text, BAD(2, QUOTE_IN, "line 2") "中,文\"字\n"
	    "L3 a=国 b=人\n");
	free(g.text);
	unlink(path);
	free(gb);

	/* A record of more than 16 MiB is not set aside: reading stops. */
	n = 17 * 1024 * 1024;
	big = malloc(n + 32);
	memcpy(big, "a,b\n1,\"", 7);
	memset(big + 7, 'x', n);
	memcpy(big + 7 + n, "\"z\n2,3\n", 8);
	put(path, sizeof(path), big, n + 15);
	get_file(&g, path, CSV, NULL, 0);
	CHECK(g.end == -1 && g.n == 0);
	CHECK_STR(g.msg, "line 2: malformed CSV (" AFTER_CLOSE ") in a record "
	    "over 16 MiB");
	free(g.text);
	unlink(path);
	/* Over many lines, the text kept is let go; the same. */
	for (n = 7; n + 16 < 17 * 1024 * 1024; n += 16)
		memcpy(big + n, "xxxxxxxxxxxxxxx\n", 16);
	put(path, sizeof(path), big, n + 8);
	get_file(&g, path, CSV, NULL, 0);
	CHECK(g.end == -1 && g.n == 0);
	CHECK(strstr(g.msg, "in a record over 16 MiB") != NULL);
	free(g.text);
	unlink(path);
	free(big);
}

/*
 * A reject file (a column or member named "error"): error, sheet, row
 * left out, raw too when empty; when not, the record is bad.
 */
static void
test_reject_file(void)
{
	EXPECT("ref,raw,error,sheet,row\n"
	    "R1,,\"phone: bad\",台账,7\n"
	    "R2, ,x,,\n"
	    ",\"1,x\"\"y\",\"malformed CSV\",,\n", CSV, NULL,
	    "L2 ref=R1\nL3 ref=R2\n"
	    "B4 raw: a record rejected as malformed CSV: put its values in "
	    "the columns and empty this cell: ref= raw=1,x\"y\n", 0, "");
	/* Without an error column, every column is read. */
	EXPECT("ref,raw,sheet,row,errors\nR1,r,s,1,e\n", CSV, NULL,
	    "L2 ref=R1 raw=r sheet=s row=1 errors=e\n", 0, "");
	/* Exactly "error". */
	EXPECT("ref,Error,row\nR1,e,1\n", CSV, NULL,
	    "L2 ref=R1 Error=e row=1\n", 0, "");
	EXPECT(" ref , error ,row\nR1,e,1\n", CSV, NULL, "L2 ref=R1\n", 0,
	    "");

	EXPECT("{\"ref\":\"N1\",\"error\":\"people: bad\",\"sheet\":\"s\","
	    "\"row\":\"3\",\"raw\":\"\"}\n"
	    "{\"ref\":\"N2\",\"raw\":null,\"error\":null}\n"
	    "{\"raw\":\"a,b\\nc\",\"error\":\"malformed\",\"n\":1}\n"
	    "{\"ref\":\"N4\",\"raw\":1,\"error\":\"\"}\n"
	    "{\"ref\":\"N5\",\"raw\":\"r\",\"sheet\":\"s\",\"row\":2}\n",
	    JSON, NULL,
	    "L1 ref=N1\nL2 ref=N2\n"
	    "B3 " RAW_WHY ": raw=a,b\nc n:=1\n"
	    "B4 " RAW_WHY ": ref=N4 raw:=1\n"
	    "L5 ref=N5 raw=r sheet=s row:=2\n", 0, "");
}

static void
test_encoding(void)
{
	struct got	 g;

	/* 中文 in GB18030, and a bad byte on line 3. */
	EXPECT("a\n\xD6\xD0\xCE\xC4\n", CSV, "gb18030", "L2 a=中文\n", 0, "");
	EXPECT("a\n\xD6\xD0\n\xFF\xFF\n", CSV, "gb18030", "L2 a=中\n", -1,
	    "line 3: not valid gb18030");
	EXPECT("a\n\xD6\xD0\n\xD6", CSV, "gb18030", "L2 a=中\n", -1,
	    "line 3: not valid gb18030");
	EXPECT("{\"a\":\"\xD6\xD0\"}\n", AUTO, "GBK", "L1 a=中\n", 0, "");
	/* A BOM after decoding is dropped: U+FEFF in GB18030. */
	EXPECT("\x84\x31\x95\x33" "a\n1\n", CSV, "gb18030", "L2 a=1\n", 0, "");
	/* UTF-8 by name is no conversion. */
	EXPECT("a\n\xE4\xB8\xAD\n", CSV, "UTF-8", "L2 a=中\n", 0, "");
	EXPECT("a\n\xE4\xB8\xAD\n", CSV, "utf8", "L2 a=中\n", 0, "");
	EXPECT("a\n\xD6\xD0\n", CSV, "utf-8", "", -1, "line 2: " UTF8_WHY);

	get(&g, "a\n", 2, CSV, "klingon", 0);
	CHECK(g.end == -2);
	CHECK_STR(g.msg, "unknown encoding 'klingon'");

	/* Invalid UTF-8: overlong, surrogate, truncated at the end. */
	EXPECT("a,b\n1,2\n3,\xC0\xAF\n", CSV, NULL, "L2 a=1 b=2\n", -1,
	    "line 3: " UTF8_WHY);
	EXPECT("a,b\n\"1\n\xED\xA0\x80\",2\n", CSV, NULL, "", -1,
	    "line 3: " UTF8_WHY);
	EXPECT("a\n\xE4\xB8", CSV, NULL, "", -1, "line 2: " UTF8_WHY);
	EXPECT("{\"a\":\"x\"}\n\n{\"a\":\"\xFF\"}\n", JSON, NULL,
	    "L1 a=x\n", -1, "line 3: " UTF8_WHY);
	EXPECT("a1\n\xFF\n", IDS, NULL, "L1 id=a1\n", -1, "line 2: " UTF8_WHY);
}

static void
test_json(void)
{
	FILE	*f;
	char	*big, path[64];
	size_t	 n = 10 * 1024 * 1024, len;
	struct got g;

	EXPECT("{\"a\":\"x\",\"n\":12,\"f\":-1.5e3,\"t\":true,\"b\":false,"
	    "\"z\":null,\"o\":{\"k\":[1,\"s\",null]},\"l\":[],\"e\":\"\"}\n"
	    "\n  \t\r\n"
	    "{\"中\":\"文\\n\\u4e2d\"}\r\n"
	    "{ }\n"
	    "{\"a\":\"1\",\"a\":\"2\"}", JSON, NULL,
	    "L1 a=x n:=12 f:=-1500 t:=true b:=false o:={\"k\":[1,\"s\",null]}"
	    " l:=[] e=\nL4 中=文\n中\nL5\nL6 a=1 a=2\n", 0, "");

	EXPECT("{\"a\":1}\n[1,2]\n", JSON, NULL, "L1 a:=1\n", -1,
	    "line 2: not a JSON object");
	EXPECT("\"s\"\n", JSON, NULL, "", -1, "line 1: not a JSON object");
	EXPECT("null\n", JSON, NULL, "", -1, "line 1: not a JSON object");
	EXPECT("{\"a\":1}\n\n{\"a\":}\n", JSON, NULL, "L1 a:=1\n", -1,
	    "line 3: bad JSON at column 6");
	EXPECT("{\"名\":\"值\"} x\n", JSON, NULL, "", -1,
	    "line 1: bad JSON at column 11");
	EXPECT("{\"a\":[1,2\n", JSON, NULL, "", -1,
	    "line 1: bad JSON (the line ends too soon)");
	EXPECT("{\"a\":\"b\n", JSON, NULL, "", -1,
	    "line 1: bad JSON at column 7");
	/* A NUL byte would cut a string short: refused wherever it is. */
	EXPECT("{\"a\":1}\0{}\n", JSON, NULL, "", -1,
	    "line 1: bad JSON at column 8");
	EXPECT("{\"a\":\"x\0y\"}\n", JSON, NULL, "", -1,
	    "line 1: bad JSON at column 8");
	EXPECT("{\"a\":1}\0 \n", JSON, NULL, "", -1,
	    "line 1: bad JSON at column 8");
	EXPECT("{\"a\":1}\n{\"a\":1,\n\"b\":2}\n", JSON, NULL, "L1 a:=1\n", -1,
	    "line 2: bad JSON (the line ends too soon)");

	/* A 10 MB string value, read in a 64 KiB and in a 1000-byte chunk. */
	big = malloc(n + 64);
	memcpy(big, "{\"big\":\"", 8);
	memset(big + 8, 'x', n);
	memcpy(big + 8 + n, "\",\"n\":1}\n", 9);
	put(path, sizeof(path), big, n + 17);
	get_file(&g, path, AUTO, NULL, 0);
	CHECK(g.end == 0 && g.n == 1 && g.format == JSON);
	len = g.text != NULL ? strlen(g.text) : 0;
	CHECK(len == n + 13);
	CHECK(len > 16 && strncmp(g.text, "L1 big=xxx", 10) == 0 &&
	    strcmp(g.text + len - 7, "x n:=1\n") == 0);
	free(g.text);
	get_file(&g, path, JSON, NULL, 1000);
	CHECK(g.end == 0 && g.n == 1 && g.text != NULL &&
	    strlen(g.text) == n + 13);
	free(g.text);
	unlink(path);

	/* And a 10 MB CSV cell. */
	f = fopen(path, "wb");
	fprintf(f, "a,b\n\"%.*s\",2\n", (int)n, big + 8);
	fclose(f);
	get_file(&g, path, CSV, NULL, 0);
	CHECK(g.end == 0 && g.n == 1 && g.text != NULL &&
	    strlen(g.text) == n + 10);
	free(g.text);
	unlink(path);
	free(big);
}

static void
test_ids(void)
{
	EXPECT("  a1 \r\n\nb-2\n\t \nXF_3", IDS, NULL,
	    "L1 id=a1\nL3 id=b-2\nL5 id=XF_3\n", 0, "");
	EXPECT("", IDS, NULL, "", 0, "");
}

static void
test_auto(void)
{
	struct got	 g;
	size_t		 i;
	const char	*ids = "\n\nabcdefghijklmnopqrstuvwxyz0123456\nx\n";
	const char	*csv = "\n\nabcdefghijklmnopqrstuvwxyz,0123456\nx,y\n";
	static const struct {
		const char	*in;
		enum xf_format	 format;
		const char	*want;
	} t[] = {
		{ "{\"a\":\"1\"}\n", JSON, "L1 a=1\n" },
		{ "\n  \r\n\t{\"a\":\"1\"}\n", JSON, "L3 a=1\n" },
		{ "\xEF\xBB\xBF{\"a\":\"1\"}", JSON, "L1 a=1\n" },
		{ "name,phone\nx,1\n", CSV, "L2 name=x phone=1\n" },
		{ "id\nXF1\n", CSV, "L2 id=XF1\n" },
		{ "信访人\n张三\n", CSV, "L2 信访人=张三\n" },
		{ "\"abc\"\nx\n", CSV, "L2 abc=x\n" },
		{ "a b\n1\n", CSV, "L2 a b=1\n" },
		{ "XF2024000001\nXF2024000002\n", IDS,
		    "L1 id=XF2024000001\nL2 id=XF2024000002\n" },
		{ "\n  110-2 \r\n", IDS, "L2 id=110-2\n" },
		{ "abc", IDS, "L1 id=abc\n" },
		{ "", AUTO, "" },
		{ "\n \r\n\t", AUTO, "" },
		{ "\xEF\xBB\xBF", AUTO, "" },
	};

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		get(&g, t[i].in, strlen(t[i].in), AUTO, NULL, 0);
		CHECK(g.end == 0);
		CHECK(g.format == t[i].format);
		CHECK_STR(g.text, t[i].want);
		free(g.text);
	}
	/* Detection in every chunk size, from a long first line. */
	for (i = 1; i <= 16; i++) {
		get(&g, ids, strlen(ids), AUTO, NULL, (int)i);
		CHECK(g.end == 0 && g.format == IDS && g.n == 2);
		free(g.text);
		get(&g, csv, strlen(csv), AUTO, NULL, (int)i);
		CHECK(g.end == 0 && g.format == CSV && g.n == 1);
		free(g.text);
	}
}

static void
test_misc(void)
{
	xf_reader	*rd;
	xf_record	*r;
	uint64_t	 done, total;
	char		 path[64], err[128];
	int		 fd, save;

	xf_reader_close(NULL);
	rd = xf_reader_open("/nonexistent/x.csv", AUTO, NULL, err,
	    sizeof(err));
	CHECK(rd == NULL);
	CHECK_STR(err, strerror(ENOENT));
	rd = xf_reader_open(tmpdir, AUTO, NULL, err, sizeof(err));
	CHECK(rd == NULL);
	CHECK_STR(err, strerror(EISDIR));
	rd = xf_reader_open(tmpdir, XF_FORMAT_TABLE, NULL, err, sizeof(err));
	CHECK(rd == NULL);

	/* Progress, and standard input. */
	put(path, sizeof(path), "a,b\n1,2\n", 8);
	r = xf_record_new();
	rd = xf_reader_open(path, AUTO, NULL, err, sizeof(err));
	CHECK(rd != NULL);
	xf_reader_progress(rd, &done, &total);
	CHECK(done == 0 && total == 8);
	CHECK(xf_reader_format(rd) == AUTO);
	CHECK(xf_reader_next(rd, r) == 1);
	CHECK(xf_reader_format(rd) == CSV);
	CHECK(xf_reader_next(rd, r) == 0);
	xf_reader_progress(rd, &done, &total);
	CHECK(done == 8 && total == 8);
	xf_reader_close(rd);

	save = dup(STDIN_FILENO);
	fd = open(path, O_RDONLY);
	dup2(fd, STDIN_FILENO);
	close(fd);
	rd = xf_reader_open("-", AUTO, NULL, err, sizeof(err));
	CHECK(rd != NULL);
	CHECK(xf_reader_next(rd, r) == 1);
	CHECK_STR(xf_record_file(r), "-");
	CHECK(xf_record_line(r) == 2);
	CHECK_STR(xf_record_get_key(r, "b"), "2");
	xf_reader_close(rd);
	/* Standard input is left open. */
	CHECK(fcntl(STDIN_FILENO, F_GETFD) != -1);
	dup2(save, STDIN_FILENO);
	close(save);
	xf_record_free(r);
	unlink(path);
}

/* Whether every non-blank line of s is, on its face, one JSON object. */
static int
all_objects(const char *s, size_t len)
{
	size_t	 i = 0, a, b;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		for (a = i; a < len && s[a] != '\n'; a++)
			continue;
		b = a;
		while (i < b && strchr(" \t\r", s[i]) != NULL)
			i++;
		while (b > i && strchr(" \t\r", s[b - 1]) != NULL)
			b--;
		if (i < b && (s[i] != '{' || s[b - 1] != '}'))
			return 0;
		i = a + 1;
	}
	return 1;
}

/* A y_ object must come out as the pairs cJSON sees in it. */
static int
same_as_cjson(const char *s, size_t len, const char *got)
{
	cJSON	*root, *m;
	FILE	*f;
	char	*want, *t;
	size_t	 wlen;
	int	 same;

	root = cJSON_ParseWithLength(s, len);
	if (root == NULL)
		return 0;
	f = open_memstream(&want, &wlen);
	fprintf(f, "L1");
	for (m = root->child; m != NULL; m = m->next) {
		if (cJSON_IsNull(m))
			continue;
		if (cJSON_IsString(m))
			fprintf(f, " %s=%s", m->string, m->valuestring);
		else {
			t = cJSON_PrintUnformatted(m);
			fprintf(f, " %s:=%s", m->string, t);
			cJSON_free(t);
		}
	}
	fputc('\n', f);
	fclose(f);
	cJSON_Delete(root);
	same = got != NULL && strcmp(got, want) == 0;
	free(want);
	return same;
}

/* Whether s holds the escape \u0000. */
static int
has_nul_escape(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i + 6 <= len; i++)
		if (memcmp(s + i, "\\u0000", 6) == 0)
			return 1;
	return 0;
}

static void
test_json_suite(void)
{
	const char	*dir = getenv("XF_JSON_SUITE");
	DIR		*d;
	struct dirent	*e;
	struct got	 g;
	FILE		*f;
	char		 path[4096], *s, *p;
	size_t		 len;
	int		 ny = 0, nn = 0, ni = 0, nrec = 0, skipped = 0;

	d = dir != NULL ? opendir(dir) : NULL;
	if (d == NULL) {
		printf("t-reader: JSON test suite skipped: XF_JSON_SUITE %s\n",
		    dir == NULL ? "is not set" : "is missing");
		return;
	}
	for (;;) {
		e = readdir(d);
		if (e == NULL)
			break;
		if (e->d_name[0] != 'y' && e->d_name[0] != 'n' &&
		    e->d_name[0] != 'i')
			continue;
		if (e->d_name[1] != '_')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (f == NULL) {
			printf("FAIL %s: %s\n", path, strerror(errno));
			test_failed++;
			continue;
		}
		s = malloc(1 << 20);
		len = fread(s, 1, 1 << 20, f);
		fclose(f);
		if (e->d_name[0] == 'y') {
			for (p = s; p < s + len && strchr(" \t\r\n", *p) &&
			    *p != '\0'; p++)
				continue;
			if (p == s + len || *p != '{') {
				skipped++;
				free(s);
				continue;
			}
			/* Raw newlines are only ever between tokens. */
			for (p = s; p < s + len; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
			get(&g, s, len, JSON, NULL, 0);
			ny++;
			/*
			 * A NUL (\u0000) cannot be kept in a value: the
			 * line is refused, where cJSON would cut the string.
			 */
			if (has_nul_escape(s, len)) {
				if (g.end == -1 && strstr(g.msg, "a NUL "
				    "character") != NULL)
					test_passed++;
				else {
					printf("FAIL %s: a NUL not refused: "
					    "'%s'\n", e->d_name, g.msg);
					test_failed++;
				}
			} else if (g.end != 0 || g.n != 1 ||
			    !same_as_cjson(s, len, g.text)) {
				printf("FAIL %s: %d records, '%s', got '%s'\n",
				    e->d_name, g.n, g.msg,
				    g.text ? g.text : "");
				test_failed++;
			} else
				test_passed++;
		} else {
			get(&g, s, len, JSON, NULL, 0);
			if (e->d_name[0] == 'i')
				ni++;
			else if (g.end == -1 &&
			    strncmp(g.msg, "line ", 5) == 0) {
				nn++;
				test_passed++;
			} else if (g.end == 0 && all_objects(s, len)) {
				nn++;
				nrec += g.n;
				test_passed++;
			} else {
				nn++;
				printf("FAIL %s: end %d, %d records, '%s'\n",
				    e->d_name, g.end, g.n, g.msg);
				test_failed++;
			}
		}
		free(g.text);
		free(s);
	}
	closedir(d);
	printf("t-reader: JSON test suite: %d y_ objects accepted, %d n_ "
	    "refused or objects (%d records), %d i_ read, %d y_ not "
	    "objects skipped\n", ny, nn, nrec, ni, skipped);
	CHECK(ny > 0 && nn > 0 && ni > 0);
}

/* What a CSV's skipped rows are said to be, once, at its end. */
static void
test_skipped(void)
{
	static const struct {
		const char	*csv;
		const char	*note;
	} t[] = {
		{ "a,b\n1,2\n", NULL },
		{ "a,b\n,\n1,2\n", "1 blank row skipped" },
		{ "a,b\n,\n \xE3\x80\x80,\n合计,3\n", "2 blank rows and 1 total "
		    "row skipped" },
		{ "a,b\n1,2\n小计,3\n总计,4\n", "2 total rows skipped" },
	};
	xf_reader	*rd;
	xf_record	*r = xf_record_new();
	char		 path[64], err[128];
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		put(path, sizeof(path), t[i].csv, strlen(t[i].csv));
		rd = xf_reader_open(path, AUTO, NULL, err, sizeof(err));
		CHECK(rd != NULL);
		while (xf_reader_next(rd, r) == 1)
			CHECK(xf_reader_notice(rd) == NULL);
		CHECK_STR(xf_reader_notice(rd), t[i].note);
		CHECK(xf_reader_notice(rd) == NULL);
		xf_reader_close(rd);
		unlink(path);
	}
	xf_record_free(r);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_csv();
	test_resync();
	test_reject_file();
	test_chunks();
	test_encoding();
	test_json();
	test_ids();
	test_auto();
	test_misc();
	test_skipped();
	test_json_suite();
	rmdir(tmpdir);
	return test_done("t-reader");
}
