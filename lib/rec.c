/* rec.c - record streams in (CSV, TSV) and out (TSV, CSV, JSON, table) */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "swt.h"

#define IOBUF (1 << 17)
#define TABLE_ROWS 1000	/* a table is laid out this many rows at a time */

struct swt_reader {
	FILE *fp;
	off_t size;		/* a regular file's, else 0 */
	int own;
	char *iobuf;		/* fp's buffer, when we opened it */
	char *name;
	char *line;		/* the physical line as read */
	size_t linecap;
	char *rest;		/* what follows a lone CR in line, still to come */
	size_t restlen;
	char *conv;		/* the line converted to UTF-8 */
	size_t convcap;
	iconv_t cd;
	long lineno;
	int csv;		/* 0: TSV */
	char delim;
	char stop[256];		/* CSV: the bytes that end a plain field */
	int direct;		/* f and len point into the line itself */
	struct csv_parser p;
	int open;		/* a record has begun and not ended */
	int done;		/* the parser ended a record */
	long start;		/* line the current record began on */
	char *buf;		/* field bytes of the current record */
	size_t used, cap;
	size_t *off;		/* field offsets into buf */
	size_t nf, fcap;
	char **f;		/* handed out in swt_rec */
	size_t *len;
	char **hdr;
	size_t nhdr;
	long hdrline;		/* the line the header is on */
	char err[200];
	long errline;
	int eof;
	int hash;		/* keep a digest of the bytes read */
	struct swt_sha256 sha;
};

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (!(q = realloc(*p, n * size)))
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* Room for one more field: off, f and len always grow together. */
static int
room(struct swt_reader *r)
{
	size_t c = r->fcap, c1 = r->fcap, c2 = r->fcap;

	if (r->nf < r->fcap)
		return 0;
	if (grow((void **)&r->f, &c1, r->nf + 1, sizeof *r->f) ||
	    grow((void **)&r->len, &c2, r->nf + 1, sizeof *r->len) ||
	    grow((void **)&r->off, &c, r->nf + 1, sizeof *r->off))
		return -1;
	r->fcap = c;
	return 0;
}

static int
add_field(struct swt_reader *r, const char *s, size_t len)
{
	if (grow((void **)&r->buf, &r->cap, r->used + len + 1, 1) || room(r))
		return -1;
	r->off[r->nf++] = r->used;
	if (len)
		memcpy(r->buf + r->used, s, len);
	r->used += len;
	r->buf[r->used++] = '\0';
	return 0;
}

static void
cb_field(void *s, size_t len, void *data)
{
	struct swt_reader *r = data;

	if (add_field(r, s ? s : "", s ? len : 0))
		r->err[0] = '!';	/* out of memory, seen after the parse */
}

static void
cb_row(int c, void *data)
{
	(void)c;
	((struct swt_reader *)data)->done = 1;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
swt_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	while (p < e) {
		unsigned c = *p;
		size_t n;
		uint64_t w;

		if (e - p >= 8) {	/* eight ASCII bytes at a time */
			memcpy(&w, p, 8);
			if (!(w & 0x8080808080808080u)) {
				p += 8;
				continue;
			}
		}
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			return 0;
		if ((size_t)(e - p) <= n)
			return 0;
		for (size_t i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
		    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
			return 0;
		p += n + 1;
	}
	return 1;
}

/*
 * Read one line (converted, validated); its length, 0 at the end, -1 on a
 * fatal error.  A line ends at LF, CRLF, or a lone CR as in an old Mac
 * export, which is how libcsv sees it too.
 */
static ssize_t
next_line(struct swt_reader *r, char **out)
{
	ssize_t n;
	char *s, *cr;

	if (r->restlen) {
		s = r->rest;
		n = (ssize_t)r->restlen;
	} else {
		if ((n = getline(&r->line, &r->linecap, r->fp)) < 0) {
			if (ferror(r->fp)) {
				swt_fmt(r->err, sizeof r->err, "read error: "
				    "%s", strerror(errno));
				r->errline = r->lineno;
				return -1;
			}
			return 0;
		}
		if (r->hash)
			swt_sha256_add(&r->sha, r->line, (size_t)n);
		s = r->line;
		if (r->lineno == 0 && n >= 3 && !memcmp(s, "\xef\xbb\xbf",
		    3)) {
			s += 3;
			n -= 3;
		} else if (r->lineno == 0 && n >= 2 && (!memcmp(s, "\xff\xfe",
		    2) || !memcmp(s, "\xfe\xff", 2))) {
			swt_fmt(r->err, sizeof r->err, "UTF-16 text (Excel's "
			    "\"Unicode text\"): save it as \"CSV UTF-8\", or "
			    "convert it: iconv -f UTF-16 -t UTF-8");
			r->errline = 1;
			return -1;
		}
	}
	r->lineno++;
	r->restlen = 0;
	if ((cr = memchr(s, '\r', (size_t)n)) && cr + 1 < s + n &&
	    cr[1] != '\n') {
		r->rest = cr + 1;
		r->restlen = (size_t)(s + n - r->rest);
		n = cr + 1 - s;
	}
	if (r->cd != (iconv_t)-1) {
		char *in = s, *o;
		size_t il = (size_t)n, ol;

		if (grow((void **)&r->conv, &r->convcap, (size_t)n * 3 + 1, 1))
			goto nomem;
		o = r->conv;
		ol = r->convcap;
		if (iconv(r->cd, &in, &il, &o, &ol) == (size_t)-1) {
			swt_fmt(r->err, sizeof r->err,
			    "cannot convert from the given encoding");
			r->errline = r->lineno;
			return -1;
		}
		s = r->conv;
		n = o - r->conv;
	} else if (!swt_utf8_valid(s, (size_t)n)) {
		swt_fmt(r->err, sizeof r->err, "not valid UTF-8 (a Windows "
		    "export? try --encoding cp1252)");
		r->errline = r->lineno;
		return -1;
	}
	if (memchr(s, '\0', (size_t)n)) {
		swt_fmt(r->err, sizeof r->err, "a NUL byte: not a text file");
		r->errline = r->lineno;
		return -1;
	}
	*out = s;
	return n;
nomem:
	swt_fmt(r->err, sizeof r->err, "out of memory");
	r->errline = r->lineno;
	return -1;
}

size_t
swt_tsv_unescape(char *s, size_t len)
{
	char *o = s, *e = s + len, *p = memchr(s, '\\', len);

	if (!p)
		return len;
	o = p;
	for (; p < e; p++) {
		if (*p != '\\' || p + 1 == e) {
			*o++ = *p;
			continue;
		}
		switch (p[1]) {
		case 't': *o++ = '\t'; p++; break;
		case 'n': *o++ = '\n'; p++; break;
		case 'r': *o++ = '\r'; p++; break;
		case '\\': *o++ = '\\'; p++; break;
		default: *o++ = '\\'; break;	/* unknown: kept as it is */
		}
	}
	*o = '\0';
	return (size_t)(o - s);
}

/* Split a TSV line in place, unescaping its fields. */
static int
split_tsv(struct swt_reader *r, char *s, size_t n)
{
	char *e, *end;

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	s[n] = '\0';
	end = s + n;
	r->direct = 1;
	for (;;) {
		size_t k;

		if (room(r))
			return -1;
		e = memchr(s, '\t', (size_t)(end - s));
		k = swt_tsv_unescape(s, e ? (size_t)(e - s) : (size_t)(end - s));
		s[k] = '\0';
		r->f[r->nf] = s;
		r->len[r->nf++] = k;
		if (!e)
			return 0;
		s = e + 1;
	}
}

/*
 * Split a CSV line in place if libcsv would split it the same way: every
 * field without quotes, or quoted whole (a quote inside doubled), and no
 * carriage return but at the end.  1 split, 0 not such a line (left as it
 * was, for libcsv: a field going on over lines, a stray quote), -1.
 */
static int
split_csv(struct swt_reader *r, char *s, size_t n)
{
	char *p, *e, *f, d = r->delim;
	const char *stop = r->stop;

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	/* fields with doubled quotes go to buf, unescaped: never longer */
	if (grow((void **)&r->buf, &r->cap, n + 1, 1))
		return -1;
	for (p = s, e = s + n;; p++) {
		if (room(r))
			return -1;
		if (p < e && *p == '"') {
			int doubled = 0;

			for (f = ++p;; p += 2) {
				while (p < e && *p != '"' && *p != '\r')
					p++;
				if (p == e || *p == '\r')
					goto libcsv;
				if (p + 1 == e || p[1] != '"')
					break;	/* the closing quote */
				doubled = 1;
			}
			if (p + 1 < e && p[1] != d)
				goto libcsv;
			if (doubled) {
				char *o = r->buf + r->used;

				r->f[r->nf] = o;
				for (const char *q = f; q < p; q++)
					if ((*o++ = *q) == '"')
						q++;
				*o = '\0';
				r->len[r->nf] = (size_t)(o - r->f[r->nf]);
				r->used += r->len[r->nf++] + 1;
			} else {
				r->f[r->nf] = f;
				r->len[r->nf++] = (size_t)(p - f);
			}
			p++;
		} else {
			for (f = p; p < e && !stop[(unsigned char)*p]; p++)
				;
			if (p < e && *p != d)
				goto libcsv;	/* a quote or CR inside */
			r->f[r->nf] = f;
			r->len[r->nf++] = (size_t)(p - f);
		}
		if (p == e)
			break;
	}
	for (size_t i = 0; i < r->nf; i++)
		r->f[i][r->len[i]] = '\0';	/* a delimiter, quote or end */
	r->direct = 1;
	return 1;
libcsv:
	r->nf = r->used = 0;
	return 0;
}

static int
has_content(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\n' && s[i] != '\r')
			return 1;
	return 0;
}

/*
 * Gather the next record's fields into r->buf/off: 1, 0 at the end, -1.
 * A line already read (the header's, to sniff the format) may be passed in.
 */
static int
gather(struct swt_reader *r, char *s, ssize_t n)
{
	int fresh, k;

	r->used = r->nf = 0;
	r->direct = 0;
	r->done = 0;
	while (!r->done) {
		if (r->eof)
			return 0;
		if (!s)
			n = next_line(r, &s);
		if (n < 0)
			return -1;
		if (n == 0) {
			r->eof = 1;
			if (!r->csv || !r->open)
				return 0;
			if (csv_fini(&r->p, cb_field, cb_row, r) != 0) {
				swt_fmt(r->err, sizeof r->err,
				    "a quoted field is never closed");
				r->errline = r->start;
				return -1;
			}
			break;
		}
		fresh = !r->open;
		if (fresh) {
			if (!has_content(s, (size_t)n)) {
				s = NULL;
				continue;	/* blank line */
			}
			r->start = r->lineno;
			r->open = 1;
		}
		if (!r->csv) {
			if (split_tsv(r, s, (size_t)n))
				goto nomem;
			break;
		}
		if (fresh && (k = split_csv(r, s, (size_t)n)) != 0) {
			if (k < 0)
				goto nomem;
			break;
		}
		if (csv_parse(&r->p, s, (size_t)n, cb_field, cb_row, r) !=
		    (size_t)n) {
			swt_fmt(r->err, sizeof r->err, "malformed CSV: %s",
			    csv_strerror(csv_error(&r->p)));
			r->errline = r->start;
			return -1;
		}
		if (r->err[0] == '!')
			goto nomem;
		s = NULL;
	}
	r->open = 0;
	return 1;
nomem:
	swt_fmt(r->err, sizeof r->err, "out of memory");
	r->errline = r->lineno;
	return -1;
}

static void
hand_out(struct swt_reader *r)
{
	if (r->direct)
		return;
	for (size_t i = 0; i < r->nf; i++) {
		r->f[i] = r->buf + r->off[i];
		r->len[i] = (i + 1 < r->nf ? r->off[i + 1] : r->used) -
		    r->off[i] - 1;
	}
}

static char
sniff_delim(const char *s, size_t n)
{
	size_t comma = 0, semi = 0;
	int q = 0;

	if (memchr(s, '\t', n))
		return '\t';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == ',')
			comma++;
		else if (!q && s[i] == ';')
			semi++;
	}
	return semi > comma ? ';' : ',';
}

static int
read_header(struct swt_reader *r)
{
	ssize_t n;
	char *s;
	char delim;
	int rc;

	/* blank lines before the header are skipped, as after it */
	while ((n = next_line(r, &s)) > 0 && !has_content(s, (size_t)n))
		;
	if (n <= 0)
		return (int)n;
	delim = sniff_delim(s, (size_t)n);
	r->csv = delim != '\t';
	r->delim = delim;
	r->stop[(unsigned char)delim] = r->stop['"'] = r->stop['\r'] = 1;
	if (r->csv) {
		if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI |
		    CSV_APPEND_NULL) != 0)
			return -1;
		csv_set_delim(&r->p, (unsigned char)delim);
		csv_set_space_func(&r->p, no_space);
	}
	if ((rc = gather(r, s, n)) <= 0)
		return rc;
	hand_out(r);
	r->hdrline = r->start;
	r->nhdr = r->nf;
	if (!(r->hdr = calloc(r->nhdr, sizeof *r->hdr)))
		return -1;
	for (size_t i = 0; i < r->nhdr; i++) {
		const char *h = r->f[i] + strspn(r->f[i], " \t");
		size_t k = strlen(h);

		/* spreadsheets capitalise headers and pad them: " Ref " is ref */
		while (k && (h[k - 1] == ' ' || h[k - 1] == '\t'))
			k--;
		if (!(r->hdr[i] = strndup(h, k)))
			return -1;
		for (char *p = r->hdr[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (!*r->hdr[i]) {
			swt_fmt(r->err, sizeof r->err,
			    "header: field %zu has no name", i + 1);
			r->errline = r->start;
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(r->hdr[i], r->hdr[j])) {
				swt_fmt(r->err, sizeof r->err,
				    "header: field '%s' appears twice",
				    r->hdr[i]);
				r->errline = r->start;
				return -1;
			}
	}
	return 1;
}

struct swt_reader *
swt_reader_open(const char *path, const char *encoding, char *err,
    size_t errlen)
{
	struct swt_reader *r;
	FILE *fp;
	char *iobuf;

	if (!path || !strcmp(path, "-"))
		return swt_reader_fopen(stdin, "-", 0, encoding, err, errlen);
	if (!(fp = fopen(path, "r"))) {
		swt_fmt(err, errlen, "cannot open '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	/* fewer, larger reads; glibc ignores the size without a buffer */
	if ((iobuf = malloc(IOBUF)))
		setvbuf(fp, iobuf, _IOFBF, IOBUF);
	if (!(r = swt_reader_fopen(fp, path, 1, encoding, err, errlen))) {
		fclose(fp);
		free(iobuf);
		return NULL;
	}
	r->iobuf = iobuf;
	return r;
}

struct swt_reader *
swt_reader_fopen(FILE *fp, const char *name, int own, const char *encoding,
    char *err, size_t errlen)
{
	struct swt_reader *r = calloc(1, sizeof *r);
	struct stat st;

	if (!r || !(r->name = strdup(name))) {
		free(r);
		swt_fmt(err, errlen, "out of memory");
		return NULL;
	}
	r->cd = (iconv_t)-1;
	r->hash = 1;	/* the header; swt_reader_hash decides for the rest */
	swt_sha256_init(&r->sha);
	r->fp = fp;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode))
		r->size = st.st_size;
	if (encoding && strcasecmp(encoding, "utf-8") &&
	    strcasecmp(encoding, "utf8")) {
		const char *from = !strcasecmp(encoding, "latin1") ||
		    !strcasecmp(encoding, "iso-8859-1") ? "ISO-8859-1" :
		    "CP1252";

		if ((r->cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
			swt_fmt(err, errlen, "cannot convert from '%s'",
			    encoding);
			swt_reader_close(r);
			return NULL;
		}
	}
	if (read_header(r) < 0) {
		if (r->err[0])
			swt_fmt(err, errlen, "%s:%ld: %s", r->name,
			    r->errline ? r->errline : 1, r->err);
		else
			swt_fmt(err, errlen, "%s: cannot read the header",
			    r->name);
		swt_reader_close(r);
		return NULL;
	}
	r->own = own;
	r->hash = 0;
	return r;
}

void
swt_reader_hash(struct swt_reader *r, int on)
{
	r->hash = on;
}

void
swt_reader_sha256(struct swt_reader *r, char out[65])
{
	swt_sha256_hex(&r->sha, out);
}

int
swt_reader_read(struct swt_reader *r, struct swt_rec *rec)
{
	int rc;

	if (!r->nhdr)
		return 0;
	rc = gather(r, NULL, 0);
	if (rc <= 0)
		return rc;
	hand_out(r);
	rec->n = r->nf;
	rec->f = r->f;
	rec->len = r->len;
	rec->line = r->start;
	rec->err[0] = '\0';
	if (r->nf != r->nhdr)
		swt_fmt(rec->err, sizeof rec->err,
		    "%zu fields where the header has %zu", r->nf, r->nhdr);
	return 1;
}

const char *
swt_reader_error(const struct swt_reader *r, long *line)
{
	if (line)
		*line = r->errline;
	return r->err;
}

size_t swt_reader_nfields(const struct swt_reader *r) { return r->nhdr; }
char *const *swt_reader_header(const struct swt_reader *r) { return r->hdr; }
const char *swt_reader_name(const struct swt_reader *r) { return r->name; }
long swt_reader_header_line(const struct swt_reader *r) { return r->hdrline; }

void
swt_reader_close(struct swt_reader *r)
{
	if (!r)
		return;
	if (r->own && r->fp)
		fclose(r->fp);
	free(r->iobuf);
	if (r->csv)
		csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	for (size_t i = 0; i < r->nhdr; i++)
		free(r->hdr[i]);
	free(r->hdr);
	free(r->name);
	free(r->line);
	free(r->conv);
	free(r->buf);
	free(r->off);
	free(r->f);
	free(r->len);
	free(r);
}

/* ---- field lists ---- */

int
swt_fields_find(const struct swt_fields *fl, const char *name)
{
	for (size_t i = 0; i < fl->n; i++)
		if (!strcmp(fl->name[i], name))
			return (int)i;
	return -1;
}

int
swt_fields_add(struct swt_fields *fl, const char *name)
{
	int i = swt_fields_find(fl, name);

	if (i >= 0)
		return i;
	if (grow((void **)&fl->name, &fl->cap, fl->n + 1, sizeof *fl->name) ||
	    !(fl->name[fl->n] = strdup(name)))
		return -1;
	return (int)fl->n++;
}

void
swt_fields_free(struct swt_fields *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->name[i]);
	free(fl->name);
	fl->name = NULL;
	fl->n = fl->cap = 0;
}

/* ---- spools ---- */

/* A file for output to wait in, already deleted: in $TMPDIR, else /tmp. */
FILE *
swt_spool(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *fp;
	int fd, n;

	/* mkstemp's template: the name, then six X for it to replace */
	n = swt_fmt(path, sizeof path - 6, "%s/swt.", dir && *dir ? dir :
	    "/tmp");
	if (n < 0 || (size_t)n >= sizeof path - 7)
		return NULL;
	memset(path + n, 'X', 6);
	path[n + 6] = '\0';
	if ((fd = mkstemp(path)) < 0)
		return NULL;
	unlink(path);
	if (!(fp = fdopen(fd, "w+")))
		close(fd);
	return fp;
}

int
swt_spool_copy(FILE *spool, FILE *out)
{
	char buf[1 << 16];
	size_t n;

	if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return -1;
	return ferror(spool) ? -1 : 0;
}

/* ---- writers ---- */

struct swt_writer {
	FILE *fp;
	int own;		/* fp is closed with the writer */
	enum swt_fmt fmt;
	size_t n;
	char **hdr;
	char **cells;		/* table: the waiting cells, row by row */
	size_t ncells, capcells;
	size_t *wd;		/* table: the column widths laid out so far */
	char *path, *tmp;	/* swt_file_open: the target, and its stand-in */
	char delim;		/* CSV */
	char quote[256];	/* CSV: the bytes that make a field quoted */
	size_t used;		/* TSV, CSV: bytes waiting in buf */
	char buf[1 << 16];
};

struct swt_writer *
swt_writer_open(FILE *fp, enum swt_fmt fmt)
{
	struct swt_writer *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	if (fmt == SWT_FMT_AUTO)
		fmt = isatty(fileno(fp)) ? SWT_FMT_TABLE : SWT_FMT_TSV;
	w->fp = fp;
	w->fmt = fmt;
	w->quote['"'] = w->quote['\r'] = w->quote['\n'] = 1;
	swt_writer_delim(w, ',');
	return w;
}

void
swt_writer_delim(struct swt_writer *w, char delim)
{
	w->quote[(unsigned char)w->delim] = w->delim == '"' ||
	    w->delim == '\r' || w->delim == '\n';
	w->delim = delim;
	w->quote[(unsigned char)delim] = 1;
}

int
swt_tmp_beside(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	size_t len = strlen(path);
	int n = slash ? (int)(slash - path + 1) : 0, fd, e;
	char *t;

	if (!(t = malloc(len + 9)))
		return -1;
	/* mkstemp's template: dir/.name. and six X for it to replace */
	sprintf(t, "%.*s.%s.", n, path, path + n);
	memset(t + len + 2, 'X', 6);
	t[len + 8] = '\0';
	if ((fd = mkostemp(t, O_CLOEXEC)) < 0) {
		e = errno;
		free(t);
		errno = e;
		return -1;
	}
	*tmp = t;
	return fd;
}

/*
 * A file that holds person data: written new, mode 0600, beside its target
 * under a temporary name, and renamed into place only when it is whole
 * (swt_file_close), so that neither a loose mode nor a reader of the old
 * file is ever met.
 */
struct swt_writer *
swt_file_open(const char *path, enum swt_fmt fmt)
{
	struct swt_writer *w;
	char *tmp;
	int fd;
	FILE *fp;

	if ((fd = swt_tmp_beside(path, &tmp)) < 0)
		return NULL;
	if (!(fp = fdopen(fd, "w")) || !(w = swt_writer_open(fp, fmt))) {
		int e = errno;

		fp ? fclose(fp) : close(fd);
		unlink(tmp);
		free(tmp);
		errno = e;
		return NULL;
	}
	w->own = 1;
	w->tmp = tmp;
	if (!(w->path = strdup(path))) {
		swt_file_close(w, 0);
		errno = ENOMEM;
		return NULL;
	}
	return w;
}

int
swt_file_close(struct swt_writer *w, int keep)
{
	char *tmp, *path;
	int rc, e;

	if (!w)
		return 0;
	tmp = w->tmp;
	path = w->path;
	rc = swt_writer_close(w);
	e = errno;
	if (keep && rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		e = errno;
	}
	if (!keep || rc)
		unlink(tmp);
	free(tmp);
	free(path);
	errno = e;
	return rc;
}

int
swt_tsv_put(FILE *fp, const char *s, size_t len)
{
	const char *p = s, *e = s + len;

	for (const char *q = s; q < e; q++) {
		const char *esc;

		switch (*q) {
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\\': esc = "\\\\"; break;
		default: continue;
		}
		fwrite_unlocked(p, 1, (size_t)(q - p), fp);
		fwrite_unlocked(esc, 1, 2, fp);
		p = q + 1;
	}
	return fwrite_unlocked(p, 1, (size_t)(e - p), fp) ==
	    (size_t)(e - p) ? 0 : -1;
}

/* Must this CSV field be quoted? */
static int
csv_quoted(const struct swt_writer *w, const char *s, size_t len)
{
	int q = len && (s[0] == ' ' || s[len - 1] == ' ');

	for (size_t i = 0; i < len && !q; i++)
		q = w->quote[(unsigned char)s[i]];
	return q;
}

/* A CSV field too large for the buffer, straight to the stream. */
static void
csv_put(struct swt_writer *w, const char *s, size_t len)
{
	int q = csv_quoted(w, s, len);

	if (q)
		putc_unlocked('"', w->fp);
	for (size_t i = 0; i < len; i++) {
		if (q && s[i] == '"')
			putc_unlocked('"', w->fp);
		putc_unlocked(s[i], w->fp);
	}
	if (q)
		putc_unlocked('"', w->fp);
}

static void
json_put(FILE *fp, const char *s)
{
	putc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (c < 0x20)
				fprintf(fp, "\\u%04x", c);
			else
				putc(c, fp);
		}
	}
	putc('"', fp);
}

static int
flush_buf(struct swt_writer *w)
{
	size_t n = w->used;

	w->used = 0;
	return fwrite_unlocked(w->buf, 1, n, w->fp) == n ? 0 : -1;
}

/* Does any of 8 bytes need a TSV escape (\t \n \r \\)? */
static int
special8(const char *p)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t w, t, n, r, b;

	memcpy(&w, p, 8);
	t = w ^ (ones * '\t');
	n = w ^ (ones * '\n');
	r = w ^ (ones * '\r');
	b = w ^ (ones * '\\');
	return (((t - ones) & ~t) | ((n - ones) & ~n) | ((r - ones) & ~r) |
	    ((b - ones) & ~b)) & high ? 1 : 0;
}

/*
 * One TSV or CSV field into the buffer, which has room for 2 len + 2
 * bytes: TSV escapes, CSV quotes when it must (swt-records(5)).
 */
static size_t
put_field(const struct swt_writer *w, char *b, const char *s, size_t len)
{
	static const char esc[256] = { ['\t'] = 't', ['\n'] = 'n',
		['\r'] = 'r', ['\\'] = '\\' };
	size_t k = 0, j = 0, run;

	if (w->fmt == SWT_FMT_CSV) {
		if (!csv_quoted(w, s, len)) {
			memcpy(b, s, len);
			return len;
		}
		b[k++] = '"';
		for (size_t i = 0; i < len; i++)
			if ((b[k++] = s[i]) == '"')
				b[k++] = '"';
		b[k++] = '"';
		return k;
	}
	for (;;) {	/* runs of plain bytes, then an escape */
		run = j;
		while (run + 8 <= len && !special8(s + run))
			run += 8;
		for (; run < len && !esc[(unsigned char)s[run]]; run++)
			;
		memcpy(b + k, s + j, run - j);
		k += run - j;
		if (run == len)
			return k;
		b[k++] = '\\';
		b[k++] = esc[(unsigned char)s[run]];
		j = run + 1;
	}
}

/* TSV and CSV, the bulk of every pipeline: into our own buffer. */
static void
put_row(struct swt_writer *w, size_t n, char *const *v, const size_t *lens)
{
	char sep = w->fmt == SWT_FMT_CSV ? w->delim : '\t';

	for (size_t i = 0; i < n; i++) {
		const char *s = v[i] ? v[i] : "";
		size_t len = lens && lens[i] != SIZE_MAX && v[i] ? lens[i] :
		    strlen(s);

		if (w->used + 2 * len + 3 > sizeof w->buf) {
			flush_buf(w);
			if (2 * len + 3 > sizeof w->buf) {	/* a huge field */
				if (i)
					putc_unlocked(sep, w->fp);
				if (w->fmt == SWT_FMT_CSV)
					csv_put(w, s, len);
				else
					swt_tsv_put(w->fp, s, len);
				continue;
			}
		}
		if (i)
			w->buf[w->used++] = sep;
		w->used += put_field(w, w->buf + w->used, s, len);
	}
	if (w->used == sizeof w->buf)
		flush_buf(w);
	w->buf[w->used++] = '\n';
}

static void put_table(struct swt_writer *w);

static void
free_header(struct swt_writer *w)
{
	for (size_t i = 0; w->hdr && i < w->n; i++)
		free(w->hdr[i]);
	free(w->hdr);
	w->hdr = NULL;
	free(w->wd);
	w->wd = NULL;
	w->n = 0;
}

int
swt_writer_header(struct swt_writer *w, size_t n, char *const *names)
{
	size_t i;

	if (w->hdr && w->n == n) {
		for (i = 0; i < n && !strcmp(w->hdr[i], names[i]); i++)
			;
		if (i == n)
			return 0;	/* the same fields: one header */
	}
	if (w->fmt == SWT_FMT_TABLE && w->hdr)
		put_table(w);	/* a table per header */
	if (w->used && flush_buf(w))
		return -1;
	free_header(w);
	if (!(w->hdr = calloc(n ? n : 1, sizeof *w->hdr)))
		return -1;
	w->n = n;
	for (i = 0; i < n; i++)
		if (!(w->hdr[i] = strdup(names[i])))
			return -1;
	if (w->fmt == SWT_FMT_TSV || w->fmt == SWT_FMT_CSV)
		put_row(w, n, names, NULL);
	return ferror(w->fp) ? -1 : 0;
}

/*
 * Report a bad record (prog: file:line: field: why) and write it, as it
 * came plus an error field, to rej when there is one.
 */
int
swt_reject(struct swt_writer *rej, const struct swt_reader *in,
    const struct swt_rec *rec, const char *field, const char *why)
{
	size_t n = swt_reader_nfields(in), k, need;
	char **v, *msg;
	int rc;

	swt_errat(swt_reader_name(in), rec->line, field, "%s", why);
	if (!rej)
		return 0;
	/* the error, and the extra cells of a ragged line, whole */
	need = (field ? strlen(field) + 2 : 0) + strlen(why) + 16;
	for (size_t i = n; i < rec->n; i++)
		need += strlen(rec->f[i]) + 1;
	if (!(v = calloc(n + 1, sizeof *v)) || !(msg = malloc(need))) {
		free(v);
		return -1;
	}
	memcpy(v, swt_reader_header(in), n * sizeof *v);
	v[n] = "error";
	rc = swt_writer_header(rej, n + 1, v);
	/* the record as it came, extra cells of a ragged line kept at the end */
	for (size_t i = 0; i < n; i++)
		v[i] = i < rec->n ? rec->f[i] : "";
	k = (size_t)swt_fmt(msg, need, "%s%s%s", field ? field : "",
	    field ? ": " : "", why);
	for (size_t i = n; i < rec->n; i++)
		k += (size_t)swt_fmt(msg + k, need - k, "%s%s",
		    i == n ? "; extra cells: " : "\t", rec->f[i]);
	v[n] = msg;
	if (rc == 0)
		rc = swt_writer_record(rej, n + 1, v);
	free(msg);
	free(v);
	return rc;
}

int
swt_writer_record(struct swt_writer *w, size_t n, char *const *v)
{
	return swt_writer_recordl(w, n, v, NULL);
}

int
swt_writer_recordl(struct swt_writer *w, size_t n, char *const *v,
    const size_t *lens)
{
	if (n > w->n)
		n = w->n;
	switch (w->fmt) {
	case SWT_FMT_JSON:
		putc('{', w->fp);
		for (size_t i = 0; i < n; i++) {
			if (i)
				putc(',', w->fp);
			json_put(w->fp, w->hdr[i]);
			putc(':', w->fp);
			json_put(w->fp, v[i] ? v[i] : "");
		}
		fputs("}\n", w->fp);
		break;
	case SWT_FMT_TABLE:
		if (grow((void **)&w->cells, &w->capcells, w->ncells + w->n,
		    sizeof *w->cells))
			return -1;
		for (size_t i = 0; i < w->n; i++)
			if (!(w->cells[w->ncells++] =
			    strdup(i < n && v[i] ? v[i] : "")))
				return -1;
		if (w->ncells >= TABLE_ROWS * w->n)
			put_table(w);
		break;
	default:
		put_row(w, n, v, lens);
	}
	return ferror(w->fp) ? -1 : 0;
}

size_t
swt_show(FILE *fp, const char *s)
{
	static locale_t utf8;	/* for wcwidth, whatever the user's locale */
	static int tried;
	locale_t old = (locale_t)0;
	size_t w = 0;

	if (!tried) {
		tried = 1;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (utf8)
		old = uselocale(utf8);
	while (*s) {
		const unsigned char *p = (const unsigned char *)s;
		int n = p[0] < 0x80 ? 1 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
		uint32_t cp = n == 1 ? p[0] : p[0] & (0x7f >> n);
		char esc[8] = "";

		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				n = 1;	/* not UTF-8: shown as a byte */
				cp = 0x80;
				break;
			}
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (cp == '\n' || cp == '\t' || cp == '\r')
			swt_fmt(esc, sizeof esc, "\\%c", cp == '\n' ? 'n' :
			    cp == '\t' ? 't' : 'r');
		else if (cp < 0x20 || cp == 0x7f || (n == 1 && cp >= 0x80))
			swt_fmt(esc, sizeof esc, "\\x%02x", p[0]);
		else if (cp >= 0x80 && cp < 0xa0)
			swt_fmt(esc, sizeof esc, "\\u%04x", (unsigned)cp);
		if (esc[0]) {
			w += strlen(esc);
			if (fp)
				fputs(esc, fp);
		} else {
			int k = utf8 ? wcwidth((wchar_t)cp) : 1;

			w += k < 0 ? 1 : (size_t)k;
			if (fp)
				fwrite(s, 1, (size_t)n, fp);
		}
		s += n;
	}
	if (utf8)
		uselocale(old);
	return w;
}

static size_t
width(const char *s)
{
	return swt_show(NULL, s);
}

static void
table_cell(FILE *fp, const char *s, size_t pad, int last)
{
	swt_show(fp, s);
	if (!last)
		while (pad--)
			putc(' ', fp);
}

/*
 * Lay out the waiting rows.  Widths only grow, so a table streams in blocks
 * of TABLE_ROWS rows in constant memory; the header is shown again above a
 * block that widened a column.
 */
static void
put_table(struct swt_writer *w)
{
	size_t rows = w->n ? w->ncells / w->n : 0;
	int wider = 0;

	if (!w->wd) {
		if (!(w->wd = calloc(w->n ? w->n : 1, sizeof *w->wd)))
			return;
		for (size_t i = 0; i < w->n; i++)
			w->wd[i] = width(w->hdr[i]);
		wider = 1;
	}
	for (size_t r = 0; r < rows; r++)
		for (size_t i = 0; i < w->n; i++) {
			size_t k = width(w->cells[r * w->n + i]);

			if (k > w->wd[i]) {
				w->wd[i] = k;
				wider = 1;
			}
		}
	for (size_t r = !wider; r <= rows; r++) {
		for (size_t i = 0; i < w->n; i++) {
			const char *s = r ? w->cells[(r - 1) * w->n + i] :
			    w->hdr[i];

			table_cell(w->fp, s, w->wd[i] - width(s) + 2,
			    i + 1 == w->n);
		}
		putc('\n', w->fp);
	}
	for (size_t i = 0; i < w->ncells; i++)
		free(w->cells[i]);
	w->ncells = 0;
}

int
swt_writer_flush(struct swt_writer *w)
{
	if (w->fmt == SWT_FMT_TABLE && w->hdr)
		put_table(w);
	if (w->used && flush_buf(w))
		return -1;
	return fflush(w->fp) == 0 && !ferror(w->fp) ? 0 : -1;
}

int
swt_writer_close(struct swt_writer *w)
{
	int rc;

	if (!w)
		return 0;
	rc = swt_writer_flush(w);
	if (w->own && fclose(w->fp) != 0)
		rc = -1;
	for (size_t i = 0; i < w->ncells; i++)
		free(w->cells[i]);
	free(w->cells);
	free_header(w);
	free(w);
	return rc;
}

double
swt_reader_done(const struct swt_reader *r)
{
	off_t at;

	if (r->size <= 0 || (at = ftello(r->fp)) < 0)
		return -1;
	return (double)at / (double)r->size;
}
