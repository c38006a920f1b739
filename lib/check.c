/*
 * check.c - checks and normal forms of single values: the resident
 * identity card number, phone numbers, division codes, yes and no.
 */
#include <stdio.h>
#include <string.h>

#include "xf-private.h"

/* The most digits a phone number may have, extension included. */
#define PHONE_MAX	24

/* "转", "transfer to": what comes after it is an extension. */
#define ZHUAN		"\xe8\xbd\xac"

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

/* The n digits at s as a number. */
static int
digits_value(const char *s, int n)
{
	int v;

	for (v = 0; n > 0; n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * The citizen identity number of GB 11643-1999: a six-digit division
 * code, the birth date as YYYYMMDD, a three-digit sequence number and
 * a check digit, 0-9 or X for ten.
 */
int
xf_check_id_number(const char *s, char out[19], const char **why)
{
	static const int weight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	const char *p;
	size_t len, i, nchar;
	int y, m, d, sum, last;

	p = trim(s, &len);
	nchar = 0;
	for (i = 0; i < len; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			nchar++;
	if (nchar != 18)
		return xf_fail(why, "not 18 characters");
	/* 18 characters but more bytes: some are not ASCII digits. */
	if (len != 18)
		return xf_fail(why, "not digits");
	for (i = 0; i < 17; i++)
		if (!xf_isdigit(p[i]))
			return xf_fail(why, "not digits");
	last = p[17] == 'x' ? 'X' : p[17];
	if (!xf_isdigit(last) && last != 'X')
		return xf_fail(why, "not digits");

	/* Today is not known here, so a date in the future passes. */
	y = digits_value(p + 6, 4);
	m = digits_value(p + 10, 2);
	d = digits_value(p + 12, 2);
	if (y < 1900 || d < 1 || d > xf_days_in_month(y, m))
		return xf_fail(why, "bad birth date");

	sum = 0;
	for (i = 0; i < 17; i++)
		sum += (p[i] - '0') * weight[i];
	if ("10X98765432"[sum % 11] != last)
		return xf_fail(why, "bad check digit");

	memcpy(out, p, 17);
	out[17] = (char)last;
	out[18] = '\0';
	return 0;
}

/* Step over a country prefix for China at *p; whether there was one. */
static int
skip_country(const char **p, const char *e)
{
	static const char *const prefix[] = { "+86", "0086", "86-" };
	size_t i, n;

	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++) {
		n = strlen(prefix[i]);
		if ((size_t)(e - *p) >= n && memcmp(*p, prefix[i], n) == 0) {
			*p += n;
			return 1;
		}
	}
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
 * A mainland phone number: a mobile number of 11 digits, or a
 * landline number with its area code, as "0371-6123456" or, with an
 * extension, "010-12345678-801".
 */
int
xf_check_phone(const char *s, char *out, size_t outlen, const char **why)
{
	struct landline l;
	char dig[PHONE_MAX + 1], *d;
	const char *p, *e, *q;
	size_t len, n, alen;
	int intl, zhuan, trunk, w;

	p = trim(s, &len);
	e = p + len;
	intl = skip_country(&p, e);

	/* The digits alone, in dig[1..]; dig[0] is room for a trunk '0'. */
	d = dig + 1;
	n = 0;
	zhuan = 0;
	for (q = p; q < e; q++) {
		if (xf_isdigit(*q)) {
			if (n == PHONE_MAX)
				return xf_fail(why, "not a phone number");
			d[n++] = *q;
		} else if ((size_t)(e - q) >= strlen(ZHUAN) &&
		    memcmp(q, ZHUAN, strlen(ZHUAN)) == 0) {
			zhuan = 1;
			q += strlen(ZHUAN) - 1;
		} else if (*q != ' ' && *q != '-')
			return xf_fail(why, "not a phone number");
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
