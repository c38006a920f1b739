/*
 * t-xlsx.c - the .xlsx reader (lib/xlsx.c): workbooks built here, part
 * by part, with minizip, so that each case is exactly the XML it tests
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <minizip/zip.h>

#include "xf.h"
#include "xf-private.h"
#include "test.h"

static char tmpdir[] = "/tmp/t-xlsx.XXXXXX";
static int ntmp;

#define NS	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/" \
		"2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/" \
		"officeDocument/2006/relationships\""
#define RELNS	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships/"
#define PKGRELS	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships " \
		"xmlns=\"http://schemas.openxmlformats.org/package/2006/" \
		"relationships\">"

/* A part of a zip: its name and text; a NULL name ends a list. */
struct part {
	const char	*name;
	const char	*text;
	size_t		 len;		/* 0: strlen(text) */
};

/* A new zip of the parts (stored when store, else deflated). */
static void
zip_make(char *path, size_t size, const struct part *parts, int store)
{
	zipFile		 zf;
	zip_fileinfo	 zi;
	size_t		 len;

	snprintf(path, size, "%s/%d.xlsx", tmpdir, ntmp++);
	if ((zf = zipOpen64(path, APPEND_STATUS_CREATE)) == NULL) {
		printf("zipOpen64 %s failed\n", path);
		exit(1);
	}
	memset(&zi, 0, sizeof(zi));
	for (; parts->name != NULL; parts++) {
		len = parts->len ? parts->len : strlen(parts->text);
		if (zipOpenNewFileInZip(zf, parts->name, &zi, NULL, 0, NULL, 0,
		    NULL, store ? 0 : Z_DEFLATED, Z_DEFAULT_COMPRESSION) !=
		    ZIP_OK ||
		    zipWriteInFileInZip(zf, parts->text, (unsigned)len) !=
		    ZIP_OK || zipCloseFileInZip(zf) != ZIP_OK) {
			printf("writing %s into %s failed\n", parts->name, path);
			exit(1);
		}
	}
	if (zipClose(zf, NULL) != ZIP_OK) {
		printf("zipClose %s failed\n", path);
		exit(1);
	}
}

static const char ctypes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"xml\" ContentType=\""
    "application/xml\"/><Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet.main+xml\"/></Types>";

static const char pkgrels[] = PKGRELS
    "<Relationship Id=\"rId1\" Type=\"" RELNS "officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";

static const char wbrels[] = PKGRELS
    "<Relationship Id=\"rId1\" Type=\"" RELNS "worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" RELNS "styles\" "
    "Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" RELNS "sharedStrings\" "
    "Target=\"sharedStrings.xml\"/></Relationships>";

static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook " NS ">"
    "<sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
    "</workbook>";

static const char workbook1904[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook " NS ">"
    "<workbookPr date1904=\"true\"/>"
    "<sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
    "</workbook>";

/*
 * Cell formats: 0 General; 1 built-in 14 (a date); 2 yyyy"年"m"月"d"日";
 * 3 [$-804]yyyy/m/d; 4 m/d/yy h:mm; 5 built-in 2 (0.00); 6 "年"0;
 * 7 built-in 21 (h:mm:ss); 8 h"时"mm"分"; 9 built-in 22; 10 built-in 31
 * (zh-CN yyyy"年"m"月"d"日"); 11 General; 12 [h]:mm:ss; 13 mm:ss;
 * 14 yyyy-mm-dd hh:mm:ss; 15 0.00E+00; 16 [Red]#,##0;"m"0;
 * 17 h:mm AM/PM; 18 yyyy\-mm\-dd; 19 0_m* ;@ (no date).
 */
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet " NS ">"
    "<numFmts count=\"11\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月"
    "&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[$-804]yyyy/m/d\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"m/d/yy h:mm\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"&quot;年&quot;0\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"h&quot;时&quot;mm&quot;分"
    "&quot;\"/>"
    "<numFmt numFmtId=\"169\" formatCode=\"General\"/>"
    "<numFmt numFmtId=\"170\" formatCode=\"[h]:mm:ss\"/>"
    "<numFmt numFmtId=\"171\" formatCode=\"mm:ss\"/>"
    "<numFmt numFmtId=\"172\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>"
    "<numFmt numFmtId=\"173\" formatCode=\"0.00E+00\"/>"
    "<numFmt numFmtId=\"174\" formatCode=\"[Red]#,##0;&quot;m&quot;0\"/>"
    "<numFmt numFmtId=\"175\" formatCode=\"h:mm AM/PM\"/>"
    "<numFmt numFmtId=\"176\" formatCode=\"yyyy\\-mm\\-dd\"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"0_m* ;@\"/>"
    "</numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"17\">"
    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
    "<xf numFmtId=\"2\"/><xf numFmtId=\"167\"/><xf numFmtId=\"21\"/>"
    "<xf numFmtId=\"168\"/><xf numFmtId=\"22\"/><xf numFmtId=\"31\"/>"
    "<xf numFmtId=\"169\"/><xf numFmtId=\"170\"/><xf numFmtId=\"171\"/>"
    "<xf numFmtId=\"172\"/><xf numFmtId=\"173\"/><xf numFmtId=\"174\"/>"
    "<xf numFmtId=\"175\"/><xf numFmtId=\"176\"/><xf numFmtId=\"177\"/>"
    "</cellXfs></styleSheet>";

static const char sst[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst " NS " count=\"5\" "
    "uniqueCount=\"5\">"
    "<si><t>信访人</t></si>"
    "<si><t xml:space=\"preserve\">  two  spaces  </t></si>"
    "<si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ZHANG</t></rPh><phoneticPr fontId=\"1\"/>"
    "</si>"
    "<si><t>line_x000D_\nbreak _x005F_x0041_ a_x0041_</t></si>"
    "<si><t></t></si>"
    "<si><t>_x00E9__x4E2D__xD83D__xDE00__xD800_z_x0000_</t></si>"
    "</sst>";

/* A workbook of one sheet (the XML given), with these strings. */
static void
book1(char *path, size_t size, const char *sheet, const char *wb,
    const char *strings)
{
	struct part	 parts[] = {
		{ "[Content_Types].xml", ctypes, 0 },
		{ "_rels/.rels", pkgrels, 0 },
		{ "xl/workbook.xml", wb != NULL ? wb : workbook, 0 },
		{ "xl/_rels/workbook.xml.rels", wbrels, 0 },
		{ "xl/styles.xml", styles, 0 },
		{ "xl/worksheets/sheet1.xml", sheet, 0 },
		{ strings != NULL ? "xl/sharedStrings.xml" : NULL,
		    strings, 0 },
		{ NULL, NULL, 0 }
	};

	zip_make(path, size, parts, 0);
}

/*
 * What reading sheet i gave: "R: A=t'text' B=n12 C=d'2017-07-21' ...\n"
 * a row, then "end" or "error: MESSAGE"; or "open: MESSAGE".
 */
static char *
dump(const char *path, int i, int *width)
{
	static const char	 tag[] = "tndbe";	/* by enum xf_cell_type */
	struct xf_book		*bk;
	const struct xf_cell	*c;
	struct xf_buf		 b = { 0 };
	char			 err[512], name[16];
	size_t			 n, k;
	long			 row, last = 0;
	int			 rc;

	if ((bk = xf_xlsx_open(path, err, sizeof(err))) == NULL) {
		xf_buf_printf(&b, "open: %s", err);
		return b.p;
	}
	if (bk->ops->sheet_open(bk, i, err, sizeof(err)) == -1) {
		xf_buf_printf(&b, "sheet: %s", err);
		bk->ops->close(bk);
		return b.p;
	}
	if (width != NULL)
		*width = bk->ops->sheet_width(bk);
	while ((rc = bk->ops->row_next(bk, &row, &c, &n, err,
	    sizeof(err))) == 1) {
		if (row <= last)
			xf_buf_printf(&b, "(row %ld after %ld) ", row, last);
		last = row;
		xf_buf_printf(&b, "%ld:", row);
		for (k = 0; k < n; k++) {
			if (k > 0 && c[k].col <= c[k - 1].col)
				xf_buf_adds(&b, " (column order)");
			xf_column_name(c[k].col + 1, name, sizeof(name));
			if ((unsigned)c[k].type >= sizeof(tag) - 1)
				xf_buf_printf(&b, " %s=(type %d)", name,
				    (int)c[k].type);
			else if (c[k].type == XF_CELL_NUMBER ||
			    c[k].type == XF_CELL_BOOL)
				xf_buf_printf(&b, " %s=%c%.15g", name,
				    tag[c[k].type], c[k].num);
			else
				xf_buf_printf(&b, " %s=%c'%s'", name,
				    tag[c[k].type], c[k].s);
			if (c[k].s == NULL || strlen(c[k].s) != c[k].len)
				xf_buf_adds(&b, "(bad len)");
		}
		xf_buf_adds(&b, "\n");
	}
	if (rc == 0) {
		xf_buf_adds(&b, "end");
		/* And again: still the end. */
		if (bk->ops->row_next(bk, &row, &c, &n, err,
		    sizeof(err)) != 0)
			xf_buf_adds(&b, " (not the end twice)");
	} else {
		xf_buf_printf(&b, "error: %s", err);
		if (bk->ops->row_next(bk, &row, &c, &n, err,
		    sizeof(err)) != -1)
			xf_buf_adds(&b, " (not an error twice)");
	}
	bk->ops->close(bk);
	return b.p;
}

/* got (malloc'd, freed here) compared with want. */
static void
check_got(int line, char *got, const char *want)
{
	if (strcmp(got, want) == 0)
		test_passed++;
	else {
		test_failed++;
		printf("FAIL %s:%d:\n got: %s\nwant: %s\n", __FILE__, line,
		    got, want);
	}
	free(got);
}

/* The sheet's rows as dump() gives them, compared with want. */
static void
check_sheet(int line, const char *sheet, const char *wb,
    const char *strings, const char *want)
{
	char	 path[256];

	book1(path, sizeof(path), sheet, wb, strings);
	check_got(line, dump(path, 0, NULL), want);
	unlink(path);
}

#define SHEET(rows) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<worksheet " NS "><dimension ref=\"A1:K300\"/><sheetData>" rows \
	"</sheetData></worksheet>"

static void
test_values(void)
{
	check_sheet(__LINE__, SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	    "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
	    "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c>"
	    "<c r=\"F1\" s=\"1\"/><c r=\"G1\" t=\"s\"><v> 5 </v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>内联</t></is></c>"
	    "<c r=\"B2\" t=\"inlineStr\"><is><r><t>A</t></r><r><t xml:space="
	    "\"preserve\"> B</t></r><rPh><t>x</t></rPh></is></c>"
	    "<c r=\"C2\"><v>12</v></c><c r=\"D2\" t=\"n\"><v>-0.25</v></c>"
	    "<c r=\"E2\"><v>1.5E+20</v></c>"
	    "<c r=\"F2\"><v>13800138000</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"b\"><v>1</v></c>"
	    "<c r=\"B3\" t=\"b\"><v>0</v></c>"
	    "<c r=\"C3\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"D3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
	    "<c r=\"E3\" t=\"str\"><f>A2&amp;\"x\"</f><v>内联x</v></c>"
	    "<c r=\"F3\"><f>SUM(C2:D2)</f><v>11.75</v></c>"
	    "<c r=\"G3\"><f>NOW()</f></c>"
	    "<c r=\"H3\" t=\"str\"><f>\"\"</f><v></v></c>"
	    "<c r=\"I3\" t=\"str\"><v>a_x000A_b</v></c></row>"
	    "<row r=\"4\" spans=\"1:3\"/>"
	    "<row r=\"5\"><c r=\"XFD5\"><v>7</v></c></row>"),
	    NULL, sst,
	    "1: A=t'信访人' B=t'  two  spaces  ' C=t'张三' "
	    "D=t'line\r\nbreak _x0041_ aA' G=t'é中😀_xD800_z_x0000_'\n"
	    "2: A=t'内联' B=t'A B' C=n12 D=n-0.25 E=n1.5e+20 F=n13800138000\n"
	    "3: A=b1 B=b0 C=e'#N/A' D=e'#DIV/0!' E=t'内联x' F=n11.75 "
	    "I=t'a\nb'\n"
	    "5: XFD=n7\n"
	    "end");
}

static void
test_dates(void)
{
	check_sheet(__LINE__, SHEET(
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>42937</v></c>"
	    "<c r=\"B1\" s=\"2\"><v>42937</v></c>"
	    "<c r=\"C1\" s=\"3\"><v>42937</v></c>"
	    "<c r=\"D1\" s=\"4\"><v>42937.5</v></c>"
	    "<c r=\"E1\" s=\"5\"><v>42937</v></c>"
	    "<c r=\"F1\" s=\"6\"><v>42937</v></c>"
	    "<c r=\"G1\" s=\"7\"><v>0.5</v></c>"
	    "<c r=\"H1\" s=\"8\"><v>0.75</v></c>"
	    "<c r=\"I1\" s=\"9\"><v>42937.25</v></c>"
	    "<c r=\"J1\" s=\"10\"><v>42937</v></c>"
	    "<c r=\"K1\" s=\"11\"><v>42937</v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>43302.5</v></c>"
	    "<c r=\"B2\" s=\"1\"><v>60</v></c>"
	    "<c r=\"C2\" s=\"1\"><v>59</v></c>"
	    "<c r=\"D2\" s=\"1\"><v>61</v></c>"
	    "<c r=\"E2\" s=\"1\"><v>1</v></c>"
	    "<c r=\"F2\" s=\"1\"><v>43302.999999999</v></c>"
	    "<c r=\"G2\" s=\"1\"><v>43302.00001</v></c>"
	    "<c r=\"H2\" s=\"7\"><v>1.5</v></c>"
	    "<c r=\"I2\" s=\"1\"><v>-1</v></c>"
	    "<c r=\"J2\" s=\"1\"><v>2958465</v></c>"
	    "<c r=\"K2\" s=\"1\"><v>2958466</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" s=\"12\"><v>1.25</v></c>"
	    "<c r=\"B3\" s=\"12\"><v>0.25</v></c>"
	    "<c r=\"C3\" s=\"13\"><v>0.0006944444</v></c>"
	    "<c r=\"D3\" s=\"14\"><v>42937</v></c>"
	    "<c r=\"E3\" s=\"15\"><v>42937</v></c>"
	    "<c r=\"F3\" s=\"16\"><v>42937</v></c>"
	    "<c r=\"G3\" s=\"99\"><v>42937</v></c>"
	    "<c r=\"H3\" t=\"d\"><v>2018-07-21T12:30:00Z</v></c>"
	    "<c r=\"I3\" t=\"d\"><v>2018-07-21</v></c>"
	    "<c r=\"J3\" t=\"d\" s=\"7\"><v>12:30:00.6</v></c>"
	    "<c r=\"K3\" t=\"d\"><v>2018-02-30</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" s=\"1\"><v>0</v></c>"
	    "<c r=\"B4\" s=\"4\"><v>0.5</v></c>"
	    "<c r=\"C4\" s=\"7\"><v>0</v></c>"
	    "<c r=\"D4\" s=\"17\"><v>0.75</v></c>"
	    "<c r=\"E4\" s=\"18\"><v>42937</v></c>"
	    "<c r=\"F4\" s=\"19\"><v>42937</v></c>"
	    "<c r=\"G4\" t=\"d\"><v>2018-07-21T23:59:59.7+08:00</v></c>"
	    "<c r=\"H4\" t=\"d\"><v>08:30</v></c>"
	    "<c r=\"I4\"><v>abc</v></c>"
	    "<c r=\"J4\" t=\"zz\"><v> 5 </v></c></row>"),
	    NULL, NULL,
	    "1: A=d'2017-07-21' B=d'2017-07-21' C=d'2017-07-21' "
	    "D=d'2017-07-21 12:00:00' E=n42937 F=n42937 G=d'12:00:00' "
	    "H=d'18:00:00' I=d'2017-07-21 06:00:00' J=d'2017-07-21' "
	    "K=n42937\n"
	    "2: A=d'2018-07-21 12:00:00' B=d'1900-02-29' C=d'1900-02-28' "
	    "D=d'1900-03-01' E=d'1900-01-01' F=d'2018-07-22' "
	    "G=d'2018-07-21 00:00:01' H=d'1900-01-01 12:00:00' I=n-1 "
	    "J=d'9999-12-31' K=n2958466\n"
	    "3: A=d'1900-01-01 06:00:00' B=d'06:00:00' C=d'00:01:00' "
	    "D=d'2017-07-21 00:00:00' E=n42937 F=n42937 G=n42937 "
	    "H=d'2018-07-21 12:30:00' I=d'2018-07-21' J=d'12:30:01' "
	    "K=t'2018-02-30'\n"
	    "4: A=n0 B=n0.5 C=d'00:00:00' D=d'18:00:00' E=d'2017-07-21' "
	    "F=n42937 G=d'2018-07-22' H=d'08:30:00' I=t'abc' J=n5\n"
	    "end");
	/* The 1904 date system. */
	check_sheet(__LINE__, SHEET(
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c>"
	    "<c r=\"B1\" s=\"1\"><v>41475</v></c>"
	    "<c r=\"C1\" s=\"4\"><v>41475.75</v></c>"
	    "<c r=\"D1\" s=\"7\"><v>0.5</v></c></row>"),
	    workbook1904, NULL,
	    "1: A=d'1904-01-01' B=d'2017-07-21' C=d'2017-07-21 18:00:00' "
	    "D=d'12:00:00'\n"
	    "end");
}

static void
test_merged(void)
{
	/* Across columns; across rows, with a row the XML leaves out; a
	 * stray value inside a range; a range past the last row. */
	check_sheet(__LINE__, SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c>"
	    "</row>"
	    "<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"B3\" s=\"1\"><v>42937"
	    "</v></c><c r=\"C3\"><v>99</v></c></row>"
	    "<row r=\"5\"><c r=\"D5\"><v>5</v></c></row>"
	    "<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>x</t></is></c>"
	    "</row>")
	    "", NULL, NULL,
	    "1: A=t'标题'\n3: A=n1 B=d'2017-07-21' C=n99\n5: D=n5\n"
	    "7: A=t'x'\nend");
	check_sheet(__LINE__, "<worksheet " NS "><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c>"
	    "</row>"
	    "<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"B3\" s=\"1\"><v>42937"
	    "</v></c><c r=\"C3\"><v>99</v></c></row>"
	    "<row r=\"5\"><c r=\"D5\"><v>5</v></c></row>"
	    "<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>x</t></is></c>"
	    "</row></sheetData>"
	    "<mergeCells count=\"5\"><mergeCell ref=\"A1:C1\"/>"
	    "<mergeCell ref='C5:B3' />"
	    "<mergeCell\n ref=\"A7:A9\"/><mergeCell ref=\"E1:E1\"/>"
	    "<mergeCell ref=\"F1:G2\"/></mergeCells></worksheet>",
	    NULL, NULL,
	    "1: A=t'标题' B=t'标题' C=t'标题'\n"
	    "3: A=n1 B=d'2017-07-21' C=d'2017-07-21'\n"
	    "4: B=d'2017-07-21' C=d'2017-07-21'\n"
	    "5: B=d'2017-07-21' C=d'2017-07-21' D=n5\n"
	    "7: A=t'x'\n8: A=t'x'\n9: A=t'x'\n"
	    "end");
	/* Prefixed, and overlapping ranges (the first wins). */
	check_sheet(__LINE__, "<x:worksheet xmlns:x=\"urn:x\"><x:sheetData>"
	    "<x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c>"
	    "<x:c><x:v>3</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row>"
	    "</x:sheetData><x:mergeCells><x:mergeCell ref=\"B1:C2\"/>"
	    "<x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>",
	    NULL, NULL,
	    "1: A=n1 B=n1 C=n2 D=n4\n2: B=n2 C=n2\nend");
}

static void
test_structure(void)
{
	char	 path[256], *got;
	int	 width = 0;

	/* Missing r attributes: the next row, the next column. */
	check_sheet(__LINE__, SHEET(
	    "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E1\"><v>5</v></c>"
	    "<c><v>6</v></c></row>"
	    "<row/><row><c r=\"B3\"><v>3</v></c></row>"
	    "<row r=\"10\"><c><v>10</v></c></row><row><c><v>11</v></c></row>"),
	    NULL, NULL,
	    "1: A=n1 B=n2 E=n5 F=n6\n3: B=n3\n10: A=n10\n11: A=n11\nend");
	/* Prefixed element names, strict OOXML namespaces. */
	{
		static const char wb[] = "<x:workbook xmlns:x=\"http://purl."
		    "oclc.org/ooxml/spreadsheetml/main\" xmlns:rr=\"http://"
		    "purl.oclc.org/ooxml/officeDocument/relationships\">"
		    "<x:sheets><x:sheet name=\"S\" sheetId=\"1\" rr:id=\"rId1\"/>"
		    "</x:sheets></x:workbook>";
		static const char rels[] = PKGRELS "<Relationship Id=\"rId1\" "
		    "Type=\"http://purl.oclc.org/ooxml/officeDocument/"
		    "relationships/worksheet\" Target=\"/xl/worksheets/"
		    "sheet1.xml\"/><Relationship Id=\"rId3\" Type=\"http://"
		    "purl.oclc.org/ooxml/officeDocument/relationships/"
		    "sharedStrings\" Target=\"./strings/../sharedStrings.xml\"/>"
		    "</Relationships>";
		static const char sh[] = "<x:worksheet xmlns:x=\"http://purl."
		    "oclc.org/ooxml/spreadsheetml/main\"><x:dimension ref=\"B2:"
		    "C3\"/><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"s\">"
		    "<x:v>0</x:v></x:c><x:c r=\"C2\" t=\"inlineStr\"><x:is>"
		    "<x:t>i</x:t></x:is></x:c></x:row></x:sheetData>"
		    "</x:worksheet>";
		static const char ss[] = "<x:sst xmlns:x=\"urn:x\"><x:si><x:r>"
		    "<x:t>p</x:t></x:r><x:r><x:t>q</x:t></x:r><x:rPh><x:t>no"
		    "</x:t></x:rPh></x:si></x:sst>";
		struct part parts[] = {
			{ "_rels/.rels", pkgrels, 0 },
			{ "xl/workbook.xml", wb, 0 },
			{ "xl/_rels/workbook.xml.rels", rels, 0 },
			{ "xl/worksheets/sheet1.xml", sh, 0 },
			{ "xl/sharedStrings.xml", ss, 0 },
			{ NULL, NULL, 0 }
		};

		zip_make(path, sizeof(path), parts, 1);
		got = dump(path, 0, &width);
		CHECK_STR(got, "2: B=t'pq' C=t'i'\nend");
		CHECK(width == 3);
		free(got);
		unlink(path);
	}
	/* The dimension: K is 11 columns; none, unknown. */
	book1(path, sizeof(path), SHEET(""), NULL, NULL);
	got = dump(path, 0, &width);
	CHECK_STR(got, "end");
	CHECK(width == 11);
	free(got);
	unlink(path);
	book1(path, sizeof(path), "<worksheet><sheetData><row><c><v>1</v>"
	    "</c></row></sheetData></worksheet>", NULL, NULL);
	got = dump(path, 0, &width);
	CHECK_STR(got, "1: A=n1\nend");
	CHECK(width == -1);
	free(got);
	unlink(path);
	/* A target percent-encoded, a part name with a space. */
	{
		static const char rels[] = PKGRELS "<Relationship Id=\"rId1\" "
		    "Type=\"" RELNS "worksheet\" Target=\"worksheets/sheet%201"
		    ".xml\"/></Relationships>";
		struct part parts[] = {
			{ "xl/workbook.xml", workbook, 0 },
			{ "xl/_rels/workbook.xml.rels", rels, 0 },
			{ "xl/worksheets/sheet 1.xml", SHEET("<row><c><v>1</v>"
			    "</c></row>"), 0 },
			{ NULL, NULL, 0 }
		};

		zip_make(path, sizeof(path), parts, 0);
		got = dump(path, 0, NULL);
		CHECK_STR(got, "1: A=n1\nend");
		free(got);
		unlink(path);
	}
	/* No sheetData at all. */
	check_sheet(__LINE__, "<worksheet/>", NULL, NULL, "end");
}

/* Several sheets in workbook order, a chart sheet, no content types. */
static void
test_sheets(void)
{
	static const char wb[] = "<workbook " NS "><sheets>"
	    "<sheet name=\"二\" sheetId=\"2\" r:id=\"rId2\"/>"
	    "<sheet name=\"Chart\" sheetId=\"3\" r:id=\"rId3\"/>"
	    "<sheet name=\"一\" sheetId=\"1\" r:id=\"rId1\"/>"
	    "<sheet name=\"lost\" sheetId=\"4\" r:id=\"rId9\"/>"
	    "</sheets></workbook>";
	static const char rels[] = PKGRELS
	    "<Relationship Id=\"rId1\" Type=\"" RELNS "worksheet\" "
	    "Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" RELNS "worksheet\" "
	    "Target=\"/xl/worksheets/sheet2.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" RELNS "chartsheet\" "
	    "Target=\"chartsheets/sheet1.xml\"/></Relationships>";
	struct part parts[] = {
		{ "_rels/.rels", pkgrels, 0 },
		{ "xl/workbook.xml", wb, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml", SHEET("<row><c><v>1</v></c>"
		    "</row><row><c><v>2</v></c></row>"), 0 },
		{ "xl/worksheets/sheet2.xml", SHEET("<row><c><v>22</v></c>"
		    "</row>"), 0 },
		{ "xl/chartsheets/sheet1.xml", "<chartsheet/>", 0 },
		{ NULL, NULL, 0 }
	};
	struct xf_book	*bk;
	const struct xf_cell *c;
	char		 path[256], err[256];
	size_t		 n;
	long		 row;

	zip_make(path, sizeof(path), parts, 0);
	if ((bk = xf_xlsx_open(path, err, sizeof(err))) == NULL) {
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, err);
		test_failed++;
		return;
	}
	CHECK(strcmp(bk->ops->name, "xlsx") == 0);
	CHECK(bk->ops->nsheets(bk) == 4);
	CHECK_STR(bk->ops->sheet_name(bk, 0), "二");
	CHECK_STR(bk->ops->sheet_name(bk, 1), "Chart");
	CHECK_STR(bk->ops->sheet_name(bk, 2), "一");
	CHECK(bk->ops->sheet_name(bk, 4) == NULL);
	CHECK(bk->ops->sheet_name(bk, -1) == NULL);
	/* No sheet open yet. */
	CHECK(bk->ops->sheet_width(bk) == -1);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == -1);
	CHECK_STR(err, "no sheet is open");
	/* Half a sheet, then another, then the first again. */
	CHECK(bk->ops->sheet_open(bk, 2, err, sizeof(err)) == 0);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == 1);
	CHECK(row == 1 && n == 1 && c[0].num == 1);
	CHECK(bk->ops->sheet_open(bk, 0, err, sizeof(err)) == 0);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == 1);
	CHECK(row == 1 && n == 1 && c[0].num == 22);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == 0);
	CHECK(bk->ops->sheet_open(bk, 1, err, sizeof(err)) == 0);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == 0);
	CHECK(bk->ops->sheet_open(bk, 2, err, sizeof(err)) == 0);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == 1);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == 1);
	CHECK(row == 2 && n == 1 && c[0].num == 2);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == 0);
	CHECK(bk->ops->sheet_open(bk, 3, err, sizeof(err)) == -1);
	CHECK(strstr(err, "no part") != NULL);
	CHECK(bk->ops->row_next(bk, &row, &c, &n, err, sizeof(err)) == -1);
	CHECK(bk->ops->sheet_open(bk, 4, err, sizeof(err)) == -1);
	bk->ops->close(bk);
	unlink(path);
}

/* Zips that are no .xlsx, and damaged ones. */
static void
test_other(void)
{
	static const char *const want[] = {
		"an OpenDocument spreadsheet (.ods), not an Excel workbook: "
		    "save it as .xlsx (Excel 2007-365) and give that file",
		"an OpenDocument text document (.odt), not an Excel workbook",
		"an Apple Numbers file (.numbers), not an Excel workbook",
		"an Apple Numbers file (.numbers), not an Excel workbook",
		"an Excel binary workbook (.xlsb), not an .xlsx: save it as",
		"an Excel binary workbook (.xlsb), not an .xlsx: save it as",
		"a zip archive that holds no Excel workbook",
		"a Word document (.docx), not an Excel workbook",
		"a PowerPoint presentation (.pptx), not an Excel workbook",
		"a PowerPoint presentation (.pptx), not an Excel workbook",
	};
	static const char xlsbct[] = "<Types><Override PartName=\"/xl/"
	    "workbook.bin\" ContentType=\"application/vnd.ms-excel.sheet."
	    "binary.macroEnabled.main\"/></Types>";
	static const char docrels[] = PKGRELS "<Relationship Id=\"rId1\" "
	    "Type=\"" RELNS "officeDocument\" Target=\"word/document.xml\"/>"
	    "</Relationships>";
	static const char pptrels[] = PKGRELS "<Relationship Id=\"rId1\" "
	    "Type=\"" RELNS "officeDocument\" Target=\"ppt/presentation.xml\"/>"
	    "</Relationships>";
	static const char binrels[] = PKGRELS "<Relationship Id=\"rId1\" "
	    "Type=\"" RELNS "officeDocument\" Target=\"xl/workbook.bin\"/>"
	    "</Relationships>";
	const struct part zips[][4] = {
		{ { "mimetype", "application/vnd.oasis.opendocument."
		    "spreadsheet", 0 }, { "content.xml", "<x/>", 0 },
		    { NULL, NULL, 0 } },
		{ { "mimetype", "application/vnd.oasis.opendocument.text",
		    0 }, { NULL, NULL, 0 } },
		{ { "Index/Document.iwa", "\x01\x02", 2 },
		    { "Metadata/Properties.plist", "x", 0 },
		    { NULL, NULL, 0 } },
		{ { "Index.zip", "PK", 0 }, { NULL, NULL, 0 } },
		{ { "[Content_Types].xml", xlsbct, 0 },
		    { "xl/workbook.bin", "\x83\x01", 2 }, { NULL, NULL, 0 } },
		{ { "_rels/.rels", binrels, 0 },
		    { "xl/workbook.bin", "\x83\x01", 2 }, { NULL, NULL, 0 } },
		{ { "hello.txt", "hello", 0 }, { NULL, NULL, 0 } },
		{ { "_rels/.rels", docrels, 0 },
		    { "word/document.xml", "<w:document xmlns:w=\"urn:w\"/>",
		    0 }, { NULL, NULL, 0 } },
		{ { "_rels/.rels", pptrels, 0 },
		    { "ppt/presentation.xml", "<p:presentation "
		    "xmlns:p=\"urn:p\"/>", 0 }, { NULL, NULL, 0 } },
		{ { "ppt/presentation.xml", "<p:presentation/>", 0 },
		    { NULL, NULL, 0 } },
	};
	struct xf_book	*bk;
	char		 path[256], err[256];
	size_t		 i;

	for (i = 0; i < sizeof(zips) / sizeof(zips[0]); i++) {
		zip_make(path, sizeof(path), zips[i], i % 2);
		bk = xf_xlsx_open(path, err, sizeof(err));
		CHECK(bk == NULL);
		if (bk == NULL && strncmp(err, want[i], strlen(want[i])) != 0) {
			printf("FAIL %s:%d: zip %zu: got '%s', want '%s'\n",
			    __FILE__, __LINE__, i, err, want[i]);
			test_failed++;
		}
		if (bk != NULL)
			bk->ops->close(bk);
		unlink(path);
	}
}

/* The first len bytes of file from into a new file. */
static void
truncate_copy(const char *from, char *path, size_t size, long len)
{
	FILE	*in, *out;
	int	 ch;

	snprintf(path, size, "%s/%d.xlsx", tmpdir, ntmp++);
	if ((in = fopen(from, "rb")) == NULL ||
	    (out = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	while (len-- > 0 && (ch = getc(in)) != EOF)
		putc(ch, out);
	fclose(in);
	fclose(out);
}

/* The message of opening and reading path, or "" when it all went well. */
static char *
problem(const char *path)
{
	char	*got = dump(path, 0, NULL), *e;

	if ((e = strstr(got, "open: ")) == NULL &&
	    (e = strstr(got, "sheet: ")) == NULL &&
	    (e = strstr(got, "error: ")) == NULL)
		e = got + strlen(got);
	memmove(got, e, strlen(e) + 1);
	return got;
}

/* Like check_sheet(), but only what problem() gives. */
static void
check_sheet_problem(int line, const char *sheet, const char *strings,
    const char *want)
{
	char	 path[256];

	book1(path, sizeof(path), sheet, NULL, strings);
	check_got(line, problem(path), want);
	unlink(path);
}

static void
check_problem(int line, const char *path, const char *want)
{
	char	*got = problem(path);

	if (*want == '\0' ? *got == '\0' : strstr(got, want) != NULL)
		test_passed++;
	else {
		test_failed++;
		printf("FAIL %s:%d: got '%s', want '%s'\n", __FILE__, line,
		    got, want);
	}
	free(got);
}

static void
test_damaged(void)
{
	char	 path[256], cut[256], *big;
	size_t	 i;
	long	 size;
	FILE	*f;

	/* A truncated file: the zip's directory is gone. */
	book1(path, sizeof(path), SHEET("<row><c><v>1</v></c></row>"), NULL,
	    sst);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	truncate_copy(path, cut, sizeof(cut), size / 2);
	check_problem(__LINE__, cut, "open: not a readable .xlsx workbook: "
	    "not a zip archive, or a damaged or incomplete one");
	unlink(cut);
	truncate_copy(path, cut, sizeof(cut), 0);
	check_problem(__LINE__, cut, "open: not a readable .xlsx workbook");
	unlink(cut);
	unlink(path);
	/* Damaged data inside: a byte of a stored part changed. */
	{
		struct part parts[] = {
			{ "xl/workbook.xml", workbook, 0 },
			{ "xl/_rels/workbook.xml.rels", wbrels, 0 },
			{ "xl/worksheets/sheet1.xml",
			    SHEET("<row><c><v>12345</v></c></row>"), 0 },
			{ NULL, NULL, 0 }
		};
		char	*data, *at;

		zip_make(path, sizeof(path), parts, 1);
		f = fopen(path, "r+b");
		data = calloc(1, 65536);
		size = (long)fread(data, 1, 65535, f);
		for (at = data + 100; at < data + size - 5 &&
		    memcmp(at, "12345", 5) != 0; at++)
			continue;
		if (at >= data + size - 5)
			at = NULL;
		if (at != NULL) {
			fseek(f, at - data, SEEK_SET);
			putc('9', f);
		}
		fclose(f);
		CHECK(at != NULL && size > 0);
		free(data);
		check_problem(__LINE__, path, "sheet: not a readable .xlsx "
		    "workbook: xl/worksheets/sheet1.xml: damaged (bad "
		    "checksum)");
		unlink(path);
	}
	check_problem(__LINE__, "/nonexistent/x.xlsx",
	    "open: No such file or directory");
	check_problem(__LINE__, tmpdir, "open: not a regular file");
	/* XML errors name the part and line. */
	check_sheet(__LINE__, "<worksheet>\n<sheetData>\n<row><c></row>"
	    "</sheetData></worksheet>", NULL, NULL,
	    "error: not a readable .xlsx workbook: xl/worksheets/sheet1.xml: "
	    "XML error at line 3: mismatched tag");
	check_sheet(__LINE__, "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
	    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&a;</t>"
	    "</is></c></row></sheetData></worksheet>", NULL, NULL,
	    "sheet: not a readable .xlsx workbook: xl/worksheets/sheet1.xml: "
	    "a DOCTYPE, which is not allowed");
	check_sheet(__LINE__, SHEET("<row><c><v>1</v></c></row>"),
	    "<!DOCTYPE workbook SYSTEM \"http://example.com/x.dtd\">"
	    "<workbook/>", NULL,
	    "open: not a readable .xlsx workbook: xl/workbook.xml: a DOCTYPE, "
	    "which is not allowed");
	check_sheet(__LINE__, SHEET("<row><c><v>1</v></c></row>"), NULL,
	    "<!DOCTYPE sst [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>"
	    "<sst/>",
	    "open: not a readable .xlsx workbook: xl/sharedStrings.xml: a "
	    "DOCTYPE, which is not allowed");
	/* Rows and cells out of order, bad references, bad indexes. */
	check_sheet(__LINE__, SHEET("<row r=\"2\"><c><v>1</v></c></row>"
	    "<row r=\"2\"/>"), NULL, NULL,
	    "2: A=n1\nerror: not a readable .xlsx workbook: "
	    "xl/worksheets/sheet1.xml: row 2 comes after row 2");
	check_sheet(__LINE__, SHEET("<row r=\"1048577\"/>"), NULL, NULL,
	    "error: not a readable .xlsx workbook: xl/worksheets/sheet1.xml: "
	    "bad row number '1048577'");
	check_sheet(__LINE__, SHEET("<row r=\"3\"><c r=\"C3\"/><c r=\"B3\"/>"
	    "</row>"), NULL, NULL,
	    "error: not a readable .xlsx workbook: xl/worksheets/sheet1.xml: "
	    "cell B3 comes after cell C3");
	check_sheet(__LINE__, SHEET("<row><c r=\"XFE1\"/></row>"), NULL,
	    NULL, "error: not a readable .xlsx workbook: "
	    "xl/worksheets/sheet1.xml: row 1: bad cell reference 'XFE1'");
	check_sheet(__LINE__, SHEET("<row><c r=\"XFD1\"/><c/></row>"), NULL,
	    NULL, "error: not a readable .xlsx workbook: "
	    "xl/worksheets/sheet1.xml: row 1: more than 16384 columns");
	check_sheet(__LINE__, SHEET("<row><c t=\"s\"><v>6</v></c></row>"),
	    NULL, sst, "error: not a readable .xlsx workbook: "
	    "xl/worksheets/sheet1.xml: cell A1: no shared string '6'");
	check_sheet(__LINE__, SHEET("<row><c t=\"s\"><v>0</v></c>"
	    "<c t=\"s\"><v>1</v></c></row>"), NULL,
	    "<sst><si/><si><t>x</t></si></sst>", "1: B=t'x'\nend");
	check_sheet(__LINE__, SHEET("<row><c t=\"s\"><v>0</v></c></row>"),
	    NULL, NULL, "error: not a readable .xlsx workbook: "
	    "xl/worksheets/sheet1.xml: cell A1: no shared string '0'");
	/* Text of Excel's 32767 characters, no more. */
	big = malloc(200000);
	strcpy(big, SHEET("<row><c t=\"inlineStr\"><is><t>"));
	i = strlen(big) - strlen("</sheetData></worksheet>");
	memset(big + i, 'x', 32767);
	strcpy(big + i + 32767, "</t></is></c></row></sheetData>"
	    "</worksheet>");
	check_sheet_problem(__LINE__, big, NULL, "");
	free(big);
}

/* Text at and past Excel's limit (the check above only shows the row). */
static void
test_limits(void)
{
	struct xf_buf	 b = { 0 };
	size_t		 i;

	xf_buf_adds(&b, SHEET("<row><c t=\"inlineStr\"><is><t>"));
	b.len -= strlen("</sheetData></worksheet>");
	for (i = 0; i < 32767; i++)
		xf_buf_adds(&b, i % 2 ? "中" : "x");
	xf_buf_adds(&b, "</t></is></c></row><row><c t=\"inlineStr\"><is><t>");
	for (i = 0; i < 32768; i++)
		xf_buf_addc(&b, 'y');
	xf_buf_adds(&b, "</t></is></c></row></sheetData></worksheet>");
	check_sheet_problem(__LINE__, b.p, NULL, "error: not a readable "
	    ".xlsx workbook: xl/worksheets/sheet1.xml: cell A2: text longer "
	    "than 32767 characters");
	/* A shared string past it. */
	xf_buf_reset(&b);
	xf_buf_adds(&b, "<sst><si><t>");
	for (i = 0; i < 16384; i++)
		xf_buf_adds(&b, "😀");
	xf_buf_adds(&b, "</t></si></sst>");
	check_sheet_problem(__LINE__, SHEET(""), b.p, "open: not a readable "
	    ".xlsx workbook: xl/sharedStrings.xml: string 0 is longer than "
	    "32767 characters");
	/* Elements nested too deep; a token too long (a comment). */
	xf_buf_reset(&b);
	xf_buf_adds(&b, "<worksheet>");
	for (i = 0; i < 1000; i++)
		xf_buf_adds(&b, "<a>");
	for (i = 0; i < 1000; i++)
		xf_buf_adds(&b, "</a>");
	xf_buf_adds(&b, "</worksheet>");
	check_sheet_problem(__LINE__, b.p, NULL, "sheet: not a readable "
	    ".xlsx workbook: xl/worksheets/sheet1.xml: elements nested more "
	    "than 1000 deep");
	xf_buf_reset(&b);
	xf_buf_adds(&b, "<worksheet><!--");
	for (i = 0; i < (17 << 20) / 64; i++)
		xf_buf_adds(&b, "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef");
	xf_buf_adds(&b, "--><sheetData/></worksheet>");
	check_sheet_problem(__LINE__, b.p, NULL, "sheet: not a readable "
	    ".xlsx workbook: xl/worksheets/sheet1.xml: XML error at line 1: "
	    "a token longer than 16 MB");
	/* Too many cells in merged ranges. */
	check_sheet_problem(__LINE__, "<worksheet><sheetData/><mergeCells>"
	    "<mergeCell ref=\"A1:XFD1048576\"/></mergeCells></worksheet>",
	    NULL, "sheet: not a readable .xlsx workbook: "
	    "xl/worksheets/sheet1.xml: more than 16777216 cells in merged "
	    "ranges");
	xf_buf_release(&b);
}

/*
 * A sheet bigger than a chunk: rows suspended across chunk boundaries,
 * <mergeCell> tags cut by them, and many shared strings.
 */
static void
test_big(void)
{
	struct xf_buf	 sh = { 0 }, ss = { 0 };
	struct xf_book	*bk;
	const struct xf_cell *c;
	char		 path[256], err[256], want[64];
	size_t		 n;
	long		 row, i, nrows = 0, bad = 0, merged = 0;
	int		 store;

	xf_buf_adds(&ss, "<sst>");
	for (i = 0; i < 20000; i++)
		xf_buf_printf(&ss, "<si><t>字符串 %ld</t></si>", i);
	xf_buf_adds(&ss, "</sst>");
	xf_buf_adds(&sh, "<worksheet " NS "><sheetData>");
	for (i = 1; i <= 20000; i++) {
		if (i % 4 == 2)
			continue;	/* merged from the row above */
		xf_buf_printf(&sh, "<row r=\"%ld\"><c r=\"A%ld\" t=\"s\"><v>%ld"
		    "</v></c><c r=\"B%ld\"><v>%ld</v></c></row>", i, i, i - 1,
		    i, i);
	}
	xf_buf_adds(&sh, "</sheetData><mergeCells>");
	for (i = 1; i <= 20000; i += 4)
		xf_buf_printf(&sh, "<mergeCell ref=\"A%ld:A%ld\"/>", i, i + 1);
	xf_buf_adds(&sh, "</mergeCells></worksheet>");
	for (store = 0; store < 2; store++) {
		struct part parts[] = {
			{ "_rels/.rels", pkgrels, 0 },
			{ "xl/workbook.xml", workbook, 0 },
			{ "xl/_rels/workbook.xml.rels", wbrels, 0 },
			{ "xl/worksheets/sheet1.xml", sh.p, 0 },
			{ "xl/sharedStrings.xml", ss.p, 0 },
			{ NULL, NULL, 0 }
		};

		zip_make(path, sizeof(path), parts, store);
		if ((bk = xf_xlsx_open(path, err, sizeof(err))) == NULL ||
		    bk->ops->sheet_open(bk, 0, err, sizeof(err)) == -1) {
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, err);
			test_failed++;
			return;
		}
		nrows = bad = merged = 0;
		while (bk->ops->row_next(bk, &row, &c, &n, err,
		    sizeof(err)) == 1) {
			nrows++;
			i = row % 4 == 2 ? row - 1 : row;
			snprintf(want, sizeof(want), "字符串 %ld", i - 1);
			if (n != (row % 4 == 2 ? 1u : 2u) ||
			    c[0].type != XF_CELL_TEXT ||
			    strcmp(c[0].s, want) != 0 ||
			    (n == 2 && c[1].num != row)) {
				if (bad++ < 3)
					printf("row %ld: %zu cells, '%s' %g\n",
					    row, n, n > 0 ? c[0].s : "",
					    n > 1 ? c[1].num : -1);
			}
			merged += row % 4 == 2;
		}
		CHECK(nrows == 20000);
		CHECK(merged == 5000);
		CHECK(bad == 0);
		bk->ops->close(bk);
		unlink(path);
	}
	xf_buf_release(&sh);
	xf_buf_release(&ss);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_values();
	test_dates();
	test_merged();
	test_structure();
	test_sheets();
	test_other();
	test_damaged();
	test_limits();
	test_big();
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-xlsx");
}
