/*
 * catalog.c - the category catalogue (内容分类): a tree of three levels,
 * kept as the sorted list of every node's path ("一级/二级/三级")
 */
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

struct xf_catalog {
	char	**paths;	/* sorted, unique */
	size_t	  n;
	size_t	  cap;
};

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
add(struct xf_catalog *c, const char *s, size_t len)
{
	char	**p;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 512;
		p = realloc(c->paths, c->cap * sizeof *p);
		if (p == NULL)
			return -1;
		c->paths = p;
	}
	if ((c->paths[c->n] = strndup(s, len)) == NULL)
		return -1;
	c->n++;
	return 0;
}

/* Add the paths of one line "l1\tl2\tl3" (levels may be empty). */
static int
add_line(struct xf_catalog *c, const char *line, size_t len,
    char *err, size_t errlen, const char *file, long lineno)
{
	struct xf_buf	 path = { 0 };
	size_t		 i = 0, j;
	int		 level = 0, rc = 0, gap = 0;

	while (i <= len && level < 3) {
		for (j = i; j < len && line[j] != '\t'; j++)
			;
		if (j == i)
			gap = 1;
		else {
			if (memchr(line + i, '/', j - i) != NULL) {
				xf_errf(err, errlen, "%s:%ld: a category name "
				    "has a '/'", file, lineno);
				rc = -1;
				break;
			}
			if (gap) {
				xf_errf(err, errlen, "%s:%ld: level %d "
				    "without the level above", file, lineno,
				    level + 1);
				rc = -1;
				break;
			}
			if ((level > 0 && xf_buf_addc(&path, '/') == -1) ||
			    xf_buf_add(&path, line + i, j - i) == -1 ||
			    add(c, path.p, path.len) == -1) {
				xf_errf(err, errlen, "out of memory");
				rc = -1;
				break;
			}
		}
		level++;
		i = j + 1;
	}
	xf_buf_release(&path);
	return rc;
}

static struct xf_catalog *
parse(const char *text, size_t len, const char *file, char *err,
    size_t errlen)
{
	struct xf_catalog	*c;
	size_t			 i = 0, j, k, e;
	long			 lineno = 0;

	if ((c = calloc(1, sizeof *c)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	while (i < len) {
		for (j = i; j < len && text[j] != '\n'; j++)
			;
		lineno++;
		e = j;
		if (e > i && text[e - 1] == '\r')
			e--;
		/* The first line is the header; '#' starts a comment. */
		if (lineno > 1 && e > i && text[i] != '#') {
			if (!xf_utf8_valid(text + i, e - i, 0, &k)) {
				xf_errf(err, errlen, "%s:%ld: not valid UTF-8",
				    file, lineno);
				goto fail;
			}
			if (add_line(c, text + i, e - i, err, errlen, file,
			    lineno) == -1)
				goto fail;
		}
		i = j + 1;
	}
	if (c->n == 0) {
		xf_errf(err, errlen, "%s: no categories", file);
		goto fail;
	}
	qsort(c->paths, c->n, sizeof *c->paths, cmp);
	for (i = k = 1; i < c->n; i++) {
		if (strcmp(c->paths[i], c->paths[k - 1]) == 0)
			free(c->paths[i]);
		else
			c->paths[k++] = c->paths[i];
	}
	c->n = k;
	return c;
fail:
	xf_catalog_free(c);
	return NULL;
}

struct xf_catalog *
xf_catalog_new(const char *path, char *err, size_t errlen)
{
	struct xf_catalog	*c = NULL;
	struct xf_buf		 text = { 0 };

	if (path == NULL)
		return parse(xf_data_categories, xf_data_categories_len,
		    "built-in catalogue", err, errlen);
	if (xf_file_read(path, &text, err, errlen) == 0)
		c = parse(text.p ? text.p : "", text.len, path, err, errlen);
	xf_buf_release(&text);
	return c;
}

void
xf_catalog_free(struct xf_catalog *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		free(c->paths[i]);
	free(c->paths);
	free(c);
}

static int
depth(const char *path)
{
	int	 d = 1;

	for (; *path != '\0'; path++)
		d += *path == '/';
	return d;
}

/* How many bytes of b's last level also occur in a's last level. */
static size_t
likeness(const char *a, const char *b)
{
	const char	*la = strrchr(a, '/'), *lb = strrchr(b, '/');
	size_t		 n = 0;

	la = la ? la + 1 : a;
	lb = lb ? lb + 1 : b;
	for (; *lb != '\0'; lb++)
		n += strchr(la, *lb) != NULL;
	return n;
}

int
xf_catalog_has(const struct xf_catalog *c, const char *path, char *near,
    size_t nearlen)
{
	const char	*key = path, *best[3] = { NULL, NULL, NULL };
	size_t		 score[3] = { 0, 0, 0 }, i, s, plen;
	char		 parent[512];
	const char	*slash;
	struct xf_buf	 out = { 0 };
	int		 want, k;

	if (bsearch(&key, c->paths, c->n, sizeof *c->paths, cmp) != NULL)
		return 1;
	if (near == NULL || nearlen == 0)
		return 0;
	/* Candidates: nodes of the same depth under the longest known parent. */
	parent[0] = '\0';
	plen = 0;
	for (slash = strchr(path, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		size_t	 n = (size_t)(slash - path);

		if (n >= sizeof parent)
			break;
		memcpy(parent, path, n);
		parent[n] = '\0';
		key = parent;
		if (bsearch(&key, c->paths, c->n, sizeof *c->paths,
		    cmp) == NULL) {
			parent[plen] = '\0';
			break;
		}
		plen = n;
	}
	parent[plen] = '\0';
	want = plen > 0 ? depth(parent) + 1 : 1;
	for (i = 0; i < c->n; i++) {
		const char *p = c->paths[i];

		if (plen > 0 && (strncmp(p, parent, plen) != 0 ||
		    p[plen] != '/'))
			continue;
		if (depth(p) != want)
			continue;
		s = likeness(p, path) + 1;
		for (k = 0; k < 3; k++)
			if (s > score[k]) {
				memmove(best + k + 1, best + k,
				    (2 - k) * sizeof *best);
				memmove(score + k + 1, score + k,
				    (2 - k) * sizeof *score);
				best[k] = p;
				score[k] = s;
				break;
			}
	}
	for (k = 0; k < 3 && best[k] != NULL; k++)
		if ((k > 0 && xf_buf_adds(&out, ", ") == -1) ||
		    xf_buf_adds(&out, best[k]) == -1)
			break;
	xf_errf(near, nearlen, "%s", out.p ? out.p : "");
	xf_buf_release(&out);
	return 0;
}
