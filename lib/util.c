/*
 * util.c - buffers, messages and UTF-8, shared by the modules of libxf
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf-private.h"

const char *
xf_version(void)
{
	return XF_VERSION;
}

int
xf_version_number(void)
{
	return XF_VERSION_NUMBER;
}

uint32_t
xf_hash(const void *s, size_t len)
{
	const unsigned char	*p = s;
	uint32_t		 h = 2166136261u;

	while (len-- > 0)
		h = (h ^ *p++) * 16777619u;
	return h;
}

uint64_t
xf_hash64(uint64_t h, const void *s, size_t len)
{
	const unsigned char	*p = s;

	while (len-- > 0)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

static int
buf_grow(struct xf_buf *b, size_t more)
{
	size_t	 cap;
	char	*p;

	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	p = realloc(b->p, cap);
	if (p == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
xf_buf_add(struct xf_buf *b, const void *s, size_t n)
{
	if (buf_grow(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
xf_buf_addc(struct xf_buf *b, int c)
{
	if (buf_grow(b, 1) == -1)
		return -1;
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
	return 0;
}

int
xf_buf_adds(struct xf_buf *b, const char *s)
{
	return xf_buf_add(b, s, strlen(s));
}

int
xf_buf_printf(struct xf_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void
xf_buf_reset(struct xf_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
xf_buf_release(struct xf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
xf_verrf(char *buf, size_t len, const char *fmt, va_list ap)
{
	if (buf == NULL || len == 0)
		return;
	vsnprintf(buf, len, fmt, ap);
}

void
xf_errf(char *buf, size_t len, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	xf_verrf(buf, len, fmt, ap);
	va_end(ap);
}

/* The length of the UTF-8 sequence starting at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n, int *partial)
{
	unsigned char	 c = s[0];
	size_t		 len, i;
	unsigned char	 lo = 0x80, hi = 0xBF;

	*partial = 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* past U+10FFFF */
	} else
		return 0;
	for (i = 1; i < len; i++) {
		if (i >= n) {
			*partial = 1;
			return 0;
		}
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

/*
 * Whether p[i..] starts a whole 3-byte sequence led by E1-EC or EE-EF,
 * the leads whose second byte may be any continuation byte.
 */
static inline int
utf8_three(const unsigned char *p, size_t i, size_t len)
{
	return i + 3 <= len && (unsigned)(p[i] - 0xE1) <= 0xEF - 0xE1 &&
	    p[i] != 0xED && ((p[i + 1] | (unsigned)p[i + 2] << 8) & 0xC0C0) ==
	    0x8080;
}

int
xf_utf8_valid(const char *s, size_t len, int partial_ok, size_t *bad)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	int			 partial;

	while (i < len) {
		/* Skip ASCII eight bytes at a time. */
		while (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		/* The common case in Chinese text: whole 3-byte sequences. */
		if (utf8_three(p, i, len)) {
			do
				i += 3;
			while (utf8_three(p, i, len));
			continue;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(p + i, len - i, &partial);
		if (n == 0) {
			if (bad != NULL)
				*bad = i;
			return partial && partial_ok;
		}
		i += n;
	}
	return 1;
}

const char *
xf_quote(const char *s, char *buf, size_t len)
{
	size_t	 n = strlen(s), cut = n, max = 60;
	int	 partial;

	if (len < 8) {
		if (len > 0)
			buf[0] = '\0';
		return buf;
	}
	if (max > len - 4)
		max = len - 4;
	if (n > max) {
		cut = 0;
		while (cut < n) {
			size_t k = utf8_seq((const unsigned char *)s + cut,
			    n - cut, &partial);

			if (k == 0)
				k = 1;
			if (cut + k > max)
				break;
			cut += k;
		}
	}
	memcpy(buf, s, cut);
	if (cut < n)
		memcpy(buf + cut, "…", sizeof "…");	/* 3 bytes and NUL */
	else
		buf[cut] = '\0';
	return buf;
}

int
xf_file_read(const char *path, struct xf_buf *b, char *err, size_t errlen)
{
	char	 chunk[65536];
	size_t	 n;
	FILE	*fp;
	int	 rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		xf_errf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (xf_buf_add(b, chunk, n) == -1) {
			xf_errf(err, errlen, "out of memory");
			rc = -1;
		}
	if (rc == 0 && ferror(fp)) {
		xf_errf(err, errlen, "%s: cannot read", path);
		rc = -1;
	}
	fclose(fp);
	return rc;
}

/* White space a value may carry around it (isspace() in the C locale). */
static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

int
xf_fullwidth(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 cp;

	if (len < 3 || p[0] != 0xEF || (p[1] != 0xBC && p[1] != 0xBD) ||
	    (p[2] & 0xC0) != 0x80)
		return 0;
	cp = 0xF000 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	return cp >= 0xFF01 && cp <= 0xFF5E ? (int)(cp - 0xFEE0) : 0;
}

size_t
xf_ascii_fold(const char *s, size_t len, char *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 r = 0, w = 0, b, e, k;

	/* out may be s: what is written never overtakes what is read. */
	while (r < len) {
		if (p[r] < 0x80) {
			out[w++] = (char)p[r++];
			continue;
		}
		if ((k = xf_fullwidth(s + r, len - r)) != 0) {
			out[w++] = (char)k;
			r += 3;
			continue;
		}
		if ((k = xf_space_len(s + r, len - r)) > 1) {
			out[w++] = ' ';		/* U+3000, U+00A0 */
			r += k;
			continue;
		}
		out[w++] = (char)p[r++];
	}

	b = 0;
	e = w;
	while (b < e && is_blank((unsigned char)out[b]))
		b++;
	while (e > b && is_blank((unsigned char)out[e - 1]))
		e--;
	if (b < e && out[b] == '\'') {
		b++;
		while (b < e && is_blank((unsigned char)out[b]))
			b++;
	}
	if (b > 0 && e > b)
		memmove(out, out + b, e - b);
	w = e - b;
	out[w] = '\0';
	return w;
}

void *
xf_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t	 n;

	if (need <= *cap)
		return p;
	n = *cap != 0 ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return NULL;
		n *= 2;
	}
	p = realloc(p, n * size);
	if (p != NULL)
		*cap = n;
	return p;
}

const char *
xf_tmp_dir(void)
{
	const char	*dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

int
xf_tmp_file(char **path, char *err, size_t errlen)
{
	const char	*dir = xf_tmp_dir();
	size_t		 len = strlen(dir) + sizeof("/xf.XXXXXX");
	char		*name;
	int		 fd;

	if ((name = malloc(len)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(name, len, "%s/xf.XXXXXX", dir);
	if ((fd = mkstemp(name)) == -1) {
		xf_errf(err, errlen, "a temporary file in %s: %s", dir,
		    strerror(errno));
		free(name);
		return -1;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (path != NULL)
		*path = name;
	else {
		unlink(name);
		free(name);
	}
	return fd;
}

size_t
xf_utf8_put(char out[4], unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

void
xf_copy(char *dst, size_t size, const char *src)
{
	size_t	 n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

size_t
xf_space_len(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (len >= 1 && (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r')))
		return 1;
	if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (len >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}
