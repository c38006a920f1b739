/*
 * t-check.c - checks of single values: ID numbers, phones, division
 * codes, yes and no, numbers of people; values as spreadsheets leave
 * them.
 */
#include <stdio.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"
#include "test.h"

#define ID_SCI		"a number in scientific notation: the spreadsheet " \
			"stored the ID number as a number and kept only 15 " \
			"digits; format the column as text and enter the " \
			"numbers again"
#define PHONE_SCI	"a number in scientific notation: the spreadsheet " \
			"stored the phone number as a number and lost " \
			"digits; format the column as text and enter the " \
			"numbers again"
#define PHONE_LOST_0	"looks like a landline whose leading 0 was lost " \
			"when a spreadsheet stored it as a number; format " \
			"the column as text"

/*
 * The check digit is "10X98765432"[sum % 11], the sum taken over the
 * first 17 digits with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
 *
 * 11010519491231002X: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167,
 *	167 = 15 * 11 + 2, [2] = X
 * 440304200002291236: 28+36+0+15+0+16+4+0+0+0+0+18+20+45+8+8+6 = 204,
 *	204 = 18 * 11 + 6, [6] = 6 (born 29 February 2000)
 * 320102199012310043: 21+18+0+5+0+8+2+9+54+0+7+18+30+5+0+0+8 = 185,
 *	185 = 16 * 11 + 9, [9] = 3
 * 510108199602295676: 35+9+0+5+0+32+2+9+54+18+0+18+20+45+40+24+14 = 325,
 *	325 = 29 * 11 + 6, [6] = 6 (born 29 February 1996)
 * 210102198507154011: 14+9+0+5+0+8+2+9+48+15+0+63+10+25+32+0+2 = 242,
 *	242 = 22 * 11 + 0, [0] = 1
 * 110105189912310015: 7+9+0+5+0+20+2+8+54+27+7+18+30+5+0+0+2 = 194,
 *	194 = 17 * 11 + 7, [7] = 5 (right digit, but born in 1899)
 * 110105190002290017: 7+9+0+5+0+20+2+9+0+0+0+18+20+45+0+0+2 = 137,
 *	137 = 12 * 11 + 5, [5] = 7 (29 February 1900 was no day)
 * 110105200102290010: 7+9+0+5+0+20+4+0+0+3+0+18+20+45+0+0+2 = 133,
 *	133 = 12 * 11 + 1, [1] = 0 (nor was 29 February 2001)
 *
 * A first-generation number of 15 digits takes "19" before its year
 * and the check digit after: 110105491231002 is 11010519491231002X
 * above, 320102901231004 is 320102199012310043, 210102850715401 is
 * 210102198507154011; 131028900229003 would be born 29 February 1990.
 */
static const struct {
	const char	*in;
	const char	*want;		/* normal form, or NULL */
	const char	*why;
} id_numbers[] = {
	{ "11010519491231002X", "11010519491231002X", NULL },
	{ "11010519491231002x", "11010519491231002X", NULL },
	{ "  11010519491231002x\t", "11010519491231002X", NULL },
	{ "440304200002291236", "440304200002291236", NULL },
	{ "320102199012310043", "320102199012310043", NULL },
	{ "510108199602295676", "510108199602295676", NULL },
	{ "210102198507154011", "210102198507154011", NULL },
	{ "110105194912310021", NULL, "bad check digit" },
	{ "440304200002291235", NULL, "bad check digit" },
	{ "21010219850715401X", NULL, "bad check digit" },
	{ "110105189912310015", NULL, "bad birth date" },
	{ "110105190002290017", NULL, "bad birth date" },
	{ "110105200102290010", NULL, "bad birth date" },
	{ "110105200113010010", NULL, "bad birth date" },
	{ "110105200100000010", NULL, "bad birth date" },
	{ "110105200104310010", NULL, "bad birth date" },
	{ "11010519491231002", NULL, "not 18 characters" },
	{ "11010519491231002X1", NULL, "not 18 characters" },
	{ "110105194912310", NULL, "bad birth date" },	/* 15: 1919-49-12 */
	{ "", NULL, "not 18 characters" },
	{ "1101051949123100X2", NULL, "not digits" },
	{ "A1010519491231002X", NULL, "not digits" },
	{ "11010519491231002Y", NULL, "not digits" },
	{ "110105 9491231002X", NULL, "not digits" },
	/* As spreadsheets leave them. */
	{ "11010519491231002Ｘ", "11010519491231002X", NULL },
	{ "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", NULL },
	{ "１10105194912310021", NULL, "bad check digit" },
	{ "'11010519491231002X", "11010519491231002X", NULL },
	{ " ' 11010519491231002X", "11010519491231002X", NULL },
	{ "＇11010519491231002X", "11010519491231002X", NULL },
	{ "\xe3\x80\x80" "11010519491231002X" "\xe3\x80\x80",
	    "11010519491231002X", NULL },
	{ "\xc2\xa0" "11010519491231002X" "\xc2\xa0\t", "11010519491231002X",
	    NULL },
	{ "''11010519491231002X", NULL, "not 18 characters" },
	{ "110105\xe3\x80\x80" "19491231002X", NULL, "not 18 characters" },
	{ "1.31028E+17", NULL, ID_SCI },
	{ "1.31024195809115E+17", NULL, ID_SCI },
	{ "1.31024195809115e17", NULL, ID_SCI },
	{ " '1.31028E+17 ", NULL, ID_SCI },
	{ "１.３１０２８Ｅ＋１７", NULL, ID_SCI },
	{ "1.31028E-17", NULL, "not 18 characters" },
	/* First-generation numbers of 15 digits. */
	{ "110105491231002", "11010519491231002X", NULL },
	{ "320102901231004", "320102199012310043", NULL },
	{ " '210102850715401", "210102198507154011", NULL },
	{ "１１０１０５４９１２３１００２", "11010519491231002X", NULL },
	{ "131028900229003", NULL, "bad birth date" },
	{ "110105491331002", NULL, "bad birth date" },
	{ "11010549123100X", NULL, "not digits" },
	{ "11010549123100２", "11010519491231002X", NULL },
	{ "11010549123100甲", NULL, "not digits" },
	{ "1101054912310021", NULL, "not 18 characters" },
};

/* The 15-digit number given, as it comes back. */
static const struct {
	const char	*in;
	const char	*old;
} id_olds[] = {
	{ "110105491231002", "110105491231002" },
	{ " '１１０１０５４９１２３１００２ ", "110105491231002" },
	{ "11010519491231002X", "" },
	{ "131028900229003", "" },
};

static const struct {
	const char	*in;
	const char	*want;
	const char	*why;
} phones[] = {
	/* mobiles */
	{ "13812345678", "13812345678", NULL },
	{ " 13812345678 ", "13812345678", NULL },
	{ "138 1234 5678", "13812345678", NULL },
	{ "138-1234-5678", "13812345678", NULL },
	{ "+8613812345678", "13812345678", NULL },
	{ "+86 138 1234 5678", "13812345678", NULL },
	{ "+86-138-1234-5678", "13812345678", NULL },
	{ "008613812345678", "13812345678", NULL },
	{ "86-13812345678", "13812345678", NULL },
	{ "19912345678", "19912345678", NULL },
	{ "1381234567", NULL, "bad mobile number" },
	{ "138123456789", NULL, "bad mobile number" },
	{ "+86 1381234567", NULL, "bad mobile number" },
	{ "12812345678", NULL, "bad mobile number" },
	{ "10812345678", NULL, "bad mobile number" },
	{ "13812345678转1", NULL, "not a phone number" },
	/* landlines */
	{ "010-12345678", NULL, "not a phone number" },
	{ "010-62345678", "010-62345678", NULL },
	{ "01062345678", "010-62345678", NULL },
	{ "010 6234 5678", "010-62345678", NULL },
	{ "020-87654321", "020-87654321", NULL },
	{ "0371-6123456", "0371-6123456", NULL },
	{ "0371 6123456", "0371-6123456", NULL },
	{ "03716123456", "0371-6123456", NULL },
	{ "0371-61234567", "0371-61234567", NULL },
	{ "020-87654321-801", "020-87654321-801", NULL },
	{ "0371-6123456-12", "0371-6123456-12", NULL },
	{ "0371-6123456转12", "0371-6123456-12", NULL },
	{ "0371-6123456 转 123456", "0371-6123456-123456", NULL },
	{ "+86 10 6234 5678", "010-62345678", NULL },
	{ "+86-371-6123456", "0371-6123456", NULL },
	{ "0086 371 6123456-8", "0371-6123456-8", NULL },
	{ "0371-6123456-1234567", NULL, "not a phone number" },
	{ "0371-6123456-", NULL, "not a phone number" },
	{ "0371-6123456转", NULL, "not a phone number" },
	{ "0371转6123456", NULL, "not a phone number" },
	{ "0371-6123456转1转2", NULL, "not a phone number" },
	{ "0371-612345", NULL, "not a phone number" },
	{ "0371-612345678", NULL, "not a phone number" },
	{ "0371-0123456", NULL, "not a phone number" },
	{ "011-62345678", NULL, "not a phone number" },
	{ "00-62345678", NULL, "not a phone number" },
	/* landlines without an area code */
	{ "62345678", NULL, "landline without area code" },
	{ "6123456", NULL, "landline without area code" },
	{ "6123-4567", NULL, "landline without area code" },
	{ "6123456-12", NULL, "landline without area code" },
	{ "6123456转12", NULL, "landline without area code" },
	/* short numbers and nonsense */
	{ "12345", NULL, "not a phone number" },
	{ "110", NULL, "not a phone number" },
	{ "10086", NULL, "not a phone number" },
	{ "95588", NULL, "not a phone number" },
	{ "400-810-8888", NULL, "not a phone number" },
	{ "12345678", NULL, "not a phone number" },
	{ "1", NULL, "not a phone number" },
	{ "", NULL, "not a phone number" },
	{ "+86", NULL, "not a phone number" },
	{ "abc", NULL, "not a phone number" },
	{ "(010)62345678", NULL, "not a phone number" },
	/* As spreadsheets leave them. */
	{ "１３８１２３４５６７８", "13812345678", NULL },
	{ "'13812345678", "13812345678", NULL },
	{ "\xe3\x80\x80" "138 1234 5678" "\xc2\xa0", "13812345678", NULL },
	{ "138\xe3\x80\x80" "1234\xe3\x80\x80" "5678", "13812345678", NULL },
	{ "０３７１－６１２３４５６", "0371-6123456", NULL },
	{ "＋８６　１３８１２３４５６７８", "13812345678", NULL },
	{ "1.38123E+10", NULL, PHONE_SCI },
	{ "1.3812345678E+10", NULL, PHONE_SCI },
	{ "1E+10", NULL, PHONE_SCI },
	{ "1.38123E", NULL, "not a phone number" },
	/* Landlines that lost the 0 of their area code in a number cell. */
	{ "3125551234", NULL, PHONE_LOST_0 },		/* 0312-5551234 */
	{ "'3125551234", NULL, PHONE_LOST_0 },
	{ "37161234567", NULL, PHONE_LOST_0 },		/* 0371-61234567 */
	{ "2087654321", NULL, PHONE_LOST_0 },		/* 020-87654321 */
	{ "1062345678", NULL, PHONE_LOST_0 },		/* 010-62345678 */
	{ "257654321", NULL, PHONE_LOST_0 },		/* 025-7654321 */
	{ "2012345678", NULL, "not a phone number" },	/* 020-12345678? */
	{ "1012345678", NULL, "not a phone number" },	/* 010-12345678? */
	{ "3710123456", NULL, "not a phone number" },	/* 0371-0123456? */
	{ "312-5551234", NULL, "not a phone number" },	/* not a number cell */
	{ "371 61234567", NULL, "not a phone number" },
	{ "371612345678", NULL, "not a phone number" },	/* 12 digits */
	{ "+86 3125551234", "0312-5551234", NULL },
	{ "1381234567", NULL, "bad mobile number" },	/* a mobile, short */
	{ "1234567890123456789012345", NULL, "not a phone number" },
};

static const struct {
	const char	*in;
	const char	*why;
} regions[] = {
	{ "410102", NULL },
	{ "410102001", NULL },
	{ "410102001001", NULL },
	{ "110000", NULL },
	{ "150000", NULL },
	{ "210000", NULL },
	{ "230000", NULL },
	{ "310000", NULL },
	{ "370000", NULL },
	{ "460000", NULL },
	{ "500000", NULL },
	{ "540000", NULL },
	{ "610000", NULL },
	{ "650000", NULL },
	{ "710000", NULL },
	{ "810000", NULL },
	{ "820000", NULL },
	{ "000000", "unknown province code" },
	{ "100000", "unknown province code" },
	{ "160000", "unknown province code" },
	{ "200000", "unknown province code" },
	{ "240000", "unknown province code" },
	{ "380000", "unknown province code" },
	{ "470000", "unknown province code" },
	{ "550000", "unknown province code" },
	{ "660000", "unknown province code" },
	{ "720000", "unknown province code" },
	{ "830000", "unknown province code" },
	{ "990000001", "unknown province code" },
	{ "", "not a 6, 9 or 12-digit division code" },
	{ "41010", "not a 6, 9 or 12-digit division code" },
	{ "4101020", "not a 6, 9 or 12-digit division code" },
	{ "41010200100", "not a 6, 9 or 12-digit division code" },
	{ "4101020010011", "not a 6, 9 or 12-digit division code" },
	{ "41010a", "not a 6, 9 or 12-digit division code" },
	{ " 410102", "not a 6, 9 or 12-digit division code" },
	/* xf_check_region() takes the value as it is: item.c folds it. */
	{ "４10102", "not a 6, 9 or 12-digit division code" },
};

static const struct {
	const char	*in;
	long		 want;		/* or 0 for an error */
	const char	*why;
} people[] = {
	{ "1", 1, NULL },
	{ "5", 5, NULL },
	{ "05", 5, NULL },
	{ "1000000", 1000000, NULL },
	{ "5人", 5, NULL },
	{ "5 人", 5, NULL },
	{ " 12人 ", 12, NULL },
	{ "5名", 5, NULL },
	{ "'5", 5, NULL },
	{ "５人", 5, NULL },
	{ "\xe3\x80\x80" "5" "\xe3\x80\x80", 5, NULL },
	{ "一", 1, NULL },
	{ "五", 5, NULL },
	{ "九", 9, NULL },
	{ "十", 10, NULL },
	{ "十二", 12, NULL },
	{ "一十二", 12, NULL },
	{ "二十", 20, NULL },
	{ "二十三", 23, NULL },
	{ "九十九", 99, NULL },
	{ "两", 2, NULL },
	{ "两人", 2, NULL },
	{ "五人", 5, NULL },
	{ "十二 人", 12, NULL },
	{ "二十名", 20, NULL },
	{ "0", 0, "not a number of people (1 or more)" },
	{ "〇", 0, "not a number of people (1 or more)" },
	{ "零", 0, "not a number of people (1 or more)" },
	{ "0人", 0, "not a number of people (1 or more)" },
	{ "1000001", 0, "not a number of people (1 or more)" },
	{ "99999999999999999999", 0, "not a number of people (1 or more)" },
	{ "", 0, "not a number of people (1 or more)" },
	{ "人", 0, "not a number of people (1 or more)" },
	{ "-2", 0, "not a number of people (1 or more)" },
	{ "+2", 0, "not a number of people (1 or more)" },
	{ "2.5", 0, "not a number of people (1 or more)" },
	{ "5人人", 0, "not a number of people (1 or more)" },
	{ "人5", 0, "not a number of people (1 or more)" },
	{ "5十", 0, "not a number of people (1 or more)" },
	{ "十十", 0, "not a number of people (1 or more)" },
	{ "二十两", 0, "not a number of people (1 or more)" },
	{ "两十", 0, "not a number of people (1 or more)" },
	{ "〇十", 0, "not a number of people (1 or more)" },
	{ "十〇", 0, "not a number of people (1 or more)" },
	{ "三四", 0, "not a number of people (1 or more)" },
	{ "many", 0, "not a number of people (1 or more)" },
	{ "一百", 0, "Chinese numerals only up to 九十九 (99): write a "
	    "larger number in digits" },
	{ "一百二十人", 0, "Chinese numerals only up to 九十九 (99): write a "
	    "larger number in digits" },
	{ "三千", 0, "Chinese numerals only up to 九十九 (99): write a "
	    "larger number in digits" },
};

static const struct {
	const char	*in;
	int		 want;		/* 1, 0, or -1 for an error */
} bools[] = {
	{ "1", 1 }, { "0", 0 },
	{ "yes", 1 }, { "no", 0 }, { "YES", 1 }, { "No", 0 },
	{ "y", 1 }, { "n", 0 }, { "Y", 1 }, { "N", 0 },
	{ "true", 1 }, { "false", 0 }, { "TRUE", 1 }, { "False", 0 },
	{ "是", 1 }, { "否", 0 },
	{ "有", 1 }, { "无", 0 },
	{ "初件", 1 }, { "重件", 0 },
	{ "初信", 1 }, { "重信", 0 },
	{ "初访", 1 }, { "重访", 0 },
	{ " yes ", 1 }, { "\t是", 1 }, { "重件  ", 0 },
	{ "", -1 }, { " ", -1 }, { "2", -1 }, { "-1", -1 }, { "yess", -1 },
	{ "ye", -1 }, { "t", -1 }, { "是的", -1 }, { "初", -1 },
	{ "件", -1 }, { "01", -1 }, { "y e s", -1 },
};

static void
test_id_numbers(void)
{
	char out[19];
	const char *why;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(id_numbers) / sizeof(id_numbers[0]); i++) {
		memset(out, 0, sizeof(out));
		why = NULL;
		rc = xf_check_id_number(id_numbers[i].in, out, &why);
		if (rc != (id_numbers[i].want != NULL ? 0 : -1))
			printf("input: '%s'\n", id_numbers[i].in);
		if (id_numbers[i].want != NULL) {
			CHECK(rc == 0);
			CHECK_STR(out, id_numbers[i].want);
		} else {
			CHECK(rc == -1);
			CHECK_STR(why, id_numbers[i].why);
		}
	}
}

static void
test_id_olds(void)
{
	char out[19], old[16];
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(id_olds) / sizeof(id_olds[0]); i++) {
		memset(old, 'z', sizeof(old));
		(void)xf_check_id_number_old(id_olds[i].in, out, old, &why);
		CHECK_STR(old, id_olds[i].old);
	}
	/* No room asked for: fine. */
	CHECK(xf_check_id_number_old("110105491231002", out, NULL, &why) == 0);
	CHECK_STR(out, "11010519491231002X");
}

static void
test_phones(void)
{
	char out[32];
	const char *why;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(phones) / sizeof(phones[0]); i++) {
		memset(out, 0, sizeof(out));
		why = NULL;
		rc = xf_check_phone(phones[i].in, out, sizeof(out), &why);
		if (rc != (phones[i].want != NULL ? 0 : -1))
			printf("input: '%s'\n", phones[i].in);
		if (phones[i].want != NULL) {
			CHECK(rc == 0);
			CHECK_STR(out, phones[i].want);
		} else {
			CHECK(rc == -1);
			CHECK_STR(why, phones[i].why);
		}
	}

	/* Exactly the room needed, and one byte less. */
	CHECK(xf_check_phone("13812345678", out, 12, &why) == 0);
	CHECK_STR(out, "13812345678");
	CHECK(xf_check_phone("13812345678", out, 11, &why) == -1);
	CHECK_STR(why, "too long");
	CHECK(xf_check_phone("020-87654321-801", out, 17, &why) == 0);
	CHECK_STR(out, "020-87654321-801");
	CHECK(xf_check_phone("020-87654321-801", out, 16, &why) == -1);
	CHECK_STR(why, "too long");
	CHECK(xf_check_phone("13812345678", NULL, 0, &why) == -1);
	CHECK_STR(why, "too long");
}

static void
test_regions(void)
{
	const char *why;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		why = NULL;
		rc = xf_check_region(regions[i].in, &why);
		if (rc != (regions[i].why != NULL ? -1 : 0))
			printf("input: '%s'\n", regions[i].in);
		CHECK(rc == (regions[i].why != NULL ? -1 : 0));
		CHECK_STR(why, regions[i].why);
	}
}

static void
test_people(void)
{
	const char *why;
	size_t i;
	long v;
	int rc;

	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		v = -1;
		why = NULL;
		rc = xf_check_people(people[i].in, &v, &why);
		if (rc != (people[i].why != NULL ? -1 : 0))
			printf("input: '%s'\n", people[i].in);
		if (people[i].why == NULL) {
			CHECK(rc == 0);
			CHECK(v == people[i].want);
		} else {
			CHECK(rc == -1);
			CHECK(v == -1);
			CHECK_STR(why, people[i].why);
		}
	}
}

/* The folding of values a field takes as ASCII. */
static void
test_fold(void)
{
	static const struct {
		const char	*in;
		const char	*want;
	} folds[] = {
		{ "２０１７年７月２１日", "2017年7月21日" },
		{ "ＡＢＣａｂｃ！～", "ABCabc!~" },
		{ "\xe3\x80\x80" "来访" "\xe3\x80\x80", "来访" },
		{ "来访\xe3\x80\x80\xe3\x80\x80", "来访" },
		{ "\xc2\xa0 x \xc2\xa0", "x" },
		{ "a\xe3\x80\x80" "b", "a b" },
		{ "'123", "123" },
		{ " ' 123 ", "123" },
		{ "''123", "'123" },
		{ "12'3", "12'3" },
		{ "'", "" },
		{ "\xe3\x80\x80", "" },
		{ "", "" },
		/* Not the forms: U+FF00, U+FF5F, U+FFE5 (￥), a cut sequence. */
		{ "\xef\xbc\x80\xef\xbd\x9f\xef\xbf\xa5",
		    "\xef\xbc\x80\xef\xbd\x9f\xef\xbf\xa5" },
		{ "1\xef\xbc", "1\xef\xbc" },
		{ "1\xe3\x80", "1\xe3\x80" },
		{ "\xc2", "\xc2" },
	};
	char buf[64];
	size_t i, n;

	for (i = 0; i < sizeof(folds) / sizeof(folds[0]); i++) {
		memset(buf, 'z', sizeof(buf));
		n = xf_ascii_fold(folds[i].in, strlen(folds[i].in), buf);
		CHECK_STR(buf, folds[i].want);
		CHECK(n == strlen(folds[i].want));
	}
	/* In place. */
	strcpy(buf, " '１３８");
	n = xf_ascii_fold(buf, strlen(buf), buf);
	CHECK_STR(buf, "138");
	CHECK(n == 3);
}

/*
 * UTF-8 as the reader checks it: runs of 3-byte sequences (Chinese text)
 * and what may break one, each said at the offset of its first byte.
 */
static void
test_utf8(void)
{
	static const struct {
		const char	*s;
		int		 partial_ok;
		int		 want;
		size_t		 bad;
	} u[] = {
		{ "来访人反映村道损坏", 0, 1, 0 },
		{ "ab来访cdefghij人\xc2\xa0\xf0\x9f\x98\x80!", 0, 1, 0 },
		{ "\xe0\xa0\x80\xef\xbf\xbf\xed\x9f\xbf", 0, 1, 0 },
		/* A surrogate, an overlong form, past U+10FFFF, after a run. */
		{ "来访\xed\xa0\x80", 0, 0, 6 },
		{ "来访\xe0\x80\x80", 0, 0, 6 },
		{ "来访\xf4\x90\x80\x80", 0, 0, 6 },
		/* A lead byte whose continuation is missing, in a run. */
		{ "来访\xe4\xb8" "a来", 0, 0, 6 },
		{ "来访\xe4" "ab", 0, 0, 6 },
		{ "来\x80访", 0, 0, 3 },
		/* Cut at the end: bad unless partial_ok. */
		{ "来访\xe4\xb8", 0, 0, 6 },
		{ "来访\xe4\xb8", 1, 1, 6 },
	};
	size_t	 i, bad;

	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		bad = 99;
		CHECK(xf_utf8_valid(u[i].s, strlen(u[i].s), u[i].partial_ok,
		    &bad) == u[i].want);
		if (u[i].want == 0 || u[i].partial_ok)
			CHECK(bad == u[i].bad);
	}
}

/* A string copied into a buffer, cut to fit. */
static void
test_copy(void)
{
	char	 buf[8];

	memset(buf, 'z', sizeof(buf));
	xf_copy(buf, sizeof(buf), "abc");
	CHECK_STR(buf, "abc");
	xf_copy(buf, sizeof(buf), "abcdefghij");
	CHECK_STR(buf, "abcdefg");
	xf_copy(buf, 1, "abc");
	CHECK_STR(buf, "");
	xf_copy(buf, sizeof(buf), "");
	CHECK_STR(buf, "");
}

static void
test_sci(void)
{
	static const struct {
		const char	*in;
		int		 want;
	} sci[] = {
		{ "1.31028E+17", 1 }, { "1.31024195809115E+17", 1 },
		{ "1E+17", 1 }, { "1e17", 1 }, { "12.5E+3", 1 },
		{ "1.3E+100", 1 },
		{ "1.3E+1000", 0 }, { "1.3E", 0 }, { "1.3E+", 0 },
		{ ".3E+17", 0 }, { "1.E+17", 0 }, { "1.3E-17", 0 },
		{ "E+17", 0 }, { "1.3E+17x", 0 }, { "131028", 0 },
		{ "1,3E+17", 0 }, { "", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(sci) / sizeof(sci[0]); i++) {
		if (xf_sci_number(sci[i].in, strlen(sci[i].in)) != sci[i].want)
			printf("input: '%s'\n", sci[i].in);
		CHECK(xf_sci_number(sci[i].in, strlen(sci[i].in)) ==
		    sci[i].want);
	}
}

static void
test_bools(void)
{
	const char *why;
	size_t i;
	int rc, v;

	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		v = -1;
		why = NULL;
		rc = xf_check_bool(bools[i].in, &v, &why);
		if (rc != (bools[i].want != -1 ? 0 : -1))
			printf("input: '%s'\n", bools[i].in);
		if (bools[i].want != -1) {
			CHECK(rc == 0);
			CHECK(v == bools[i].want);
		} else {
			CHECK(rc == -1);
			CHECK(v == -1);
			CHECK_STR(why, "not yes or no");
		}
	}
}

int
main(void)
{
	test_id_numbers();
	test_id_olds();
	test_phones();
	test_regions();
	test_people();
	test_fold();
	test_utf8();
	test_copy();
	test_sci();
	test_bools();
	return test_done("t-check");
}
