/*
 * docx.c - an office's own .docx template (its 红头 document) with
 * {{name}} placeholders, filled in for cases: the parts of the zip read
 * with libminizip, the placeholders found in the text of each paragraph
 * of word/document.xml even when Word split them across runs, the
 * cases' bodies one after the other with a page break between, the
 * result checked with libexpat and written back as a zip.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>

#include "xf-private.h"

#define DOCUMENT	"word/document.xml"

struct part {
	char		*name;
	struct xf_buf	 data;
};

struct xf_docx {
	char		*path;
	struct part	*parts;
	size_t		 nparts;
	size_t		 cap;
	size_t		 doc;		/* the part word/document.xml */
	size_t		 body;		/* where the body's content begins */
	size_t		 tail;		/* and ends: the last w:sectPr */
	struct xf_buf	 out;		/* the bodies of the cases added */
	int		 cases;
};

/* Read every part of the zip at path; 0, or -1 with err. */
static int
read_parts(xf_docx *d, char *err, size_t errlen)
{
	unz_file_info64	 fi;
	struct part	*p;
	unzFile		 uf;
	char		 name[1024], buf[65536];
	int		 rc, n;

	if ((uf = unzOpen64(d->path)) == NULL) {
		xf_errf(err, errlen, "%s: cannot open as a .docx (a zip)",
		    d->path);
		return -1;
	}
	for (rc = unzGoToFirstFile(uf); rc == UNZ_OK; rc = unzGoToNextFile(uf)) {
		if (unzGetCurrentFileInfo64(uf, &fi, name, sizeof name, NULL, 0,
		    NULL, 0) != UNZ_OK || unzOpenCurrentFile(uf) != UNZ_OK)
			break;
		if ((p = xf_grow(d->parts, &d->cap, d->nparts + 1,
		    sizeof *p)) == NULL)
			break;
		d->parts = p;
		p = &d->parts[d->nparts];
		memset(p, 0, sizeof *p);
		if ((p->name = strdup(name)) == NULL)
			break;
		d->nparts++;
		while ((n = unzReadCurrentFile(uf, buf, sizeof buf)) > 0)
			if (xf_buf_add(&p->data, buf, (size_t)n) == -1)
				break;
		if (unzCloseCurrentFile(uf) != UNZ_OK || n != 0)
			break;
		/* A part read whole is a string too. */
		if (xf_buf_addc(&p->data, '\0') == -1)
			break;
		p->data.len--;
	}
	unzClose(uf);
	if (rc != UNZ_END_OF_LIST_OF_FILE) {
		xf_errf(err, errlen, "%s: cannot read the .docx", d->path);
		return -1;
	}
	return 0;
}

/* The start of the text of a w:t element at p (after its '>'), or NULL. */
static const char *
text_start(const char *p)
{
	const char *e;

	if (strncmp(p, "<w:t>", 5) == 0)
		return p + 5;
	if (strncmp(p, "<w:t ", 5) != 0 || (e = strchr(p, '>')) == NULL ||
	    e[-1] == '/')
		return NULL;
	return e + 1;
}

/* A run of text in the XML: its inner text's offsets. */
struct seg {
	size_t	 from;
	size_t	 to;
};

/*
 * One paragraph's runs of text (xml[segs[i].from .. segs[i].to]) with
 * its placeholders filled: appended to out, the XML between the runs
 * copied as it is, from at to end.  With item NULL, only the names are
 * checked.  0, -1 with err for an unknown name, -2 for memory.
 */
static int
fill_paragraph(const char *xml, size_t at, size_t end, const struct seg *segs,
    size_t n, const xf_settings *set, const xf_record *item,
    const struct xf_document *doc, struct xf_buf *out, const char *name,
    long para, char *err, size_t errlen)
{
	struct xf_buf	 text = { 0 };
	size_t		 i, k, o, nm_len;
	char		*drop = NULL, **val = NULL, buf[128];
	const char	*open, *close, *nm, *v;
	int		 rc = -2;

	/* The paragraph's text. */
	for (i = 0; i < n; i++)
		if (xf_buf_add(&text, xml + segs[i].from, segs[i].to -
		    segs[i].from) == -1)
			goto out;
	if (xf_buf_addc(&text, '\0') == -1 ||
	    (drop = calloc(text.len + 1, 1)) == NULL ||
	    (val = calloc(text.len + 1, sizeof *val)) == NULL)
		goto out;
	text.len--;
	/* Placeholders: dropped, their value put in at their first byte. */
	for (open = strstr(text.p, "{{"); open != NULL;
	    open = strstr(close + 2, "{{")) {
		if ((close = strstr(open + 2, "}}")) == NULL)
			break;
		nm = open + 2;
		nm_len = (size_t)(close - nm);
		xf_placeholder_trim(&nm, &nm_len);
		if ((v = xf_placeholder(set, item, doc, nm, nm_len, buf,
		    sizeof buf)) == NULL) {
			xf_errf(err, errlen, "%s:%ld: unknown placeholder "
			    "'%.*s'", name, para, (int)nm_len, nm);
			rc = -1;
			goto out;
		}
		memset(drop + (open - text.p), 1, (size_t)(close + 2 - open));
		if ((val[open - text.p] = strdup(v)) == NULL)
			goto out;
	}
	if (item == NULL) {
		rc = 0;
		goto out;
	}
	/* The XML again, each run's text as filled. */
	for (i = 0, k = 0; i < n; i++) {
		if (xf_buf_add(out, xml + at, segs[i].from - at) == -1)
			goto out;
		for (o = segs[i].from; o < segs[i].to; o++, k++)
			if ((!drop[k] && xf_buf_addc(out, text.p[k]) == -1) ||
			    (val[k] != NULL && xf_xml_escape(out, val[k]) !=
			    0))
				goto out;
		at = segs[i].to;
	}
	rc = xf_buf_add(out, xml + at, end - at) == -1 ? -2 : 0;
out:
	if (rc == -2)
		xf_errf(err, errlen, "out of memory");
	for (k = 0; val != NULL && k < text.len; k++)
		free(val[k]);
	xf_buf_release(&text);
	free(drop);
	free(val);
	return rc;
}

/*
 * The body (xml from..to) filled for a case, appended to out; item
 * NULL: checked only.  0, or -1 with err.
 */
static int
fill(const char *xml, size_t from, size_t to, const xf_settings *set,
    const xf_record *item, const struct xf_document *doc,
    struct xf_buf *out, const char *name, char *err, size_t errlen)
{
	struct seg	*segs = NULL, *s;
	size_t		 n = 0, cap = 0, at = from, i;
	const char	*t, *e;
	long		 para = 1;
	int		 rc = 0;

	for (i = from; i < to && rc == 0; i++) {
		if (xml[i] != '<')
			continue;
		if ((t = text_start(xml + i)) != NULL) {
			if ((e = strstr(t, "</w:t>")) == NULL ||
			    (size_t)(e - xml) > to)
				break;
			if ((s = xf_grow(segs, &cap, n + 1, sizeof *s)) ==
			    NULL) {
				xf_errf(err, errlen, "out of memory");
				rc = -1;
				break;
			}
			segs = s;
			segs[n].from = (size_t)(t - xml);
			segs[n].to = (size_t)(e - xml);
			n++;
			i = (size_t)(e - xml);
		} else if (strncmp(xml + i, "</w:p>", 6) == 0) {
			rc = fill_paragraph(xml, at, i + 6, segs, n, set, item,
			    doc, out, name, para, err, errlen) == 0 ? 0 : -1;
			at = i + 6;
			n = 0;
			para++;
		}
	}
	if (rc == 0)
		rc = fill_paragraph(xml, at, to, segs, n, set, item, doc, out,
		    name, para, err, errlen) == 0 ? 0 : -1;
	free(segs);
	return rc;
}

/* Whether text is well-formed XML (libexpat). */
static int
well_formed(const char *text, size_t len)
{
	XML_Parser	 p = XML_ParserCreate("UTF-8");
	int		 ok;

	if (p == NULL)
		return 0;
	ok = XML_Parse(p, text, (int)len, 1) == XML_STATUS_OK;
	XML_ParserFree(p);
	return ok;
}

xf_docx *
xf_docx_open(const char *path, char *err, size_t errlen)
{
	xf_docx		*d;
	const char	*xml, *b, *end, *sect, *q;
	size_t		 i;

	if ((d = calloc(1, sizeof *d)) == NULL ||
	    (d->path = strdup(path)) == NULL) {
		free(d);
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	if (read_parts(d, err, errlen) == -1)
		goto fail;
	for (i = 0; i < d->nparts && strcmp(d->parts[i].name, DOCUMENT) != 0;
	    i++)
		;
	if (i == d->nparts || d->parts[i].data.p == NULL) {
		xf_errf(err, errlen, "%s: not a .docx: no %s", path, DOCUMENT);
		goto fail;
	}
	d->doc = i;
	xml = d->parts[i].data.p;
	if (!well_formed(xml, d->parts[i].data.len) ||
	    (b = strstr(xml, "<w:body")) == NULL ||
	    (b = strchr(b, '>')) == NULL ||
	    (end = strstr(b, "</w:body>")) == NULL) {
		xf_errf(err, errlen, "%s: %s: not the XML of a document",
		    path, DOCUMENT);
		goto fail;
	}
	/* The section's properties, last in the body, are the tail. */
	for (sect = NULL, q = b; (q = strstr(q, "<w:sectPr")) != NULL &&
	    q < end; q++)
		sect = q;
	d->body = (size_t)(b + 1 - xml);
	d->tail = (size_t)((sect != NULL ? sect : end) - xml);
	/* Every placeholder known, before anything is filled in. */
	if (fill(xml, d->body, d->tail, NULL, NULL, NULL, NULL, path, err,
	    errlen) == -1)
		goto fail;
	return d;
fail:
	xf_docx_free(d);
	return NULL;
}

int
xf_docx_add(xf_docx *d, const xf_settings *set, const xf_record *item,
    const struct xf_document *doc, char *err, size_t errlen)
{
	const char	*xml = d->parts[d->doc].data.p;

	/* Each case on a page of its own. */
	if (d->cases > 0 && xf_buf_adds(&d->out, "<w:p><w:r><w:br "
	    "w:type=\"page\"/></w:r></w:p>") == -1) {
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	if (fill(xml, d->body, d->tail, set, item, doc, &d->out, d->path, err,
	    errlen) == -1)
		return -1;
	d->cases++;
	return 0;
}

/* Copy the file at path to fp; 0, or -1. */
static int
copy_file(const char *path, FILE *fp)
{
	FILE	*in = fopen(path, "rb");
	char	 buf[65536];
	size_t	 n;
	int	 rc = 0;

	if (in == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, fp) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	fclose(in);
	return rc;
}

int
xf_docx_write(xf_docx *d, FILE *fp, char *err, size_t errlen)
{
	struct xf_buf	 xml = { 0 };
	const struct part *p = &d->parts[d->doc];
	zipFile		 zf = NULL;
	char		*tmp = NULL;
	size_t		 i;
	int		 fd, rc = -1;

	if (xf_buf_add(&xml, p->data.p, d->body) == -1 ||
	    xf_buf_add(&xml, d->out.p != NULL ? d->out.p : "", d->out.len) ==
	    -1 || xf_buf_adds(&xml, p->data.p + d->tail) == -1) {
		xf_errf(err, errlen, "out of memory");
		goto out;
	}
	if (!well_formed(xml.p, xml.len)) {
		xf_errf(err, errlen, "%s: the document filled in is not "
		    "well-formed XML", d->path);
		goto out;
	}
	if ((fd = xf_tmp_file(&tmp, err, errlen)) == -1)
		goto out;
	close(fd);
	if ((zf = zipOpen64(tmp, APPEND_STATUS_CREATE)) == NULL) {
		xf_errf(err, errlen, "%s: cannot write", tmp);
		goto out;
	}
	for (i = 0; i < d->nparts; i++) {
		const struct xf_buf *data = i == d->doc ? &xml :
		    &d->parts[i].data;

		if (zipOpenNewFileInZip64(zf, d->parts[i].name, NULL, NULL, 0,
		    NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0) !=
		    ZIP_OK || zipWriteInFileInZip(zf, data->p != NULL ?
		    data->p : "", (unsigned)data->len) != ZIP_OK ||
		    zipCloseFileInZip(zf) != ZIP_OK) {
			xf_errf(err, errlen, "%s: cannot write", tmp);
			goto out;
		}
	}
	if (zipClose(zf, NULL) != ZIP_OK) {
		zf = NULL;
		xf_errf(err, errlen, "%s: cannot write", tmp);
		goto out;
	}
	zf = NULL;
	if (copy_file(tmp, fp) == -1) {
		xf_errf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (zf != NULL)
		zipClose(zf, NULL);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	xf_buf_release(&xml);
	return rc;
}

void
xf_docx_reset(xf_docx *d)
{
	xf_buf_reset(&d->out);
	d->cases = 0;
}

void
xf_docx_free(xf_docx *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nparts; i++) {
		free(d->parts[i].name);
		xf_buf_release(&d->parts[i].data);
	}
	free(d->parts);
	xf_buf_release(&d->out);
	free(d->path);
	free(d);
}
