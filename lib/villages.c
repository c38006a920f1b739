/*
 * villages.c - the list of the office's villages and communities (村、
 * 社区), 12-digit division codes, from the file the villages setting
 * names: what xf-stats counts petition-free villages (无上访村) over
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

struct village {
	char	 code[13];
	long	 line;
};

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct village *)a)->code,
	    ((const struct village *)b)->code);
}

/* The line's code and name (NUL-terminated in place); 0 blank, 1, -1. */
static int
split(char *s, char **code, char **name)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	if (*s == '\0' || *s == '#')
		return 0;
	*code = s;
	s += strcspn(s, "\t, ");
	if (*s != '\0')
		*s++ = '\0';
	while (*s == '\t' || *s == ',' || *s == ' ')
		s++;
	*name = s;
	return 1;
}

char *
xf_villages_load(const char *path, char *err, size_t errlen)
{
	struct xf_buf	 json = { 0 };
	struct village	*v = NULL, *nv;
	FILE		*fp;
	char		*line = NULL, *code, *name;
	const char	*why;
	size_t		 cap = 0, n = 0, vcap = 0, i;
	long		 lineno = 0;
	int		 rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		xf_errf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return NULL;
	}
	rc |= xf_buf_addc(&json, '[');
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		if (split(line, &code, &name) == 0)
			continue;
		/* A header row: its first column is no code. */
		if (n == 0 && !isdigit((unsigned char)*code))
			continue;
		if (strlen(code) != 12 || xf_check_region(code, &why) == -1) {
			xf_errf(err, errlen, "%s:%ld: '%.40s': not a 12-digit "
			    "division code", path, lineno, code);
			goto fail;
		}
		if (n == vcap) {
			vcap = vcap ? vcap * 2 : 256;
			if ((nv = realloc(v, vcap * sizeof *v)) == NULL)
				goto nomem;
			v = nv;
		}
		memcpy(v[n].code, code, 13);
		v[n++].line = lineno;
		rc |= xf_buf_printf(&json, "%s{\"code\":\"%s\",\"name\":\"",
		    n > 1 ? "," : "", code);
		rc |= xf_json_escape(&json, name, strlen(name));
		rc |= xf_buf_adds(&json, "\"}");
	}
	if (ferror(fp)) {
		xf_errf(err, errlen, "%s: cannot read", path);
		goto fail;
	}
	rc |= xf_buf_addc(&json, ']');
	if (rc != 0)
		goto nomem;
	if (n > 0)
		qsort(v, n, sizeof *v, by_code);
	for (i = 1; i < n; i++)
		if (strcmp(v[i].code, v[i - 1].code) == 0) {
			xf_errf(err, errlen, "%s:%ld: %s: listed twice (line "
			    "%ld)", path, v[i].line > v[i - 1].line ?
			    v[i].line : v[i - 1].line, v[i].code,
			    v[i].line > v[i - 1].line ? v[i - 1].line :
			    v[i].line);
			goto fail;
		}
	free(v);
	free(line);
	fclose(fp);
	return json.p;
nomem:
	xf_errf(err, errlen, "out of memory");
fail:
	free(v);
	free(line);
	fclose(fp);
	xf_buf_release(&json);
	return NULL;
}
