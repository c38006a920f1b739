/*
 * fuzz-read.h - what the CSV and NDJSON targets share: the input, after
 * a first control byte, read in one format with xf_reader, each record
 * normalised with xf_item_normalize() and written back with xf_writer.
 *
 * The control byte picks the read(2) chunk size (through the testing
 * knob $XF_READ_CHUNK, so that rows, lines and multibyte characters are
 * split at every place), the encoding (UTF-8 or GB18030), whether the
 * format is given or told from the first byte, and the writers' flags.
 * The input is then read again in one chunk: the records (keys, values,
 * lines) and the outcome must be the same whatever the chunk size.
 */
#ifndef XF_FUZZ_READ_H
#define XF_FUZZ_READ_H

#include "fuzz.h"

/* One record, or the end, into the digest of a reading. */
static inline void
fuzz_digest(FILE *dg, const xf_record *r, int rc, const xf_reader *rd)
{
	const char	*v;
	size_t		 i, n, len;

	fprintf(dg, "rc %d\n", rc);
	if (rc == -1)
		fprintf(dg, "error %s\n", xf_reader_errmsg(rd));
	if (rc == XF_READ_BAD)
		fprintf(dg, "bad %s\n", xf_reader_errmsg(rd));
	if (rc != 1 && rc != XF_READ_BAD)
		return;
	fprintf(dg, "line %ld\n", xf_record_line(r));
	n = xf_record_count(r);
	for (i = 0; i < n; i++) {
		v = xf_record_value(r, i, &len);
		fprintf(dg, "%s %d %d %zu:", xf_record_key(r, i),
		    xf_record_field(r, i), xf_record_raw(r, i), len);
		fwrite(v, 1, len, dg);
		fputc('\n', dg);
	}
}

/* Read path; with settings, normalise and write too.  The digest. */
static inline char *
fuzz_read_pass(const char *path, enum xf_format format, const char *enc,
    const char *chunk, unsigned ctl, const xf_settings *settings,
    FILE *null)
{
	xf_reader	*rd;
	xf_record	*r, *item;
	xf_writer	*w = NULL, *wn = NULL;
	FILE		*dg;
	char		 err[512], *digest = NULL;
	size_t		 dlen;
	int		 rc;

	setenv("XF_READ_CHUNK", chunk, 1);
	/* A workbook by its first bytes may be refused when opened. */
	if ((rd = xf_reader_open(path, format, enc, err, sizeof err)) == NULL) {
		digest = strdup(err);
		FUZZ_ASSERT(digest != NULL);
		return digest;
	}
	r = xf_record_new();
	item = xf_record_new();
	dg = open_memstream(&digest, &dlen);
	FUZZ_ASSERT(r != NULL && item != NULL && dg != NULL);
	if (settings != NULL) {
		w = xf_writer_new_plain(null, ctl & 32 ? XF_FORMAT_JSON :
		    XF_FORMAT_CSV, ctl & 64 ? XF_W_LANG_ZH : 0);
		wn = xf_writer_new(null, ctl & 32 ? XF_FORMAT_CSV :
		    XF_FORMAT_JSON, ctl & 128 ?
		    XF_W_HEADER_ZH | XF_W_LANG_ZH : XF_W_REVEAL);
		FUZZ_ASSERT(w != NULL && wn != NULL);
	}
	while ((rc = xf_reader_next(rd, r)) >= 1) {
		FUZZ_ASSERT(xf_record_line(r) >= 1);
		fuzz_digest(dg, r, rc, rd);
		if (rc == XF_READ_BAD)
			FUZZ_ASSERT(xf_reader_errmsg(rd)[0] != '\0');
		if (settings == NULL || rc == XF_READ_BAD)
			continue;
		(void)xf_writer_put(w, r);
		if (xf_item_normalize(settings, r, item, err,
		    sizeof err) == 0)
			(void)xf_writer_put(wn, item);
		else
			FUZZ_ASSERT(err[0] != '\0');
	}
	fuzz_digest(dg, r, rc, rd);
	if (rc == -1) {
		FUZZ_ASSERT(xf_reader_errmsg(rd)[0] != '\0');
		FUZZ_ASSERT(xf_reader_next(rd, r) == -1);
	} else
		FUZZ_ASSERT(xf_reader_next(rd, r) == 0);
	if (settings != NULL) {
		(void)xf_writer_finish(w);
		(void)xf_writer_finish(wn);
	}
	xf_writer_free(w);
	xf_writer_free(wn);
	xf_record_free(r);
	xf_record_free(item);
	xf_reader_close(rd);
	FUZZ_ASSERT(fclose(dg) == 0);
	return digest;
}

static inline int
fuzz_read(const uint8_t *data, size_t len, enum xf_format format)
{
	static const char *const chunks[8] = {
		"1", "2", "3", "5", "7", "64", "4096", "65536"
	};
	static xf_settings	*settings;
	static FILE		*null;
	const char		*path, *enc;
	char			 err[512], *d1, *d2;
	unsigned		 ctl;

	if (len < 1)
		return 0;
	if (settings == NULL &&
	    (settings = xf_settings_new(NULL, err, sizeof err)) == NULL) {
		fprintf(stderr, "settings: %s\n", err);
		abort();
	}
	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		abort();
	ctl = data[0];
	enc = ctl & 8 ? "gb18030" : NULL;
	if (ctl & 16)
		format = XF_FORMAT_AUTO;
	path = fuzz_file("input", data + 1, len - 1);
	d1 = fuzz_read_pass(path, format, enc, chunks[ctl & 7], ctl,
	    settings, null);
	d2 = fuzz_read_pass(path, format, enc, "65536", ctl, NULL, NULL);
	if (strcmp(d1, d2) != 0) {
		fprintf(stderr, "chunk %s read:\n%s\nchunk 65536 read:\n%s\n",
		    chunks[ctl & 7], d1, d2);
		abort();
	}
	free(d1);
	free(d2);
	return 0;
}

#endif
