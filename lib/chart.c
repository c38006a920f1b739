/*
 * chart.c - labelled values drawn as an SVG element: the charts of the
 * page a cron job writes (scripts/cron-daily), made here so that the
 * page needs nothing from the network: no fonts, styles or scripts
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

/* The geometry, in pixels. */
#define FONT		13	/* text */
#define SMALL		11	/* axis labels */
#define TITLE_H		34	/* the title's band */
#define ROW_H		24	/* a bar's row */
#define BAR_W		420	/* the longest bar */
#define VALUE_W		90	/* the value after a bar */
#define LABEL_MAX	260	/* labels are cut to this */
#define LINE_W		720	/* a line chart */
#define LINE_H		300
#define AXIS_W		60	/* the value axis of a line chart */
#define XAXIS_H		44	/* the label axis of a line chart */
#define LABELS_MAX	8	/* labels under a line chart, at most */

#define COLOUR_BAR	"#4a78b0"
#define COLOUR_TARGET	"#c0392b"
#define COLOUR_GRID	"#dddddd"
#define COLOUR_TEXT	"#222222"

struct point {
	char	*label;
	char	*value;		/* as given, NULL: none */
	char	*target;
	double	 v, t;
};

struct xf_chart {
	enum xf_chart_kind	 kind;
	char			*title;
	char			*unit;
	struct point		*p;
	size_t			 n, cap;
};

static char *
dup(const char *s)
{
	return s == NULL || *s == '\0' ? NULL : strdup(s);
}

xf_chart *
xf_chart_new(enum xf_chart_kind kind, const char *title, const char *unit)
{
	xf_chart	*c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->kind = kind;
	if ((title != NULL && (c->title = strdup(title)) == NULL) ||
	    (unit != NULL && (c->unit = strdup(unit)) == NULL)) {
		xf_chart_free(c);
		return NULL;
	}
	return c;
}

void
xf_chart_free(xf_chart *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->p[i].label);
		free(c->p[i].value);
		free(c->p[i].target);
	}
	free(c->p);
	free(c->title);
	free(c->unit);
	free(c);
}

/* A finite number, the whole of s. */
static int
number(const char *s, double *out)
{
	char	*end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || *out != *out ||
	    *out > 1e300 || *out < -1e300)
		return -1;
	return 0;
}

int
xf_chart_add(xf_chart *c, const char *label, const char *value,
    const char *target)
{
	struct point	 pt = { 0 }, *np;
	int		 has_v = value != NULL && *value != '\0';
	int		 has_t = target != NULL && *target != '\0';

	if ((has_v && number(value, &pt.v) == -1) ||
	    (has_t && number(target, &pt.t) == -1))
		return -1;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;

		if ((np = reallocarray(c->p, cap, sizeof *np)) == NULL)
			return -1;
		c->p = np;
		c->cap = cap;
	}
	pt.label = strdup(label != NULL ? label : "");
	pt.value = dup(value);
	pt.target = dup(target);
	if (pt.label == NULL || (has_v && pt.value == NULL) ||
	    (has_t && pt.target == NULL)) {
		free(pt.label);
		free(pt.value);
		free(pt.target);
		return -1;
	}
	c->p[c->n++] = pt;
	return 0;
}

/*
 * Text as XML character data or attribute value: the five specials
 * escaped, and the control characters XML 1.0 forbids left out.
 */
int
xf_xml_escape(struct xf_buf *b, const char *s)
{
	int	 rc = 0;

	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			rc |= xf_buf_adds(b, "&amp;");
			break;
		case '<':
			rc |= xf_buf_adds(b, "&lt;");
			break;
		case '>':
			rc |= xf_buf_adds(b, "&gt;");
			break;
		case '"':
			rc |= xf_buf_adds(b, "&quot;");
			break;
		case '\'':
			rc |= xf_buf_adds(b, "&#39;");
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				rc |= xf_buf_addc(b, *s);
		}
	return rc;
}

/*
 * The width of text in pixels at size px, roughly: Chinese characters
 * are a square, others a little over half of one.  There is no font
 * to measure: the browser picks one.
 */
static int
text_width(const char *s, int px)
{
	int	 w10 = 0;	/* tenths of px */

	for (; *s != '\0'; s++) {
		unsigned char u = (unsigned char)*s;

		if (u < 0x80)
			w10 += px * 6;
		else if (u >= 0xe0)	/* a 3 or 4 byte sequence: wide */
			w10 += px * 10;
		else if (u >= 0xc0)
			w10 += px * 6;
	}
	return w10 / 10;
}

/*
 * The top of a scale gridded at quarters: four times a round step (1, 2,
 * 2.5 or 5 times a power of 10) at least max / 4; whole steps only when
 * the values are whole (counts), so that no tick reads 12.5.
 */
static double
nice(double max, int whole)
{
	static const double steps[] = { 1, 2, 2.5, 5 };
	double	 p = 1, want = max / 4;
	size_t	 i;

	if (!(max > 0))
		return whole ? 4 : 1;
	while (p * 10 < want)
		p *= 10;
	while (p > want)
		p /= 10;
	for (;;) {
		for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
			if (steps[i] * p >= want && (!whole ||
			    steps[i] * p == floor(steps[i] * p)))
				return 4 * steps[i] * p;
		p *= 10;
	}
}

/* The top of the value scale: 100 for percentages, else round. */
static double
scale(const xf_chart *c)
{
	double	 max = 0;
	size_t	 i;
	int	 whole = 1;

	for (i = 0; i < c->n; i++) {
		if (c->p[i].value != NULL && c->p[i].v > max)
			max = c->p[i].v;
		if (c->p[i].target != NULL && c->p[i].t > max)
			max = c->p[i].t;
		if ((c->p[i].value != NULL && c->p[i].v != floor(c->p[i].v)) ||
		    (c->p[i].target != NULL && c->p[i].t != floor(c->p[i].t)))
			whole = 0;
	}
	if (c->unit != NULL && strcmp(c->unit, "%") == 0 && max <= 100)
		return 100;
	return nice(max, whole);
}

/* A tick's label: 2.5 as "2.5", 100 as "100". */
static int
tick(struct xf_buf *b, double v)
{
	return xf_buf_printf(b, "%g", v);
}

/* "label: value unit (target T)", the tooltip of a point. */
static int
tooltip(struct xf_buf *b, const xf_chart *c, const struct point *p)
{
	int	 rc = 0;

	rc |= xf_buf_adds(b, "<title>");
	rc |= xf_xml_escape(b, p->label);
	rc |= xf_buf_adds(b, ": ");
	rc |= xf_xml_escape(b, p->value != NULL ? p->value : "-");
	if (p->value != NULL && c->unit != NULL)
		rc |= xf_xml_escape(b, c->unit);
	if (p->target != NULL) {
		rc |= xf_buf_adds(b, " (target ");
		rc |= xf_xml_escape(b, p->target);
		if (c->unit != NULL)
			rc |= xf_xml_escape(b, c->unit);
		rc |= xf_buf_adds(b, ")");
	}
	return rc | xf_buf_adds(b, "</title>");
}

static int
head(struct xf_buf *b, const xf_chart *c, int w, int h)
{
	int	 rc = 0;

	rc |= xf_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\""
	    " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
	    " font-family=\"sans-serif\" font-size=\"%d\" fill=\"%s\""
	    " role=\"img\">\n", w, h, w, h, FONT, COLOUR_TEXT);
	if (c->title != NULL) {
		rc |= xf_buf_adds(b, "<title>");
		rc |= xf_xml_escape(b, c->title);
		rc |= xf_buf_printf(b, "</title>\n<text x=\"8\" y=\"22\""
		    " font-size=\"15\" font-weight=\"bold\">");
		rc |= xf_xml_escape(b, c->title);
		rc |= xf_buf_adds(b, "</text>\n");
	}
	return rc;
}

/* The key of the target marks, at y. */
static int
target_key(struct xf_buf *b, int x, int y)
{
	return xf_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\""
	    " y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>\n<text x=\"%d\""
	    " y=\"%d\" font-size=\"%d\">目标 target</text>\n", x, y - 10, x,
	    y + 2, COLOUR_TARGET, x + 6, y, SMALL);
}

static int
has_targets(const xf_chart *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (c->p[i].target != NULL)
			return 1;
	return 0;
}

/* Bars across, a row a point: label, bar, value, target mark. */
static int
bars(struct xf_buf *b, const xf_chart *c)
{
	double	 max = scale(c);
	int	 label_w = 0, left, top = TITLE_H, w, h, x, tx, y, k, rc = 0;
	int	 targets = has_targets(c);
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if ((w = text_width(c->p[i].label, FONT)) > label_w)
			label_w = w;
	if (label_w > LABEL_MAX)
		label_w = LABEL_MAX;
	left = label_w + 16;
	w = left + BAR_W + VALUE_W;
	h = top + (int)c->n * ROW_H + 28 + (targets ? 20 : 0);
	rc |= head(b, c, w, h);

	/* The grid, at quarters of the scale, with its numbers below. */
	for (k = 0; k <= 4; k++) {
		x = left + BAR_W * k / 4;
		rc |= xf_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\""
		    " y2=\"%d\" stroke=\"%s\"/>\n<text x=\"%d\" y=\"%d\""
		    " font-size=\"%d\" text-anchor=\"middle\">", x, top, x,
		    top + (int)c->n * ROW_H, k ? COLOUR_GRID : COLOUR_TEXT, x,
		    top + (int)c->n * ROW_H + 16, SMALL);
		rc |= tick(b, max * k / 4);
		rc |= xf_buf_adds(b, "</text>\n");
	}
	for (i = 0; i < c->n; i++) {
		const struct point *p = &c->p[i];

		y = top + (int)i * ROW_H;
		rc |= xf_buf_adds(b, "<g>");
		rc |= tooltip(b, c, p);
		rc |= xf_buf_printf(b, "<text x=\"%d\" y=\"%d\""
		    " text-anchor=\"end\"", left - 8, y + 17);
		/* A label too long is squeezed, not cut. */
		if (text_width(p->label, FONT) > LABEL_MAX)
			rc |= xf_buf_printf(b, " textLength=\"%d\""
			    " lengthAdjust=\"spacingAndGlyphs\"", LABEL_MAX);
		rc |= xf_buf_adds(b, ">");
		rc |= xf_xml_escape(b, *p->label != '\0' ? p->label : "-");
		rc |= xf_buf_adds(b, "</text>");
		x = left;
		if (p->value != NULL) {
			x = left + (int)(BAR_W * (p->v > 0 ? p->v : 0) / max +
			    0.5);
			rc |= xf_buf_printf(b, "<rect x=\"%d\" y=\"%d\""
			    " width=\"%d\" height=\"16\" fill=\"%s\"/>", left,
			    y + 4, x - left, COLOUR_BAR);
		}
		/* The value after the bar, or after a target beyond it. */
		tx = left + (int)(BAR_W * (p->t > 0 ? p->t : 0) / max + 0.5);
		rc |= xf_buf_printf(b, "<text x=\"%d\" y=\"%d\">",
		    (p->target != NULL && tx + 1 > x ? tx + 1 : x) + 6, y + 17);
		rc |= xf_xml_escape(b, p->value != NULL ? p->value : "-");
		if (p->value != NULL && c->unit != NULL)
			rc |= xf_xml_escape(b, c->unit);
		rc |= xf_buf_adds(b, "</text>");
		if (p->target != NULL)
			rc |= xf_buf_printf(b, "<line x1=\"%d\" y1=\"%d\""
			    " x2=\"%d\" y2=\"%d\" stroke=\"%s\""
			    " stroke-width=\"2\"/>", tx, y + 1, tx,
			    y + ROW_H - 1, COLOUR_TARGET);
		rc |= xf_buf_adds(b, "</g>\n");
	}
	if (targets)
		rc |= target_key(b, left, h - 10);
	return rc | xf_buf_adds(b, "</svg>\n");
}

/* A line over the points in order; a point without a value is a gap. */
static int
line(struct xf_buf *b, const xf_chart *c)
{
	double	 max = scale(c);
	int	 top = TITLE_H + 10, left = AXIS_W, right = 44;
	int	 pw = LINE_W - left - right, ph, y, k, rc = 0, open = 0;
	int	 targets = has_targets(c);
	size_t	 i, every;

	ph = LINE_H - top - XAXIS_H - (targets ? 20 : 0);
	rc |= head(b, c, LINE_W, LINE_H);
	for (k = 0; k <= 4; k++) {
		y = top + ph - ph * k / 4;
		rc |= xf_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\""
		    " y2=\"%d\" stroke=\"%s\"/>\n<text x=\"%d\" y=\"%d\""
		    " font-size=\"%d\" text-anchor=\"end\">", left, y,
		    left + pw, y, k ? COLOUR_GRID : COLOUR_TEXT, left - 6,
		    y + 4, SMALL);
		rc |= tick(b, max * k / 4);
		rc |= xf_buf_adds(b, "</text>\n");
	}
#define PX(i)	(c->n == 1 ? left + pw / 2 : \
	left + (int)((double)pw * (double)(i) / (double)(c->n - 1) + 0.5))
#define PY(v)	(top + ph - (int)(ph * ((v) > 0 ? (v) : 0) / max + 0.5))
	/* The line, broken where a value is missing. */
	for (i = 0; i < c->n; i++) {
		if (c->p[i].value == NULL) {
			if (open)
				rc |= xf_buf_adds(b, "\"/>\n");
			open = 0;
			continue;
		}
		if (!open)
			rc |= xf_buf_printf(b, "<polyline fill=\"none\""
			    " stroke=\"%s\" stroke-width=\"2\" points=\"",
			    COLOUR_BAR);
		rc |= xf_buf_printf(b, "%s%d,%d", open ? " " : "", PX(i),
		    PY(c->p[i].v));
		open = 1;
	}
	if (open)
		rc |= xf_buf_adds(b, "\"/>\n");
	/* The points, each with its tooltip, and the targets. */
	for (i = 0; i < c->n; i++) {
		if (c->p[i].target != NULL)
			rc |= xf_buf_printf(b, "<line x1=\"%d\" y1=\"%d\""
			    " x2=\"%d\" y2=\"%d\" stroke=\"%s\""
			    " stroke-width=\"2\"/>\n", PX(i) - 5,
			    PY(c->p[i].t), PX(i) + 5, PY(c->p[i].t),
			    COLOUR_TARGET);
		if (c->p[i].value == NULL)
			continue;
		rc |= xf_buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"3\""
		    " fill=\"%s\">", PX(i), PY(c->p[i].v), COLOUR_BAR);
		rc |= tooltip(b, c, &c->p[i]);
		rc |= xf_buf_adds(b, "</circle>\n");
	}
	/* Some labels along the bottom, the last always. */
	every = (c->n + LABELS_MAX - 1) / LABELS_MAX;
	for (i = 0; i < c->n; i++) {
		if (i % every != 0 && i != c->n - 1)
			continue;
		if (i != c->n - 1 && c->n - 1 - i < every)
			continue;	/* too close to the last */
		rc |= xf_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\""
		    " text-anchor=\"middle\">", PX(i), top + ph + 18, SMALL);
		rc |= xf_xml_escape(b, c->p[i].label);
		rc |= xf_buf_adds(b, "</text>\n");
	}
#undef PX
#undef PY
	if (targets)
		rc |= target_key(b, left, LINE_H - 8);
	return rc | xf_buf_adds(b, "</svg>\n");
}

int
xf_chart_svg(const xf_chart *c, FILE *fp)
{
	struct xf_buf	 b = { 0 };
	int		 rc;

	rc = c->kind == XF_CHART_LINE ? line(&b, c) : bars(&b, c);
	if (rc == 0 && b.len > 0 && fwrite(b.p, 1, b.len, fp) != b.len)
		rc = -1;
	xf_buf_release(&b);
	return rc == 0 ? 0 : -1;
}
