/* swt.h - the shared library of the swt toolkit */
#ifndef SWT_H
#define SWT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <getopt.h>

#define SWT_VERSION "0.1.0"

/* Exit statuses (SPEC 8). */
enum {
	SWT_EXIT_OK = 0,	/* everything stored */
	SWT_EXIT_REJECT = 1,	/* some records rejected */
	SWT_EXIT_USAGE = 2,	/* usage error */
	SWT_EXIT_DATA = 3	/* data or database error, nothing written */
};

/* ---- errors (err.c) ---- */

extern const char *swt_prog;
extern int swt_quiet;
void swt_setprog(const char *argv0);
/* prog: message */
void swt_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* prog: file:line: field: message (field may be NULL) */
void swt_errat(const char *file, long line, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* prog: warning: message, unless quiet */
void swt_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Format into a caller's buffer: the library's way to hand back a reason. */
int swt_fmt(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Check standard output at exit: 0 ok, -1 on a write error (reported). */
int swt_close_stdout(void);
/* Is standard output a pipe whose reader has gone (| head)? */
int swt_stdout_gone(void);

/* ---- options (opt.c) ---- */

enum swt_fmt { SWT_FMT_AUTO, SWT_FMT_TSV, SWT_FMT_CSV, SWT_FMT_JSON,
	SWT_FMT_TABLE };

struct swt_opts {
	const char *db;
	const char *rejects;
	const char *encoding;
	enum swt_fmt fmt;
	int dry_run;
	int strict;
	int show_pii;
	int group;
};

enum {
	SWT_OPT_CSV = 0x100, SWT_OPT_TSV, SWT_OPT_JSON, SWT_OPT_TABLE,
	SWT_OPT_STRICT, SWT_OPT_REJECTS, SWT_OPT_ENCODING, SWT_OPT_SHOW_PII,
	SWT_OPT_GROUP, SWT_OPT_CMD	/* commands number their own from here */
};

/* The long options every command shares; end a command's table with them. */
#define SWT_LONGOPTS \
	{ "db", required_argument, NULL, 'd' }, \
	{ "csv", no_argument, NULL, SWT_OPT_CSV }, \
	{ "tsv", no_argument, NULL, SWT_OPT_TSV }, \
	{ "json", no_argument, NULL, SWT_OPT_JSON }, \
	{ "table", no_argument, NULL, SWT_OPT_TABLE }, \
	{ "dry-run", no_argument, NULL, 'n' }, \
	{ "strict", no_argument, NULL, SWT_OPT_STRICT }, \
	{ "rejects", required_argument, NULL, SWT_OPT_REJECTS }, \
	{ "encoding", required_argument, NULL, SWT_OPT_ENCODING }, \
	{ "show-pii", no_argument, NULL, SWT_OPT_SHOW_PII }, \
	{ "group", no_argument, NULL, SWT_OPT_GROUP }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ NULL, 0, NULL, 0 }
#define SWT_SHORTOPTS "d:nqhV"

/*
 * Handle one shared option: -1 when it was one, and handled.  Else the
 * command must exit with the status returned: 0 after -h or -V (the usage
 * or the version printed), 2 after a usage error or an option that is not
 * the command's (reported).
 */
int swt_opt(struct swt_opts *o, int c, const char *arg, const char *usage);
void swt_usage(const char *usage);	/* to stderr: for usage errors */
const char *swt_db_path(const struct swt_opts *o);
/* Where a shipped data file (share/swt/NAME) is; see opt.c. */
const char *swt_share_path(const char *name, char *buf, size_t len);

/* ---- records (rec.c) ---- */

struct swt_rec {
	size_t n;		/* number of fields */
	char **f;		/* field values, NUL-terminated */
	size_t *len;		/* their lengths */
	long line;		/* line the record starts on */
	char err[160];		/* non-empty: the record is malformed (ragged) */
};

struct swt_reader;

/* path NULL or "-" reads standard input.  encoding NULL or "utf-8". */
struct swt_reader *swt_reader_open(const char *path, const char *encoding,
    char *err, size_t errlen);
/* The same on an open stream, closed with the reader if own. */
struct swt_reader *swt_reader_fopen(FILE *fp, const char *name, int own,
    const char *encoding, char *err, size_t errlen);
/*
 * Read the next record: 1 read, 0 end of input, -1 a fatal error (the
 * reason and line are in swt_reader_error).  A malformed record is
 * returned (1) with rec->err set, and reading may go on.
 */
int swt_reader_read(struct swt_reader *r, struct swt_rec *rec);
const char *swt_reader_error(const struct swt_reader *r, long *line);
size_t swt_reader_nfields(const struct swt_reader *r);
char *const *swt_reader_header(const struct swt_reader *r);
int swt_reader_field(const struct swt_reader *r, const char *name);
const char *swt_reader_name(const struct swt_reader *r);
int swt_reader_is_csv(const struct swt_reader *r);
/* The line the header is on: 1, unless blank lines come first. */
long swt_reader_header_line(const struct swt_reader *r);
void swt_reader_close(struct swt_reader *r);
/* Keep a SHA-256 of the raw input (from the header on) for the audit log. */
void swt_reader_hash(struct swt_reader *r, int on);
void swt_reader_sha256(struct swt_reader *r, char out[65]);

struct swt_writer;
/* fmt AUTO is a table on a terminal, TSV elsewhere. */
struct swt_writer *swt_writer_open(FILE *fp, enum swt_fmt fmt);
/* CSV: the delimiter, ',' unless set (';' for a Dutch spreadsheet). */
void swt_writer_delim(struct swt_writer *w, char delim);
/* Start a block of records: a header line unless it is the last one's. */
int swt_writer_header(struct swt_writer *w, size_t n, char *const *names);
int swt_writer_record(struct swt_writer *w, size_t n, char *const *vals);
/* The same, given the lengths where known (SIZE_MAX: not known). */
int swt_writer_recordl(struct swt_writer *w, size_t n, char *const *vals,
    const size_t *lens);
/*
 * Write s for a terminal, or only measure it (fp NULL): line breaks, tabs
 * and every other control character escaped, so that no value can steer
 * the terminal.  Returns its width in columns: a wide character takes 2, a
 * combining one 0.
 */
size_t swt_show(FILE *fp, const char *s);
/* Flush (a table is laid out here); -1 if the stream failed. */
int swt_writer_close(struct swt_writer *w);

/* A deleted temporary file for output to wait in ($TMPDIR, else /tmp). */
FILE *swt_spool(void);
/* Copy all of a spool to out: -1 if either fails (errno tells). */
int swt_spool_copy(FILE *spool, FILE *out);

/* The rejects file (--rejects): TSV; errors are reported here. */
struct swt_writer *swt_rejects_open(const char *path);
int swt_rejects_close(struct swt_writer *w, const char *path);
/*
 * Report a bad record on stderr (prog: file:line: field: why) and write it
 * as it came, plus an error field, to rej (the rejects file) if not NULL.
 */
int swt_reject(struct swt_writer *rej, const struct swt_reader *in,
    const struct swt_rec *rec, const char *field, const char *why);

/* TSV codec: escape/unescape \t \n \r \\ (exported for the unit tests) */
size_t swt_tsv_unescape(char *s, size_t len);
int swt_tsv_put(FILE *fp, const char *s, size_t len);

/* A growable list of field names: the header a command writes. */
struct swt_fields {
	size_t n, cap;
	char **name;
};
/* Index of name, appending it if absent; -1 on no memory. */
int swt_fields_add(struct swt_fields *fl, const char *name);
int swt_fields_find(const struct swt_fields *fl, const char *name);
void swt_fields_free(struct swt_fields *fl);

/* ---- validation (valid.c) ---- */

int swt_bsn_valid(const char *s);
/*
 * Parse an ISO (yyyy-mm-dd[Thh:mm[:ss]]) or Dutch (dd-mm-yyyy) date and
 * write its ISO form to out (at least 20 bytes).  0 ok, -1 not a date.
 */
int swt_date_norm(const char *s, char *out);
/* Days since 1970-01-01 of an ISO date (time ignored). */
long swt_date_days(const char *iso);
void swt_date_from_days(long days, char *out);	/* out >= 11 bytes */
int swt_date_valid_ymd(int y, int m, int d);
/* Non-negative integer in [lo, hi]: 0 ok, -1 not. */
int swt_int_parse(const char *s, long lo, long hi, long *out);
/* yes/no/ja/nee/1/0/true/false -> "yes" or "no"; NULL if none of them. */
const char *swt_yesno(const char *s);
/* Valid UTF-8? */
int swt_utf8_valid(const char *s, size_t len);

/* ---- code lists (codes.c) ---- */

struct swt_code {
	const char *list;	/* law, service, life_domain, ... */
	const char *code;
	const char *parent;	/* the law a service belongs to, else NULL */
	const char *label;	/* Dutch label */
};
extern const struct swt_code swt_codes_default[];
extern const size_t swt_ncodes_default;

struct swt_codes;
/* An index over an array of codes, which must outlive it. */
struct swt_codes *swt_codes_new(const struct swt_code *c, size_t n);
struct swt_codes *swt_codes_defaults(void);
/* As swt_codes_new, and free c and its strdup'ed strings with the index. */
struct swt_codes *swt_codes_adopt(struct swt_code *c, size_t n);
void swt_codes_free(struct swt_codes *cs);
const struct swt_code *swt_codes_get(const struct swt_codes *cs,
    const char *list, const char *code);
/* The same for the first n bytes of code. */
const struct swt_code *swt_codes_getn(const struct swt_codes *cs,
    const char *list, const char *code, size_t n);
/* Every member of a '|'-separated set in the list?  *bad gets the first not. */
int swt_codes_set(const struct swt_codes *cs, const char *list,
    const char *set, char *bad, size_t badlen);

/* ---- hashes (hash.c) ---- */

struct swt_sha256 {
	uint32_t h[8];
	uint64_t n;
	unsigned char buf[64];
	size_t fill;
};
extern int swt_sha_ni;	/* 0 forces the portable code (tests) */
void swt_sha256_init(struct swt_sha256 *s);
void swt_sha256_add(struct swt_sha256 *s, const void *p, size_t len);
void swt_sha256_hex(struct swt_sha256 *s, char out[65]);
uint64_t swt_siphash(const unsigned char key[16], const void *p, size_t len);
/* The pseudonym of a BSN under a database's key: "C" + 13 base32 chars. */
void swt_client_id(const unsigned char key[16], const char *bsn, char out[16]);
/* The same shape at random: the client_id of a resident without a BSN. */
void swt_client_random(char out[16]);
int swt_random(void *buf, size_t len);

/* ---- the request record (request.c) ---- */

/* Fields swt-intake reads; see swt-records(5). */
enum swt_rf {
	RF_REF, RF_RECEIVED_AT, RF_KIND, RF_CHANNEL, RF_SOURCE, RF_LAW,
	RF_SERVICE, RF_LIFE_DOMAIN, RF_DISTRICT, RF_SUMMARY, RF_STAFF,
	RF_BSN, RF_BIRTH_DATE, RF_POSTCODE, RF_NAME,
	RF_INTAKE_AT, RF_ASSESSED_AT, RF_ZRM, RF_EXPECTED_CONTACTS,
	RF_SPECIALIST_KNOWLEDGE, RF_DEVELOPMENT_POTENTIAL, RF_LONG_TERM,
	RF_PARTIES_INVOLVED, RF_PARTICIPATION, RF_FINANCIAL, RF_FLAGS,
	RF_STATUSHOUDER,
	RF_N
};
extern const char *const swt_rf_name[RF_N];
#define RF_FIRST_PERSON RF_BSN
#define RF_LAST_PERSON RF_NAME
/* A person field (bsn, birth_date, postcode, name): out only with --show-pii */
int swt_rf_is_person(const char *name);
/*
 * A field's value as a message shows it: quoted, cut at 40 characters;
 * hidden if it is a person field's or holds 8 digits in a row (a BSN in the
 * wrong column).
 */
const char *swt_shown(const char *field, const char *val, char out[64]);

/* A request as strings, normalised; NULL or "" = no value. */
struct swt_request {
	const char *v[RF_N];
	char buf[RF_N][24];	/* room for normalised dates and postcodes */
};
/*
 * Validate and normalise the fields of one request in place (dates to ISO,
 * yes/no, the law implied by the service; a code then points to the code
 * list's own string, which cs must keep).  On failure returns -1 with the
 * field name and reason.
 */
int swt_request_check(struct swt_request *rq, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);

/* ---- triage rules (rules.c); the format is swt-rules(5) ---- */

#define SWT_NROUTES 4		/* advies < sociale_basis < eigen_inzet < maatwerk */
#define SWT_RULES_MAX 256

const char *swt_route_name(int rank);	/* "" when out of range */
int swt_route_rank(const char *route);	/* -1 when not a route */

struct swt_rules;
struct swt_rule_info {
	const char *id, *when, *route, *regie, *source, *reason;
	long line;
};
/* Parse a rules file; NULL with err "file:line: ..." on any mistake. */
struct swt_rules *swt_rules_load(const char *path,
    const struct swt_codes *cs, char *err, size_t errlen);
struct swt_rules *swt_rules_parse(const char *text, size_t len,
    const char *name, const struct swt_codes *cs, char *err, size_t errlen);
void swt_rules_free(struct swt_rules *rs);
const char *swt_rules_version(const struct swt_rules *rs);
/* Does a condition or a require line name the field (RF_*)? */
int swt_rules_names(const struct swt_rules *rs, int rf);
size_t swt_rules_count(const struct swt_rules *rs);
/* Rule i (i < swt_rules_count) as the file gives it. */
struct swt_rule_info swt_rules_info(const struct swt_rules *rs, size_t i);

struct swt_verdict {
	char missing[96];	/* incomplete: the required fields missing */
	int route;		/* the recommended route's rank; -1 incomplete */
	int decider;		/* the rule that set it; -1: none matched */
	int regie_rule;		/* the first matching rule that sets regie */
	size_t nmatch;
	int match[SWT_RULES_MAX];	/* matching rules, the decider first */
};
/*
 * Decide on one request: v holds its fields by RF_* index, checked and
 * normalised (swt_request_check).  Returns 1 decided, 0 incomplete.
 */
int swt_rules_decide(const struct swt_rules *rs, const char *const *v,
    struct swt_verdict *out);
/* The regie of a request with this verdict on the route decided. */
const char *swt_rules_regie(const struct swt_rules *rs,
    const struct swt_verdict *vd, int route);
/* Room for any reasons: every rule's id (32 at most) or the missing fields. */
#define SWT_REASONS_MAX (SWT_RULES_MAX * 33 + 128)
/* "deciding|other|..." or "incomplete: field ..." */
void swt_rules_reasons(const struct swt_rules *rs,
    const struct swt_verdict *vd, char *buf, size_t len);

/* ---- the database (db.h) ---- */

#include "db.h"

#endif
