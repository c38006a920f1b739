/*
 * t-book.c - workbooks read as records: the header found below title
 * and note rows, cells as text, blank and total rows skipped, a value
 * outside the header's columns, the sheets chosen, origins and cells
 * named in messages.  The workbooks are written here with libxlsxwriter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "xf.h"
#include "test.h"

static char dir[] = "/tmp/t-book-XXXXXX";
static char path[64];

/*
 * A ledger as a county keeps it: a title merged across, a note, the
 * header on row 3, dates with and without a time, ID numbers as text
 * and as a number, a blank row, a total row, a value with no header;
 * and a second sheet, a list of ids.
 */
static void
make_book(void)
{
	lxw_workbook	*wb;
	lxw_worksheet	*ws, *ids;
	lxw_format	*dt, *day;
	lxw_datetime	 t1 = { 2017, 7, 21, 15, 5, 0 };
	lxw_datetime	 t2 = { 2017, 7, 22, 0, 0, 0 };

	snprintf(path, sizeof(path), "%s/台账.xlsx", dir);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, "2017年1月");
	ids = workbook_add_worksheet(wb, "ids");
	dt = workbook_add_format(wb);
	format_set_num_format(dt, "yyyy-mm-dd hh:mm");
	day = workbook_add_format(wb);
	format_set_num_format(day, "yyyy\"年\"m\"月\"d\"日\"");

	worksheet_merge_range(ws, 0, 0, 0, 4, "大厂县信访台账（2017年）", NULL);
	worksheet_write_string(ws, 1, 0, "填报单位：县信访局", NULL);
	worksheet_write_string(ws, 2, 0, "信访日期", NULL);
	worksheet_write_string(ws, 2, 1, "信访人", NULL);
	worksheet_write_string(ws, 2, 2, " 身份证号 ", NULL);
	worksheet_write_string(ws, 2, 3, "人数", NULL);
	worksheet_write_string(ws, 2, 4, "备注", NULL);

	worksheet_write_datetime(ws, 3, 0, &t1, dt);
	worksheet_write_string(ws, 3, 1, "张三", NULL);
	worksheet_write_string(ws, 3, 2, "110101199003071234", NULL);
	worksheet_write_number(ws, 3, 3, 2, NULL);
	worksheet_write_boolean(ws, 3, 4, 1, NULL);

	worksheet_write_string(ws, 4, 1, "\xE3\x80\x80 ", NULL);

	worksheet_write_datetime(ws, 5, 0, &t2, day);
	worksheet_write_string(ws, 5, 1, "李四", NULL);
	worksheet_write_number(ws, 5, 2, 110101199003071234.0, NULL);
	worksheet_write_number(ws, 5, 3, 1.5, NULL);
	worksheet_write_number(ws, 5, 4, 110101900307123.0, NULL);

	worksheet_write_string(ws, 6, 0, "合 计", NULL);
	worksheet_write_number(ws, 6, 3, 3, NULL);

	worksheet_write_string(ws, 7, 1, "王五", NULL);
	worksheet_write_string(ws, 7, 6, "多余", NULL);

	worksheet_write_string(ids, 0, 0, "信访件编号", NULL);
	worksheet_write_string(ids, 1, 0, "20170721-0001", NULL);
	worksheet_write_string(ids, 2, 0, "20170722-0001", NULL);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		perror("t-book: workbook_close");
		exit(1);
	}
}

/* What reading gave: "L<row> key=value ..." or "B<row> why: ...", notices. */
struct got {
	char	 text[4096];
	char	 notes[1024];
	char	 msg[256];
	int	 end;
};

static void
book_read(struct got *g, const char *const *sheets, int all, long hrow)
{
	xf_reader	*rd;
	xf_record	*r;
	const char	*s;
	char		 err[256];
	size_t		 i, n = 0, m = 0;
	int		 k;

	memset(g, 0, sizeof(*g));
	rd = xf_reader_open(path, XF_FORMAT_AUTO, NULL, err, sizeof(err));
	CHECK(rd != NULL);
	if (rd == NULL) {
		printf("t-book: %s\n", err);
		return;
	}
	for (; sheets != NULL && *sheets != NULL; sheets++)
		CHECK(xf_reader_add_sheet(rd, *sheets) == 0);
	if (all)
		xf_reader_all_sheets(rd);
	xf_reader_header_row(rd, hrow);
	r = xf_record_new();
	for (;;) {
		k = xf_reader_next(rd, r);
		while ((s = xf_reader_notice(rd)) != NULL)
			m += (size_t)snprintf(g->notes + m, sizeof(g->notes) - m,
			    "%s\n", s);
		if (k != 1 && k != XF_READ_BAD)
			break;
		CHECK(xf_reader_format(rd) == XF_FORMAT_XLSX);
		if (k == XF_READ_BAD)
			n += (size_t)snprintf(g->text + n, sizeof(g->text) - n,
			    "B%ld %s:", xf_record_line(r), xf_reader_errmsg(rd));
		else
			n += (size_t)snprintf(g->text + n, sizeof(g->text) - n,
			    "L%ld", xf_record_line(r));
		for (i = 0; i < xf_record_count(r); i++)
			n += (size_t)snprintf(g->text + n, sizeof(g->text) - n,
			    " %s=%s", xf_record_key(r, i),
			    xf_record_value(r, i, NULL));
		n += (size_t)snprintf(g->text + n, sizeof(g->text) - n, "\n");
	}
	g->end = k;
	if (k == -1)
		snprintf(g->msg, sizeof(g->msg), "%s", xf_reader_errmsg(rd));
	xf_record_free(r);
	xf_reader_close(rd);
}

static void
test_ledger(void)
{
	struct got	 g;

	book_read(&g, NULL, 0, 0);
	CHECK(g.end == 0);
	CHECK_STR(g.text,
	    "L4 信访日期=2017-07-21 15:05:00 信访人=张三 "
	    "身份证号=110101199003071234 人数=2 备注=TRUE\n"
	    "L6 信访日期=2017-07-22 信访人=李四 "
	    "身份证号=1.10101199003071E+17 人数=1.5 备注=110101900307123\n"
	    "B8 a value in column G, which has no header: 信访日期= "
	    "信访人=王五 身份证号= 人数= 备注=\n");
	CHECK_STR(g.notes, "2017年1月: header in row 3\n"
	    "2017年1月: 1 blank row and 1 total row skipped\n");
}

static void
test_sheets(void)
{
	static const char *const byname[] = { "ids", NULL };
	static const char *const bynumber[] = { "2", "1", NULL };
	static const char *const nosuch[] = { "3", NULL };
	struct got	 g;
	char		*p;

	book_read(&g, byname, 0, 0);
	CHECK(g.end == 0);
	CHECK_STR(g.text, "L2 信访件编号=20170721-0001\n"
	    "L3 信访件编号=20170722-0001\n");
	CHECK_STR(g.notes, "");

	/* In the order asked. */
	book_read(&g, bynumber, 0, 0);
	CHECK(g.end == 0);
	CHECK(strncmp(g.text, "L2 信访件编号=20170721-0001\n"
	    "L3 信访件编号=20170722-0001\nL4 信访日期=", 80) == 0);

	book_read(&g, nosuch, 0, 0);
	CHECK(g.end == -1);
	CHECK_STR(g.msg, "no sheet '3' in the workbook (its sheets: "
	    "'2017年1月', 'ids')");

	book_read(&g, NULL, 1, 0);
	CHECK(g.end == 0);
	p = strstr(g.text, "B8 ");
	CHECK(p != NULL && strcmp(strchr(p, '\n'), "\n"
	    "L2 信访件编号=20170721-0001\nL3 信访件编号=20170722-0001\n") == 0);
}

static void
test_header_row(void)
{
	struct got	 g;

	/* The header given: the same as found. */
	book_read(&g, NULL, 0, 3);
	CHECK(g.end == 0);
	CHECK(strncmp(g.text, "L4 信访日期=2017-07-21 15:05:00", 34) == 0);

	/* A row with nothing in it cannot be the header. */
	book_read(&g, NULL, 0, 50);
	CHECK(g.end == -1);
	CHECK_STR(g.msg, "2017年1月: row 50 is empty: it cannot be the "
	    "header");
}

/* Where a record and its cells came from. */
static void
test_where(void)
{
	xf_reader	*rd;
	xf_record	*r;
	char		 err[256], buf[128];

	rd = xf_reader_open(path, XF_FORMAT_AUTO, NULL, err, sizeof(err));
	r = xf_record_new();
	CHECK(rd != NULL && xf_reader_next(rd, r) == 1);
	CHECK_STR(xf_record_sheet(r), "2017年1月");
	CHECK(xf_record_column(r, 2) == 3);
	CHECK_STR(xf_record_where(r, XF_F_ID_NUMBER, buf, sizeof(buf)),
	    strcat(strcpy(err, path), ": 2017年1月!C4"));
	CHECK_STR(xf_record_where(r, XF_F_PHONE, buf, sizeof(buf)),
	    strcat(strcpy(err, path), ": 2017年1月: row 4"));
	xf_record_set_origin(r, "x.csv", 7);
	CHECK(xf_record_sheet(r) == NULL);
	CHECK_STR(xf_record_where(r, XF_F_ID_NUMBER, buf, sizeof(buf)),
	    "x.csv:7");
	CHECK_STR(xf_column_name(1, buf, sizeof(buf)), "A");
	CHECK_STR(xf_column_name(26, buf, sizeof(buf)), "Z");
	CHECK_STR(xf_column_name(27, buf, sizeof(buf)), "AA");
	CHECK_STR(xf_column_name(16384, buf, sizeof(buf)), "XFD");
	xf_record_free(r);
	xf_reader_close(rd);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("t-book: mkdtemp");
		return 1;
	}
	make_book();
	test_ledger();
	test_sheets();
	test_header_row();
	test_where();
	unlink(path);
	rmdir(dir);
	return test_done("t-book");
}
