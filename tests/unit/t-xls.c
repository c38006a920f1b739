/*
 * t-xls.c - the .xls reader (lib/xls.c): sheets, typed cells, dates
 * mended from freexl's, formulas' values, merged cells, and the messages
 * for what is not an .xls workbook.  The workbooks are
 * tests/data/unit-*.xls, made by scripts/make-xls-fixtures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf-private.h"
#include "test.h"

static char	 path[1024];

static const char *
data(const char *name)
{
	const char	*top = getenv("TOP");

	snprintf(path, sizeof path, "%s/tests/data/%s",
	    top != NULL && *top != '\0' ? top : ".", name);
	return path;
}

/*
 * Every cell of sheet i, one line a row: "ROW: COL=T:VALUE ...", T the
 * type's letter (s text, n number, d date, b bool, e error); malloc'd.
 */
static char *
sheet_dump(struct xf_book *b, int i)
{
	const struct xf_cell *c;
	char		*out = NULL, err[256];
	size_t		 len = 0, n, j;
	long		 row;
	FILE		*fp;
	int		 rc;

	if ((fp = open_memstream(&out, &len)) == NULL)
		exit(1);
	if (b->ops->sheet_open(b, i, err, sizeof err) == -1)
		fprintf(fp, "error %s\n", err);
	else {
		while ((rc = b->ops->row_next(b, &row, &c, &n, err,
		    sizeof err)) == 1) {
			fprintf(fp, "%ld:", row);
			for (j = 0; j < n; j++) {
				fprintf(fp, " %d=%c:", c[j].col,
				    "sndbe"[c[j].type]);
				if (c[j].type == XF_CELL_NUMBER ||
				    c[j].type == XF_CELL_BOOL)
					fprintf(fp, "%.15g", c[j].num);
				else {
					CHECK(strlen(c[j].s) == c[j].len);
					fputs(c[j].s, fp);
				}
			}
			fputc('\n', fp);
		}
		if (rc == -1)
			fprintf(fp, "error %s\n", err);
	}
	fclose(fp);
	return out;
}

static void
test_types(void)
{
	struct xf_book	*b;
	char		 err[256], *d;

	b = xf_xls_open(data("unit-types.xls"), err, sizeof err);
	CHECK(b != NULL);
	if (b == NULL) {
		printf("unit-types.xls: %s\n", err);
		return;
	}
	CHECK_STR(b->ops->name, "xls");
	CHECK(b->ops->nsheets(b) == 3);
	CHECK_STR(b->ops->sheet_name(b, 0), "台账");
	CHECK_STR(b->ops->sheet_name(b, 1), "Second");
	CHECK_STR(b->ops->sheet_name(b, 2), "Empty");
	CHECK(b->ops->sheet_name(b, 3) == NULL);
	CHECK(b->ops->sheet_width(b) == -1);

	d = sheet_dump(b, 0);
	CHECK(b->ops->sheet_width(b) == 6);
	/*
	 * Row 3: booleans as numbers (LibreOffice writes them so); row 4:
	 * =1/0 an error, =1+2 its value, 2100-03-01 (freexl: 02-29), a
	 * date-time rounded to midnight (freexl: 24:00:00); row 5: a merged
	 * cell's value in both its cells; rows 6 and 7 left out.
	 */
	CHECK_STR(d,
	    "1: 0=s:信访人 1=s:身份证号 2=s:信访日期 3=s:件数\n"
	    "2: 0=s:张三 1=s:110101199003071234 2=d:2024-03-05 3=n:3 "
	    "4=n:2.5\n"
	    "3: 0=s:李四 2=d:2024-03-05 14:30:00 3=d:08:15:30 4=n:1 5=n:0\n"
	    "4: 0=e:#DIV/0! 1=n:3 3=d:2100-03-01 "
	    "4=d:2025-01-01 00:00:00 5=n:-123456789012\n"
	    "5: 0=s:合并 1=s:合并 2=n:123456\n"
	    "8: 2=s:end\n");
	free(d);

	d = sheet_dump(b, 1);
	CHECK_STR(d, "1: 0=n:1\n");
	CHECK(b->ops->sheet_width(b) == 1);
	free(d);
	d = sheet_dump(b, 2);
	CHECK_STR(d, "");
	free(d);
	/* Again, from the start. */
	d = sheet_dump(b, 1);
	CHECK_STR(d, "1: 0=n:1\n");
	free(d);
	CHECK(b->ops->sheet_open(b, 3, err, sizeof err) == -1);
	b->ops->close(b);
}

static void
test_1904(void)
{
	struct xf_book	*b;
	char		 err[256], *d;

	b = xf_xls_open(data("unit-1904.xls"), err, sizeof err);
	CHECK(b != NULL);
	if (b == NULL)
		return;
	d = sheet_dump(b, 0);
	CHECK_STR(d, "1: 0=d:2024-03-05\n");
	free(d);
	b->ops->close(b);
}

static void
test_merged(void)
{
	struct xf_book	*b;
	char		 err[256], *d;

	b = xf_xls_open(data("unit-merged.xls"), err, sizeof err);
	CHECK(b != NULL);
	if (b == NULL) {
		printf("unit-merged.xls: %s\n", err);
		return;
	}
	d = sheet_dump(b, 0);
	CHECK(b->ops->sheet_width(b) == 5);
	/*
	 * A1:E1 the title; A3:A5 one day's date and E3:E5 a remark, in each
	 * of the three visits; A6:A7 a date, row 7 holding nothing else;
	 * B8:C8 with 藏 hidden in C8 (dropped); B9:C10 a number.
	 */
	CHECK_STR(d,
	    "1: 0=s:2017年1月来访登记 1=s:2017年1月来访登记 "
	    "2=s:2017年1月来访登记 3=s:2017年1月来访登记 "
	    "4=s:2017年1月来访登记\n"
	    "2: 0=s:日期 1=s:序号 2=s:信访人 3=s:事由 4=s:备注\n"
	    "3: 0=d:2017-01-03 1=n:1 2=s:张三 3=s:拖欠工资 "
	    "4=s:同日来访\n"
	    "4: 0=d:2017-01-03 1=n:2 2=s:李四 3=s:征地补偿 "
	    "4=s:同日来访\n"
	    "5: 0=d:2017-01-03 1=n:3 2=s:王五 3=s:邻里纠纷 "
	    "4=s:同日来访\n"
	    "6: 0=d:2017-01-05 1=n:4 2=s:赵六 3=s:噪音扰民\n"
	    "7: 0=d:2017-01-05\n"
	    "8: 1=s:钱七 2=s:钱七 3=s:复查\n"
	    "9: 0=s:合计 1=n:5 2=n:5\n"
	    "10: 1=n:5 2=n:5 3=s:end\n");
	free(d);
	/* A sheet without merges: as before, its blank row left out. */
	d = sheet_dump(b, 1);
	CHECK_STR(d, "1: 0=s:a 1=n:1\n3: 1=s:b\n");
	free(d);
	/* Again, from the start. */
	d = sheet_dump(b, 0);
	CHECK(strncmp(d, "1: 0=s:2017年1月来访登记 1=s:",
	    strlen("1: 0=s:2017年1月来访登记 1=s:")) == 0);
	CHECK(strstr(d, "\n7: 0=d:2017-01-05\n") != NULL);
	free(d);
	b->ops->close(b);
}

/* Opening name fails with a message matching want's start. */
static void
refused(const char *name, const char *want)
{
	struct xf_book	*b;
	char		 err[512];

	err[0] = '\0';
	b = xf_xls_open(name[0] == '/' ? name : data(name), err, sizeof err);
	CHECK(b == NULL);
	if (b != NULL) {
		b->ops->close(b);
		return;
	}
	if (strncmp(err, want, strlen(want)) != 0) {
		printf("FAIL %s: got '%s', want '%s...'\n", name, err, want);
		test_failed++;
	} else
		test_passed++;
}

static void
test_refused(void)
{
	char	 tmp[] = "/tmp/t-xls.XXXXXX", file[64];
	FILE	*fp;
	int	 fd;

	refused("unit-encrypted.xls", "an encrypted workbook: open it in "
	    "Excel or WPS, remove the password, save it as .xlsx");
	refused("unit-filepass.xls", "an encrypted workbook");
	refused("unit-word.xls", "not a workbook: a Word document");
	refused("no-such.xls", "No such file");
	refused("items.csv", "not an .xls workbook (no compound file");
	refused("ids.xlsx", "not an .xls workbook: a zip file");

	/* A compound file cut short, and one cut after its header. */
	if ((fd = mkstemp(tmp)) == -1)
		exit(1);
	close(fd);
	snprintf(file, sizeof file, "%s", tmp);
	if ((fp = fopen(file, "wb")) == NULL)
		exit(1);
	fwrite("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 1, 8, fp);
	fclose(fp);
	refused(file, "not a readable .xls workbook: the file is cut short");
	if ((fp = fopen(file, "wb")) == NULL)
		exit(1);
	fwrite("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 1, 8, fp);
	for (fd = 8; fd < 512; fd++)
		fputc(fd == 0x1c || fd == 0x1d ? (fd == 0x1c ? 0xfe : 0xff) :
		    fd == 0x1e ? 9 : 0, fp);
	fclose(fp);
	refused(file, "not a readable .xls workbook: a damaged compound");
	unlink(file);
}

/*
 * unit-merged.xls with bytes of its MERGEDCELLS record (count, then six
 * ranges of rowFirst, rowLast, colFirst, colLast) replaced: n pairs of
 * an offset in the record and a 16-bit value; the file's name in file.
 */
static void
merged_patch(char *file, size_t size, const unsigned *patch, size_t n)
{
	static const unsigned char rec[] = {
		0xe5, 0x00, 0x32, 0x00, 0x06, 0x00
	};
	unsigned char	*buf, *p = NULL;
	size_t		 len, i;
	FILE		*fp;
	int		 fd;

	if ((fp = fopen(data("unit-merged.xls"), "rb")) == NULL ||
	    (buf = malloc(1 << 16)) == NULL)
		exit(1);
	len = fread(buf, 1, 1 << 16, fp);
	fclose(fp);
	for (i = 0; i + sizeof rec <= len && p == NULL; i++)
		if (memcmp(buf + i, rec, sizeof rec) == 0)
			p = buf + i + 4;
	CHECK(p != NULL);
	if (p == NULL)
		exit(1);
	for (i = 0; i < n; i++) {
		p[patch[2 * i]] = patch[2 * i + 1] & 0xff;
		p[patch[2 * i] + 1] = patch[2 * i + 1] >> 8;
	}
	snprintf(file, size, "/tmp/t-xls.XXXXXX");
	if ((fd = mkstemp(file)) == -1 || (fp = fdopen(fd, "wb")) == NULL)
		exit(1);
	fwrite(buf, 1, len, fp);
	fclose(fp);
	free(buf);
}

static void
test_merged_bad(void)
{
	/* A count past what the record holds. */
	static const unsigned count[] = { 0, 0xffff };
	/* Two ranges of the whole sheet: too many cells. */
	static const unsigned area[] = {
		2, 0, 4, 0xffff, 6, 0, 8, 0xff,
		10, 0, 12, 0xffff, 14, 0, 16, 0xff
	};
	/* A3:A5 given upside down, a range of one cell, one past IV. */
	static const unsigned odd[] = {
		10, 4, 12, 2, 34, 7, 36, 7, 38, 1, 40, 1,
		42, 300, 44, 300, 46, 0x100, 48, 0x1ff
	};
	struct xf_book	*b;
	char		 file[64], err[256], *d;

	merged_patch(file, sizeof file, count, 1);
	refused(file, "not a readable .xls workbook: sheet 1: a MERGEDCELLS "
	    "record counts 65535 merged ranges and holds 6");
	unlink(file);
	merged_patch(file, sizeof file, area, 8);
	refused(file, "not a readable .xls workbook: more than 16777216 "
	    "cells in merged ranges");
	unlink(file);

	merged_patch(file, sizeof file, odd, 10);
	b = xf_xls_open(file, err, sizeof err);
	CHECK(b != NULL);
	if (b != NULL) {
		d = sheet_dump(b, 0);
		CHECK(strstr(d, "\n5: 0=d:2017-01-03 1=n:3 ") != NULL);
		CHECK(strstr(d, "\n8: 1=s:钱七 2=s:藏 3=s:复查\n") !=
		    NULL);
		CHECK(strstr(d, "\n9: 0=s:合计 1=n:5\n") != NULL);
		CHECK(strstr(d, "\n10: 3=s:end\n") != NULL);
		free(d);
		b->ops->close(b);
	}
	unlink(file);
}

int
main(void)
{
	test_types();
	test_1904();
	test_merged();
	test_merged_bad();
	test_refused();
	return test_done("t-xls");
}
