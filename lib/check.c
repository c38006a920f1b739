/*
 * check.c - checks and normal forms of single values: the resident
 * identity card number, phone numbers, division codes, yes and no,
 * numbers of people.  The ID number, phone and people checks take a
 * value as a spreadsheet leaves it: full-width forms, an apostrophe
 * before digits kept as text, the spaces of a wide font around it
 * (xf_ascii_fold()); the others do not fold, and item.c folds for them.
 */
#include <stdio.h>
#include <string.h>

#include "xf-private.h"

/* The most digits a phone number may have, extension included. */
#define PHONE_MAX	24

/* "转", "transfer to": what comes after it is an extension. */
#define ZHUAN		"\xe8\xbd\xac"

/* Room for a value folded before its check; a longer one is no value. */
#define CLEAN_MAX	128

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

/* A landline number cut into area code, number and extension. */
struct landline {
	char	 part[3][PHONE_MAX + 2];
	size_t	 len[3];
};

/* s without the spaces and tabs around it; its length goes to *len. */
static const char *
trim(const char *s, size_t *len)
{
	const char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*len = (size_t)(e - s);
	return s;
}

/* Whether the word w comes at *p (before e); if so, step over it. */
static int
accept(const char **p, const char *e, const char *w)
{
	size_t	 n = strlen(w);

	if ((size_t)(e - *p) < n || memcmp(*p, w, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/*
 * s as a field that expects ASCII has it (xf_ascii_fold()), in buf,
 * when it fits; else s without the spaces and tabs around it.  The
 * length goes to *len.
 */
static const char *
clean(const char *s, char buf[CLEAN_MAX], size_t *len)
{
	size_t	 n = strlen(s);

	if (n >= CLEAN_MAX)
		return trim(s, len);
	*len = xf_ascii_fold(s, n, buf);
	return buf;
}

int
xf_sci_number(const char *s, size_t len)
{
	const char	*e = s + len;
	size_t		 n;

	for (n = 0; s < e && xf_isdigit(*s); s++)
		n++;
	if (n == 0)
		return 0;
	if (s < e && *s == '.') {
		for (s++, n = 0; s < e && xf_isdigit(*s); s++)
			n++;
		if (n == 0)
			return 0;
	}
	if (s == e || (*s != 'E' && *s != 'e'))
		return 0;
	s++;
	if (s < e && *s == '+')
		s++;
	for (n = 0; s < e && xf_isdigit(*s); s++)
		n++;
	return s == e && n >= 1 && n <= 3;
}

/* The n digits at s as a number. */
static int
digits_value(const char *s, int n)
{
	int v;

	for (v = 0; n > 0; n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* The check digit of GB 11643 of the first 17 digits at p. */
static int
check_digit(const char *p)
{
	static const int weight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	int	 i, sum;

	sum = 0;
	for (i = 0; i < 17; i++)
		sum += (p[i] - '0') * weight[i];
	return "10X98765432"[sum % 11];
}

/*
 * The citizen identity number of GB 11643-1999: a six-digit division
 * code, the birth date as YYYYMMDD, a three-digit sequence number and
 * a check digit, 0-9 or X for ten.  A first-generation number of 15
 * digits (division code, birth date as YYMMDD, sequence number) is
 * made one of 18 as GB 11643 says: "19" before the year, and the check
 * digit after.
 */
int
xf_check_id_number_old(const char *s, char out[19], char old[16],
    const char **why)
{
	char		 buf[CLEAN_MAX], id[19];
	const char	*p;
	size_t		 len, i, nchar;
	int		 y, m, d, last;

	if (old != NULL)
		old[0] = '\0';
	p = clean(s, buf, &len);
	if (xf_sci_number(p, len))
		return xf_fail(why, ID_SCI);
	nchar = 0;
	for (i = 0; i < len; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			nchar++;
	if (nchar == 15) {
		if (len != 15)
			return xf_fail(why, "not digits");
		for (i = 0; i < 15; i++)
			if (!xf_isdigit(p[i]))
				return xf_fail(why, "not digits");
		memcpy(id, p, 6);
		memcpy(id + 6, "19", 2);
		memcpy(id + 8, p + 6, 9);
		id[17] = (char)check_digit(id);
		id[18] = '\0';
	} else if (nchar == 18) {
		/* 18 characters but more bytes: some are not ASCII digits. */
		if (len != 18)
			return xf_fail(why, "not digits");
		memcpy(id, p, 18);
		id[18] = '\0';
		if (id[17] == 'x')
			id[17] = 'X';
	} else
		return xf_fail(why, "not 18 characters");
	for (i = 0; i < 17; i++)
		if (!xf_isdigit(id[i]))
			return xf_fail(why, "not digits");
	last = id[17];
	if (!xf_isdigit(last) && last != 'X')
		return xf_fail(why, "not digits");

	/* Today is not known here, so a date in the future passes. */
	y = digits_value(id + 6, 4);
	m = digits_value(id + 10, 2);
	d = digits_value(id + 12, 2);
	if (y < 1900 || d < 1 || d > xf_days_in_month(y, m))
		return xf_fail(why, "bad birth date");
	if (check_digit(id) != last)
		return xf_fail(why, "bad check digit");

	memcpy(out, id, 19);
	if (old != NULL && nchar == 15) {
		memcpy(old, p, 15);
		old[15] = '\0';
	}
	return 0;
}

int
xf_check_id_number(const char *s, char out[19], const char **why)
{
	return xf_check_id_number_old(s, out, NULL, why);
}

/* Step over a country prefix for China at *p; whether there was one. */
static int
skip_country(const char **p, const char *e)
{
	static const char *const prefix[] = { "+86", "0086", "86-" };
	size_t i;

	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (accept(p, e, prefix[i]))
			return 1;
	return 0;
}

/*
 * The length of the area code at the start of the digits d: 010 and
 * 020-029 have three digits, 03xx-09xx four; 0 if there is none.
 */
static size_t
area_length(const char *d, size_t n)
{
	if (n >= 3 && d[0] == '0' && d[1] == '1' && d[2] == '0')
		return 3;
	if (n >= 2 && d[0] == '0' && d[1] == '2')
		return 3;
	if (n >= 2 && d[0] == '0' && d[1] >= '3' && d[1] <= '9')
		return 4;
	return 0;
}

/*
 * Cut the landline number p..e (digits, spaces, '-', "转") into an
 * area code of alen digits (the first of them an implied '0' when
 * trunk is set), the number and the extension.  The extension begins
 * at "转", or at a '-' once the number has seven digits.  0, or -1 when
 * the marks are out of place.
 */
static int
landline_cut(const char *p, const char *e, size_t alen, int trunk,
    struct landline *l)
{
	int part;

	memset(l, 0, sizeof(*l));
	if (trunk) {
		l->part[0][0] = '0';
		l->len[0] = 1;
	}
	part = alen > 0 ? 0 : 1;
	for (; p < e; p++) {
		if (xf_isdigit(*p)) {
			if (part == 0 && l->len[0] == alen)
				part = 1;
			l->part[part][l->len[part]++] = *p;
		} else if (*p == '-') {
			if (part == 1 && l->len[1] >= 7)
				part = 2;
		} else if (*p != ' ') {
			/* "转", as the caller has made sure. */
			if (part != 1 || l->len[1] < 7)
				return -1;
			part = 2;
			p += strlen(ZHUAN) - 1;
		}
	}
	if (part == 2 && l->len[2] == 0)
		return -1;
	return 0;
}

/*
 * Whether the digits d (n of them) are a landline number with its area
 * code but without the area code's leading 0, as a spreadsheet keeps
 * "0312-5551234" stored as a number: 0 before them makes an area code
 * (010, 02x, 03xx-09xx) and a number of 7 or 8 digits that begins with
 * neither 0 nor 1.
 */
static int
lost_zero(const char *d, size_t n)
{
	char	 z[PHONE_MAX + 2];
	size_t	 alen, rest;

	if (n == 0 || n > PHONE_MAX || d[0] == '0')
		return 0;
	z[0] = '0';
	memcpy(z + 1, d, n);
	alen = area_length(z, n + 1);
	if (alen == 0)
		return 0;
	rest = n + 1 - alen;
	return (rest == 7 || rest == 8) && z[alen] != '0' && z[alen] != '1';
}

/*
 * A mainland phone number: a mobile number of 11 digits, or a
 * landline number with its area code, as "0371-6123456" or, with an
 * extension, "010-12345678-801".
 */
int
xf_check_phone(const char *s, char *out, size_t outlen, const char **why)
{
	struct landline l;
	char buf[CLEAN_MAX], dig[PHONE_MAX + 1], *d;
	const char *p, *e, *q;
	size_t len, n, alen;
	int intl, zhuan, plain, trunk, w;

	p = clean(s, buf, &len);
	e = p + len;
	if (xf_sci_number(p, len))
		return xf_fail(why, PHONE_SCI);
	intl = skip_country(&p, e);

	/* The digits alone, in dig[1..]; dig[0] is room for a trunk '0'. */
	d = dig + 1;
	n = 0;
	zhuan = 0;
	plain = 1;	/* digits and nothing else, as a number cell has */
	for (q = p; q < e; q++) {
		if (xf_isdigit(*q)) {
			if (n == PHONE_MAX)
				return xf_fail(why, "not a phone number");
			d[n++] = *q;
		} else if ((size_t)(e - q) >= strlen(ZHUAN) &&
		    memcmp(q, ZHUAN, strlen(ZHUAN)) == 0) {
			zhuan = 1;
			plain = 0;
			q += strlen(ZHUAN) - 1;
		} else if (*q != ' ' && *q != '-')
			return xf_fail(why, "not a phone number");
		else
			plain = 0;
	}
	if (n < 2)
		return xf_fail(why, "not a phone number");

	if (d[0] == '1' && d[1] >= '3' && !zhuan) {
		if (n == 11) {
			w = snprintf(out, outlen, "%.11s", d);
			if (w < 0 || (size_t)w >= outlen)
				return xf_fail(why, "too long");
			return 0;
		}
		if (n == 10 || n == 12)
			return xf_fail(why, "bad mobile number");
		return xf_fail(why, "not a phone number");
	}
	if (!intl && plain && lost_zero(d, n))
		return xf_fail(why, PHONE_LOST_0);

	/* Written the international way, the area code has lost its 0. */
	trunk = intl && d[0] != '0';
	if (trunk) {
		*--d = '0';
		n++;
	}
	if (d[0] == '1')
		return xf_fail(why, n == 11 ? "bad mobile number" :
		    "not a phone number");

	alen = area_length(d, n);
	if (d[0] == '0' && alen == 0)
		return xf_fail(why, "not a phone number");
	if (landline_cut(p, e, alen, trunk, &l) == -1 ||
	    (l.len[1] != 7 && l.len[1] != 8) || l.len[2] > 6 ||
	    l.part[1][0] == '0' || l.part[1][0] == '1')
		return xf_fail(why, "not a phone number");
	if (alen == 0)
		return xf_fail(why, "landline without area code");

	w = snprintf(out, outlen, "%s-%s%s%s", l.part[0], l.part[1],
	    l.len[2] > 0 ? "-" : "", l.part[2]);
	if (w < 0 || (size_t)w >= outlen)
		return xf_fail(why, "too long");
	return 0;
}

/*
 * An administrative division code (GB/T 2260 and its extensions): 6
 * digits for a county, 9 for a township, 12 for a village, the first
 * two naming the province.
 */
int
xf_check_region(const char *s, const char **why)
{
	static const struct {
		int	lo, hi;
	} province[] = {
		{ 11, 15 },	/* North China */
		{ 21, 23 },	/* the Northeast */
		{ 31, 37 },	/* East China */
		{ 41, 46 },	/* Central and South China */
		{ 50, 54 },	/* the Southwest */
		{ 61, 65 },	/* the Northwest */
		{ 71, 71 },	/* Taiwan */
		{ 81, 82 }	/* Hong Kong, Macao */
	};
	size_t i, len;
	int code;

	len = strspn(s, "0123456789");
	if (s[len] != '\0' || (len != 6 && len != 9 && len != 12))
		return xf_fail(why, "not a 6, 9 or 12-digit division code");
	code = digits_value(s, 2);
	for (i = 0; i < sizeof(province) / sizeof(province[0]); i++)
		if (code >= province[i].lo && code <= province[i].hi)
			return 0;
	return xf_fail(why, "unknown province code");
}

/* Whether s (len bytes) is word, ignoring the case of ASCII letters. */
static int
same_word(const char *s, size_t len, const char *word)
{
	size_t i;
	int a, b;

	if (strlen(word) != len)
		return 0;
	for (i = 0; i < len; i++) {
		a = (unsigned char)s[i];
		b = (unsigned char)word[i];
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

int
xf_check_bool(const char *s, int *out, const char **why)
{
	static const struct {
		const char	*word;	/* lower case */
		int		 value;
	} words[] = {
		{ "1", 1 }, { "0", 0 },
		{ "yes", 1 }, { "no", 0 },
		{ "y", 1 }, { "n", 0 },
		{ "true", 1 }, { "false", 0 },
		{ "是", 1 }, { "否", 0 },
		{ "有", 1 }, { "无", 0 },
		/* For the field "first": a first item or a repeat. */
		{ "初件", 1 }, { "重件", 0 },
		{ "初信", 1 }, { "重信", 0 },
		{ "初访", 1 }, { "重访", 0 }
	};
	const char *p;
	size_t i, len;

	p = trim(s, &len);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (same_word(p, len, words[i].word)) {
			*out = words[i].value;
			return 0;
		}
	return xf_fail(why, "not yes or no");
}

/*
 * The Chinese numeral at *p (before e) of 0 to 9: 〇 零 一 二 三 四 五
 * 六 七 八 九, and 两 for 2 when two_ok.  Its value, stepping over it, or
 * -1 when there is none.
 */
static int
zh_digit(const char **p, const char *e, int two_ok)
{
	static const char *const digit[] = {
		"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
	};
	size_t	 i;

	for (i = 0; i < sizeof(digit) / sizeof(digit[0]); i++)
		if (accept(p, e, digit[i]))
			return (int)i;
	if (accept(p, e, "零"))
		return 0;
	if (two_ok && accept(p, e, "两"))
		return 2;
	return -1;
}

/*
 * A number in Chinese numerals from 0 to 99 (p to e): 五, 十, 十二,
 * 二十, 二十三, 一十二; 两 alone for 2.  Its value, or -1.
 */
static long
zh_number(const char *p, const char *e)
{
	const char	*q = p;
	int		 tens, units;

	if ((tens = zh_digit(&q, e, 1)) >= 0 && q == e)
		return tens;
	q = p;
	tens = 1;
	if (!accept(&q, e, "十")) {
		tens = zh_digit(&q, e, 0);
		if (tens < 1 || !accept(&q, e, "十"))
			return -1;
	}
	units = 0;
	if (q < e && ((units = zh_digit(&q, e, 0)) < 1 || q != e))
		return -1;
	return tens * 10 + units;
}

int
xf_check_people(const char *s, long *out, const char **why)
{
	static const char *const big[] = { "百", "千", "万", "亿" };
	char		 buf[CLEAN_MAX];
	const char	*p, *e, *q;
	size_t		 len, i;
	long		 v;

	p = clean(s, buf, &len);
	e = p + len;
	/* 5人, 5 人, 五人; 5名 too. */
	if (e - p >= 3 && (memcmp(e - 3, "人", 3) == 0 ||
	    memcmp(e - 3, "名", 3) == 0)) {
		e -= 3;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
	}
	if (p == e)
		return xf_fail(why, "not a number of people (1 or more)");
	if (xf_isdigit(*p)) {
		v = 0;
		for (q = p; q < e && xf_isdigit(*q); q++)
			if (v <= 1000000)
				v = v * 10 + (*q - '0');
		if (q != e)
			return xf_fail(why, "not a number of people (1 or "
			    "more)");
	} else if ((v = zh_number(p, e)) == -1) {
		for (i = 0; i < sizeof(big) / sizeof(big[0]); i++)
			for (q = p; q + 3 <= e; q++)
				if (memcmp(q, big[i], 3) == 0)
					return xf_fail(why, "Chinese numerals "
					    "only up to 九十九 (99): write a "
					    "larger number in digits");
		return xf_fail(why, "not a number of people (1 or more)");
	}
	if (v < 1 || v > 1000000)
		return xf_fail(why, "not a number of people (1 or more)");
	*out = v;
	return 0;
}
