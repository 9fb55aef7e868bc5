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

/*
 * A long run's progress: one line on standard error, when it is a
 * terminal and not -q, after SWT_PROGRESS seconds (default 2), at most
 * twice a second: the records done, the rate and, when known, the time
 * left.  A message clears it first; end clears it.
 */
struct swt_progress {
	const char *what;	/* "records", "requests" */
	double start, last, after;
	unsigned long calls;
	int on, width;
};
void swt_progress_begin(struct swt_progress *p, const char *what);
/* Once a step: is it time to show how far it is?  Then show: */
int swt_progress_due(struct swt_progress *p);
/* n done, frac of the whole (< 0: not known). */
void swt_progress_show(struct swt_progress *p, long long n, double frac);
void swt_progress_end(struct swt_progress *p);
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
/* A refusal: *field = name, the reason formatted into why; returns -1. */
int swt_refuse(const char **field, const char *name, char *why, size_t len,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
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

/*
 * The shared long options, in groups: a command's table names the groups
 * it acts on and ends with SWT_O_END, so that it accepts exactly those
 * (getopt refuses the rest).  Each behaves the same in every command.
 */
#define SWT_O_DB	{ "db", required_argument, NULL, 'd' }
#define SWT_O_FORMATS \
	{ "csv", no_argument, NULL, SWT_OPT_CSV }, \
	{ "tsv", no_argument, NULL, SWT_OPT_TSV }, \
	{ "json", no_argument, NULL, SWT_OPT_JSON }, \
	{ "table", no_argument, NULL, SWT_OPT_TABLE }
#define SWT_O_DRY_RUN	{ "dry-run", no_argument, NULL, 'n' }
/* a batch of records: rejects, strict, the input's encoding */
#define SWT_O_BATCH \
	{ "strict", no_argument, NULL, SWT_OPT_STRICT }, \
	{ "rejects", required_argument, NULL, SWT_OPT_REJECTS }, \
	{ "encoding", required_argument, NULL, SWT_OPT_ENCODING }
#define SWT_O_SHOW_PII	{ "show-pii", no_argument, NULL, SWT_OPT_SHOW_PII }
#define SWT_O_GROUP	{ "group", no_argument, NULL, SWT_OPT_GROUP }
#define SWT_O_END \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ NULL, 0, NULL, 0 }

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
const char *swt_reader_name(const struct swt_reader *r);
/* How much of a regular file is read, 0 to 1; -1 for a pipe. */
double swt_reader_done(const struct swt_reader *r);
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
/* Write out what waits, and check the stream: -1 if it failed. */
int swt_writer_flush(struct swt_writer *w);
/* Flush (a table is laid out here); -1 if the stream failed. */
int swt_writer_close(struct swt_writer *w);

/* A deleted temporary file for output to wait in ($TMPDIR, else /tmp). */
FILE *swt_spool(void);
/* Copy all of a spool to out: -1 if either fails (errno tells). */
int swt_spool_copy(FILE *spool, FILE *out);

/*
 * A file that holds person data (the rejects file, an export): written new,
 * mode 0600, under a temporary name beside path; swt_file_close renames it
 * into place when keep is set and all was written, else removes it.  NULL
 * or -1 with errno.
 */
struct swt_writer *swt_file_open(const char *path, enum swt_fmt fmt);
/*
 * A new file, mode 0600, beside path under a temporary name (dir/.name.
 * and six random characters): its descriptor, the name in *tmp (to free);
 * -1 with errno.
 */
int swt_tmp_beside(const char *path, char **tmp);
int swt_file_close(struct swt_writer *w, int keep);
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

/* ---- the record loop (loop.c) ---- */

/*
 * Every command that reads records runs them through one loop: the files
 * named, or standard input; the header mapped, unknown fields passed
 * through and person fields dropped unless --show-pii; each record handed
 * to the command's step, then echoed, or rejected with its line into
 * --rejects; --strict, --dry-run, the commit, the echo after it and the
 * exit status of SPEC 8.  A command fills in the first part and calls
 * swt_loop_start, swt_loop_files (or swt_loop_header and swt_loop_record
 * for rows of its own) and swt_loop_finish.
 */

/* What a step (and the loop) says of a record. */
enum {
	SWT_STEP_DONE = 0,	/* done: echoed, if the loop echoes */
	SWT_STEP_REJECT = 1,	/* refused: field and why say so */
	SWT_STEP_FATAL = -1,	/* an error, reported: nothing is written */
	SWT_STEP_USAGE = -2,	/* a usage error, reported */
	SWT_STEP_QUIT = -3	/* the reader of the output has gone */
};

struct swt_db;
struct swt_codes;

/* What storing a record came to (swt-intake, swt-refer --load-partners). */
enum swt_intake_res { SWT_INTAKE_NEW, SWT_INTAKE_UPDATED,
	SWT_INTAKE_UNCHANGED };

/* A storing command's counts: in all, and where the last source ended. */
struct swt_batch {
	long added, updated, same;
	long read0, added0, updated0, same0, rejected0;
	char **lines;		/* each source's summary, said at the end */
	size_t nlines;
};

struct swt_loop {
	/* the command's part */
	const struct swt_opts *o;
	void *ctx;
	const char *const *append;	/* fields added to each record, NULL-ended */
	int echo;		/* write each record done (else the step writes) */
	int spool;		/* hold the echo until the commit */
	int stores;		/* the run writes to the database */
	int hash;		/* a SHA-256 of each file, for its audit entry */
	const char *strict_what; /* --strict: what a rejection leaves undone */
	/*
	 * The entity the records are of, if any: its own fields are asked
	 * first whether they are person data (a partner's name is not).
	 */
	const struct swt_entity *entity;
	/*
	 * A storing run: the action of each source's audit entry, made when
	 * the source ends (after source_end, which opens the database if need
	 * be) with the counts below; the summary lines at the finish.
	 */
	const char *batch;
	struct swt_batch counts;	/* the step counts what it stores */
	struct swt_db *db;	/* the command's database, if open */
	struct swt_codes *codes; /* and its code lists (swt_loop_opendb) */
	/* a new source's header: map the fields (SWT_STEP_FATAL to stop) */
	int (*header)(struct swt_loop *l, size_t n, char *const *names);
	/*
	 * One record.  out is the output by column, all NULL: the step fills
	 * in the fields it adds (app) and any it changes (col); the rest pass
	 * through as they came.
	 */
	int (*step)(struct swt_loop *l, const struct swt_rec *rec, char **out);
	/* the end of a file: its audit entry and summary */
	int (*source_end)(struct swt_loop *l);
	/* the run's summary on standard error, given the exit status */
	void (*summary)(struct swt_loop *l, int status);

	/* the loop's part, for the command to read */
	const char *dbpath;	/* the database swt_loop_opendb opens */
	const char *name;	/* the source: a file, "-", the database */
	struct swt_reader *in;	/* NULL for rows from swt_loop_header */
	int *col;		/* input field -> output column, -1 not written */
	int *app;		/* append[i] -> output column */
	struct swt_writer *out;	/* the output (--explain and --test write here) */
	long read, rejected;
	const char *field;	/* a rejection: the field, or NULL */
	char why[512];		/* and the reason */
	int tx;			/* a transaction is open */
	int pii;		/* person data was written out */

	/* the loop's own */
	struct swt_fields oh;
	int *src;		/* output column -> input field, or -1 */
	int *scan;		/* look for a BSN: 1, 2 once one is found */
	char **ov;
	size_t *olen;
	struct swt_writer *rej;
	FILE *spoolfp;
};

/*
 * Open the output (or its spool) and the rejects file, which must not be
 * one of the inputs (argv: NULL when the records come from elsewhere):
 * 0, else SWT_STEP_FATAL or SWT_STEP_USAGE (reported).
 */
int swt_loop_start(struct swt_loop *l, int argc, char *const *argv);
/* Each file in turn, or standard input when there are none: 0 or < 0. */
int swt_loop_files(struct swt_loop *l, int argc, char *const *argv);
/* Rows from elsewhere (the database): a header, then records. */
int swt_loop_header(struct swt_loop *l, const char *name, size_t n,
    char *const *names);
int swt_loop_record(struct swt_loop *l, const struct swt_rec *rec);
/*
 * A storing command's whole run over the files named (or standard input,
 * but not a terminal: a usage error): dbpath is the database to open at
 * the first source, ":memory:" for --dry-run without one.  The exit
 * status; the database and its code lists are closed, the command frees
 * what else its steps opened.
 */
int swt_loop_run(struct swt_loop *l, int argc, char *const *argv,
    const char *usage);
/*
 * Records to read: files named, or standard input if it is not a terminal
 * (else a usage error, reported: SWT_EXIT_USAGE); a reader of the output
 * that leaves is no signal.  0 to go on.
 */
int swt_loop_input(int argc, const char *usage);
/* Begin the transaction that swt_loop_finish commits: -1 (reported). */
int swt_loop_begin(struct swt_loop *l);
/* What a failed write of the output means for the run. */
int swt_loop_closed(const struct swt_loop *l);
/*
 * Commit (or roll back on an error or --dry-run), log a display of person
 * data, copy the spooled echo out, summarise, close everything: the exit
 * status.  rc is what the run came to: 0 or a SWT_STEP_* below 0.
 */
int swt_loop_finish(struct swt_loop *l, int rc);
/*
 * A listing: records from the database (opened with db_flags; -1 for
 * none) to standard output in the format of o, written by fn.  A reader
 * that has gone (| head) is no error.  The exit status.
 */
int swt_listing(const struct swt_opts *o, int db_flags,
    int (*fn)(struct swt_db *db, struct swt_writer *w, void *ctx),
    void *ctx);

/*
 * Map a header to entity e's fields (map[f] = input field, or -1); a key
 * field missing is a located error that says why it is needed: FATAL.
 */
int swt_loop_keyed(struct swt_loop *l, const struct swt_entity *e, size_t n,
    char *const *names, int *map, const char *why);
/* A field the records need is not in the header: said at its line; FATAL. */
int swt_loop_missing(struct swt_loop *l, const char *field, const char *why);
/*
 * For a storing command (its source_end, and its header): open (or make)
 * the database at the first source that opens, read its code lists into
 * codes and begin the run's transaction.
 */
int swt_loop_opendb(struct swt_loop *l);
/*
 * The audit entry of a display of person data (--show-pii): of whom
 * (entity_id, NULL: the records echoed) and what.  0, or -1 (reported).
 */
int swt_display_logged(struct swt_db *db, const char *entity_id,
    const char *detail);

/*
 * A source read whole: its audit entry (action, entity "batch": the file
 * by its SHA-256, its name when code-like, the counts) and its summary
 * line.  0, or SWT_STEP_FATAL (reported).
 */
int swt_batch_end(struct swt_loop *l, struct swt_batch *b,
    const char *action);
/*
 * What a storing step's check and store came to (k: 0 stored, -1 refused,
 * -2 a database error, reported here with the line): a SWT_STEP_*, and
 * the record counted when it was stored.
 */
int swt_loop_result(struct swt_loop *l, const struct swt_rec *rec, int k,
    enum swt_intake_res res);
/* Count a record stored: new, updated or unchanged. */
void swt_batch_count(struct swt_batch *b, enum swt_intake_res res);
/*
 * Echo an entity's fields as checked (normalised): v[f] by field, map[f]
 * the input field that holds it or -1, into out as a step fills it.
 */
void swt_loop_echo(const struct swt_loop *l, size_t n, const int *map,
    const char *const *v, char **out);
/* Each source's line on standard error, once the outcome is known. */
void swt_batch_summary(struct swt_batch *b, int status);

/* ---- validation (valid.c) ---- */

int swt_bsn_valid(const char *s);
/* Non-negative integer in [lo, hi]: 0 ok, -1 not. */
int swt_int_parse(const char *s, long lo, long hi, long *out);
/* yes/no/ja/nee/1/0/true/false -> "yes" or "no"; NULL if none of them. */
const char *swt_yesno(const char *s);
/* Valid UTF-8? */
int swt_utf8_valid(const char *s, size_t len);

/* ---- dates and the calendar (date.c) ---- */

/*
 * Parse an ISO (yyyy-mm-dd[Thh:mm[:ss]]) or Dutch (dd-mm-yyyy) date and
 * write its ISO form to out (at least 20 bytes).  0 ok, -1 not a date.
 */
int swt_date_norm(const char *s, char *out);
/* Days since 1970-01-01 of an ISO date (time ignored). */
long swt_date_days(const char *iso);
void swt_date_from_days(long days, char *out);	/* out >= 11 bytes */
void swt_date_today(char *out);		/* the local date, ISO: >= 11 bytes */
int swt_date_valid_ymd(int y, int m, int d);
/*
 * Day numbers, as swt_date_days gives them, of the years 0 to 9999.
 * swt_date_ymd's pointers may be NULL.
 */
long swt_date_from_ymd(int y, int m, int d);
void swt_date_ymd(long day, int *y, int *m, int *d);
int swt_date_weekday(long day);		/* ISO: 1 Monday ... 7 Sunday */
/* The ISO week (1 to 53), and in *year (if not NULL) the year it is of. */
int swt_date_isoweek(long day, int *year);
/* n months on (or back): 31 January + 1 is the last of February. */
long swt_date_add_months(long day, long n);

/* Periods: a year, quarter, month or ISO week, Monday to Sunday. */
enum swt_period { SWT_YEAR, SWT_QUARTER, SWT_MONTH, SWT_WEEK };
#define SWT_PERIOD_MAX 9	/* "2024-W05" and its NUL */
/* The unit "year", "quarter", "month" or "week" names; -1 if none. */
int swt_period_unit(const char *name);
/* The first and last day of the period day falls in. */
void swt_period_of(long day, enum swt_period unit, long *first, long *last);
/* Its name: 2024, 2024-Q1, 2024-03, 2024-W05 (-1: a year not of 4 digits). */
int swt_period_name(long day, enum swt_period unit, char *out);
/* The reverse: 0 with the unit (unit may be NULL) and days, -1 if malformed. */
int swt_period_parse(const char *s, enum swt_period *unit, long *first,
    long *last);

/* Easter Sunday of a year (the Gregorian computus). */
long swt_date_easter(int year);
/*
 * The calendar of the Algemene termijnenwet: the holidays of art. 3, and
 * the days equated with them (gelijkgestelde dagen), added as data.  A NULL
 * calendar has the law's holidays alone.  A name it gives lives as long as
 * the calendar.
 */
struct swt_calendar;
struct swt_calendar *swt_calendar_new(void);	/* NULL: no memory */
void swt_calendar_free(struct swt_calendar *cal);
/* Equate a day with a holiday, under a name (copied): 0, or -1 no memory. */
int swt_calendar_add(struct swt_calendar *cal, long day, const char *name);
/* The Dutch name of the holiday on day, or NULL if it is none. */
const char *swt_calendar_holiday(const struct swt_calendar *cal, long day);
/* Why day is no working day: a holiday, "zaterdag", "zondag"; NULL: it is. */
const char *swt_calendar_dayoff(const struct swt_calendar *cal, long day);
/*
 * Atw art. 1: a deadline on a day off moves to the next working day; *why
 * (if why is not NULL) is then why the deadline's own day was off, else NULL.
 */
long swt_calendar_deadline(const struct swt_calendar *cal, long day,
    const char **why);
/* The n-th working day after day (before it if n < 0; day itself if 0). */
long swt_calendar_add_workdays(const struct swt_calendar *cal, long day,
    long n);
/* The working days in (from, to], or minus those in [to, from). */
long swt_calendar_workdays(const struct swt_calendar *cal, long from,
    long to);

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
/* FNV-1a of a string: for hash tables, not for secrets. */
uint64_t swt_hash64(const char *s);
/* The pseudonym of a BSN under a database's key: "C" + 13 base32 chars. */
void swt_client_id(const unsigned char key[16], const char *bsn, char out[16]);
/* The same shape at random: the client_id of a resident without a BSN. */
void swt_client_random(char out[16]);
int swt_random(void *buf, size_t len);

/* ---- fields (field.c): one table per entity ---- */

/*
 * Each entity (request, referral, ...) describes its fields once, in a
 * table: the checks, the header mapping, the SQL binding, the echo and the
 * documentation's field lists all read it.
 */
enum swt_ftype {
	SWT_T_TEXT,		/* free text */
	SWT_T_REF,		/* a source's reference: 64 characters, no controls */
	SWT_T_CODE,		/* a code of the list */
	SWT_T_SET,		/* a '|'-separated set of codes of the list */
	SWT_T_DATE,		/* a date, perhaps with a time: stored ISO */
	SWT_T_INT,		/* a whole number from lo to hi */
	SWT_T_YESNO,		/* yes or no (ja, nee, 1, 0 ...) */
	SWT_T_BSN,		/* 9 digits passing the 11-proef */
	SWT_T_POSTCODE		/* 1234 AB: stored 1234AB */
};
enum {
	SWT_F_KEY = 1,		/* names the record: always required */
	SWT_F_NEW = 2,		/* required when the record is new */
	SWT_F_PERSON = 4,	/* person data: out only with --show-pii */
	SWT_F_RULE = 8,		/* a triage rule may name it */
	SWT_F_HINT = 16		/* its codes are told apart from other fields' */
};
struct swt_field {
	const char *name;
	enum swt_ftype type;
	unsigned flags;
	const char *list;	/* CODE, SET: the code list */
	long lo, hi;		/* INT: the range */
	const char *what;	/* INT, SET: what a value is ("a ZRM score 1-5") */
	const char *dflt;	/* what an empty value means to the rules (SPEC 6) */
};
struct swt_entity {
	const char *name;
	const struct swt_field *f;
	size_t n;
};
#define SWT_FIELD_BUF 24	/* room for a normalised value: a date, a number */

/* The entity of that name; with name NULL, the i-th (NULL past the last). */
const struct swt_entity *swt_entity_get(const char *name, size_t i);
/* A type as swt-db fields names it: text, ref, code, set, date, number ... */
const char *swt_ftype_name(enum swt_ftype t);
/* Add name to a list of names separated by ',', if it fits in size. */
void swt_names_add(char *list, size_t size, const char *name);
/* Two stored values are the same: both NULL, or equal text. */
int swt_same(const char *a, const char *b);
/* The index of a field by its name, or -1. */
int swt_entity_field(const struct swt_entity *e, const char *name);
/* map[f] = the input field (of n names) that holds field f, or -1. */
void swt_entity_map(const struct swt_entity *e, size_t n, char *const *names,
    int *map);
/*
 * Check and normalise each field's value v[i] in place (a date to ISO, a
 * code to the list's own string, a number as stored; spaces around a
 * number, date or BSN trimmed), buf[i] holding what it makes (for a code,
 * its entry: a const struct swt_code *); an empty value becomes NULL.  -1
 * with field and why at the first value that is not valid.
 */
int swt_entity_check(const struct swt_entity *e, const char **v,
    char (*buf)[SWT_FIELD_BUF], const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);
/*
 * Does the name say person data: an entity's person field (bsn, name, ...)
 * or another spelling of one (geboortedatum, Adres, e-mail, ...)?
 */
int swt_is_person_field(const char *name);
/* Is it the name of a field of any entity? */
int swt_is_known_field(const char *name);
/* 9 digits passing the 11-proef, perhaps with dots, spaces or dashes? */
int swt_looks_like_bsn(const char *s, size_t len);
/*
 * A code-like token, which a message or the audit log may quote: no
 * spaces, only letters, digits and _ - . : / +, no BSN or phone number
 * (8 digits in a row, 9 with separators), not shaped like a postcode or a
 * capitalised name.
 */
int swt_code_like(const char *s);
/*
 * A field's value as a message shows it: quoted, cut at 40 characters,
 * when it is a code-like token; else hidden, as it may be person data (a
 * person field's value, a BSN with or without dots, a name, a postcode).
 */
const char *swt_shown(const char *field, const char *val, char out[64]);

/* ---- the request (request.c) ---- */

enum swt_rf {
	RF_REF, RF_RECEIVED_AT, RF_KIND, RF_CHANNEL, RF_SOURCE, RF_LAW,
	RF_SERVICE, RF_LIFE_DOMAIN, RF_DISTRICT, RF_SUMMARY, RF_STAFF,
	RF_BSN, RF_BIRTH_DATE, RF_POSTCODE, RF_NAME,
	RF_CLOSED_AT, RF_CLOSURE_REASON,
	RF_INTAKE_AT, RF_ASSESSED_AT, RF_ZRM, RF_EXPECTED_CONTACTS,
	RF_SPECIALIST_KNOWLEDGE, RF_DEVELOPMENT_POTENTIAL, RF_LONG_TERM,
	RF_PARTIES_INVOLVED, RF_PARTICIPATION, RF_FINANCIAL, RF_FLAGS,
	RF_STATUSHOUDER,
	RF_N
};
extern const struct swt_field swt_request_fields[RF_N];
extern const struct swt_entity swt_request_entity;

/* A request as strings, normalised; NULL or "" = no value. */
struct swt_request {
	const char *v[RF_N];
	char buf[RF_N][SWT_FIELD_BUF];
};
/*
 * Validate and normalise the fields of one request in place (dates to ISO,
 * yes/no, the law implied by the service; a code then points to the code
 * list's own string, which cs must keep).  On failure returns -1 with the
 * field name and reason.
 */
int swt_request_check(struct swt_request *rq, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);

struct swt_intake_out {
	enum swt_intake_res res;
	long long request_id;
	char client_id[16];
	char changed[RF_N * 32];	/* what an update changed: every name fits */
};
struct swt_db;
/*
 * Store one checked request (swt-intake): a new one, or the stored one
 * with what the record gives, checked whole as it will be stored.  The
 * rules are here: what is required, which resident it is about (a BSN's
 * pseudonym, merging the one it had without), the status.  0 stored, -1
 * refused (field and why say so), -2 a database error (swt_db_errmsg).
 */
int swt_request_store(struct swt_db *db, struct swt_request *rq,
    const struct swt_codes *cs, struct swt_intake_out *out,
    const char **field, char *why, size_t whylen);

/* ---- the triage decision (decision.c) ---- */

enum swt_df { DF_DECIDED_AT, DF_DECIDED_BY, DF_N };
extern const struct swt_field swt_decision_fields[DF_N];
extern const struct swt_entity swt_decision_entity;

/*
 * May a decision made on decided_at be on a request received on
 * received_at (as stored)?  0, or -1 with the field and why.  Either NULL:
 * it may.
 */
int swt_decision_dated(const char *decided_at, const char *received_at,
    const char **field, char *why, size_t whylen);

/* ---- staff and complaints (staff.c) ---- */

/* The fields of a staff member and of a complaint, in their tables' order. */
enum swt_stf { STF_STAFF_ID, STF_NAME, STF_DISTRICT, STF_FTE, STF_N };
enum swt_cmf { CMF_REF, CMF_REQUEST, CMF_RECEIVED_AT, CMF_ADMISSIBLE,
	CMF_RESOLVED_AT, CMF_N };
extern const struct swt_entity swt_staff_entity, swt_complaint_entity;

#define SWT_KEYED_MAX 5	/* the fields of a staff member or complaint, at most */

/*
 * A staff member or a complaint as strings, normalised, of entity e;
 * has[f]: the record has the field, so an empty value clears what is
 * stored (a name, a district, a received_at are kept).
 */
struct swt_keyed {
	const struct swt_entity *e;
	const char *v[SWT_KEYED_MAX];
	int has[SWT_KEYED_MAX];
	char buf[SWT_KEYED_MAX][SWT_FIELD_BUF];
};
/* Check a record: 0, or -1 with the field and why it is refused. */
int swt_keyed_check(struct swt_keyed *k, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);
/*
 * Add a checked record, or set the stored one (staff by staff_id, a
 * complaint by ref) to what the record has: 0 (*res says what it came
 * to), -1 refused (field, why), -2 a database error.
 */
int swt_keyed_store(struct swt_db *db, const struct swt_keyed *k,
    enum swt_intake_res *res, const char **field, char *why, size_t whylen);

/* ---- the partner registry (partner.c) ---- */

enum swt_pf {
	PF_PARTNER_ID, PF_NAME, PF_TIER, PF_DOMAINS, PF_DISTRICTS,
	PF_RESPONSE_DAYS, PF_START_DAYS, PF_ACTIVE,
	PF_N
};
extern const struct swt_field swt_partner_fields[PF_N];
extern const struct swt_entity swt_partner_entity;

#define SWT_PARTNER_ID_MAX 32	/* a partner_id's characters at most */

/*
 * A partner as strings, normalised.  has[f]: the record has the field, so
 * an empty value clears a stored one (domains, districts, a term), except
 * where the field is never empty (name, tier, active): empty keeps it.
 */
struct swt_partner {
	const char *v[PF_N];
	int has[PF_N];
	char buf[PF_N][SWT_FIELD_BUF];
	char id[SWT_PARTNER_ID_MAX + 1];
};
/* Validate and normalise in place; -1 with the field and why. */
int swt_partner_check(struct swt_partner *p, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);

struct swt_partner_out {
	enum swt_intake_res res;
	char changed[PF_N * 16];	/* what an update changed: every name fits */
};
/*
 * Add a checked partner, or update the stored one with what the record
 * gives, with an audit entry naming what changed: 0 stored (or the same),
 * -1 refused (field and why), -2 a database error (swt_db_errmsg).
 */
int swt_partner_store(struct swt_db *db, const struct swt_partner *p,
    struct swt_partner_out *out, const char **field, char *why,
    size_t whylen);

/* ---- referrals (referral.c) ---- */

enum swt_xf {
	XF_REF, XF_REQUEST_ID, XF_REFERRAL_REF, XF_REFERRAL_ID, XF_KIND,
	XF_PARTNER, XF_PRODUCT, XF_APPLIED_AT, XF_DECIDED_AT, XF_SENT_AT,
	XF_RESPONDED_AT, XF_RESPONSE, XF_STARTED_AT, XF_ENDED_AT,
	XF_END_REASON, XF_WITHDRAWN_AT, XF_REASON,
	XF_N
};
extern const struct swt_field swt_referral_fields[XF_N];
extern const struct swt_entity swt_referral_entity;

/* A referral record as strings, normalised; NULL = no value. */
struct swt_referral {
	const char *v[XF_N];
	char buf[XF_N][SWT_FIELD_BUF];
	char partner[SWT_PARTNER_ID_MAX + 1];
};
/*
 * Validate and normalise one record in place: each field, and that it
 * names a request or a referral.  -1 with the field and why.
 */
int swt_referral_check(struct swt_referral *x, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);

struct swt_referral_out {
	enum swt_intake_res res;
	long long referral_id;
	char status[16];
	char client_id[16];
	char changed[XF_N * 16];	/* what an update changed */
};
/*
 * Store one checked referral record (swt-refer): find the referral it
 * means (SPEC 5), or make a new one, with what the record gives over what
 * is stored, checked whole: the request and partner, the partner's tier
 * for the kind, product and end reason of the law, the dates in order,
 * the status they give moving forward only.  An update gets an audit
 * entry naming what changed.  0 stored, -1 refused (field and why), -2 a
 * database error (swt_db_errmsg).
 */
int swt_referral_store(struct swt_db *db, struct swt_referral *x,
    const struct swt_codes *cs, struct swt_referral_out *out,
    const char **field, char *why, size_t whylen);

/*
 * A referral as it was on day on (ISO; NULL: as stored): the dates after
 * it, and what they bring (response, end_reason), cleared in v.  The
 * status the dates give, or NULL when it was not sent by then.
 */
const char *swt_referral_as_on(const char **v, const char *on);

/* The term that runs for a referral in its status, in working days. */
struct swt_referral_term {
	const char *term;	/* response (sent), start (accepted) */
	const char *since;	/* the date it runs from */
	long days;		/* the partner's response_days, start_days */
	long due;		/* the day it ends (swt_date_days) */
};
/*
 * Sent waits for the partner's answer (response_days), accepted for the
 * start (start_days), working days of the calendar cal (NULL: the Atw's
 * holidays): 1 with the term in t, 0 when none runs (another status, or
 * the partner has no such term).
 */
int swt_referral_term(const char *const *v, const char *status,
    const char *response_days, const char *start_days,
    const struct swt_calendar *cal, struct swt_referral_term *t);
/* ---- plans and goals (plan.c) ---- */

/*
 * A plan record: the resident, plan fields, goal fields, or both.  The
 * plan's own columns are PL_OPENED_AT to PL_REASON, the goal's
 * PL_LIFE_DOMAIN to PL_REQUEST.
 */
enum swt_plf {
	PL_CLIENT_ID, PL_REF, PL_PLAN_ID, PL_OPENED_AT, PL_OWNER, PL_REGIE,
	PL_NEXT_EVALUATION_AT, PL_CHECKIN_DAYS, PL_EVALUATED_AT, PL_CLOSED_AT,
	PL_CLOSURE_REASON, PL_REASON, PL_GOAL_ID, PL_LIFE_DOMAIN,
	PL_DESCRIPTION, PL_PRIORITY, PL_GOAL_OWNER, PL_TARGET_DATE,
	PL_ZRM_START, PL_ZRM_TARGET, PL_ZRM_END, PL_GOAL_STATUS, PL_REQUEST,
	PL_N
};
extern const struct swt_field swt_plan_fields[PL_N];
extern const struct swt_entity swt_plan_entity;

/* A plan record as strings, normalised; NULL = no value. */
struct swt_plan {
	const char *v[PL_N];
	char buf[PL_N][SWT_FIELD_BUF];
};
/*
 * Validate and normalise one record in place: each field, that it names
 * the resident, and what its fields say together.  -1 with field and why.
 */
int swt_plan_check(struct swt_plan *p, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);

struct swt_plan_out {
	enum swt_intake_res res;
	long long plan_id;
	long long goal_id;	/* 0: the record has no goal */
	char client_id[16];
	char status[16];	/* the plan's: open or closed */
	char changed[PL_N * 24];	/* what an update changed */
};
/*
 * Store one checked plan record (swt-plan) as of the day on (yyyy-mm-dd):
 * the resident's plan (opened by their first record) and the goal it
 * names or adds, with the rules of swt-plan(1): one open plan, no goal on
 * a closed plan, no closing with goals open, no evaluation after on, a
 * regie against triage only with a reason.  An update gets an audit
 * entry.  0 stored, -1 refused (field and why), -2 a database error.
 */
int swt_plan_store(struct swt_db *db, struct swt_plan *p, const char *on,
    struct swt_plan_out *out, const char **field, char *why, size_t whylen);

/* The team lead's worklist (swt-plan --due): its fields, in order. */
enum swt_duef { DUE_CLIENT_ID, DUE_PLAN_ID, DUE_ITEM, DUE_DUE, DUE_DAYS_OVER,
	DUE_OWNER, DUE_DETAIL, DUE_N };
extern const char *const swt_due_fields[DUE_N];
/*
 * The plan of a resident as a person reads it (swt-plan --show), as of
 * on, to fp; person data only with pii (and then logged).  1 shown, 0 the
 * resident has no plan, -1 a database error (swt_db_errmsg).
 */
int swt_plan_show(struct swt_db *db, const char *client_id, const char *on,
    int pii, FILE *fp);
/* ---- legal clocks (term.c); SPEC 6b, swt-term(1) ---- */

/*
 * A record of swt-term: a suspension or an extension of one clock, the
 * request's (ref, request_id) under a term, or that of one of its
 * toewijzen referrals (referral_ref, referral_id).
 */
enum swt_sf {
	SF_REF, SF_REQUEST_ID, SF_REFERRAL_REF, SF_REFERRAL_ID, SF_TERM,
	SF_KIND, SF_FROM_DATE, SF_UNTIL_DATE, SF_DAYS, SF_NOTIFIED_AT,
	SF_REASON,
	SF_N
};
extern const struct swt_field swt_suspension_fields[SF_N];
extern const struct swt_entity swt_suspension_entity;

struct swt_suspension {
	const char *v[SF_N];
	char buf[SF_N][SWT_FIELD_BUF];
};
/* Validate and normalise one record in place; -1 with the field and why. */
int swt_suspension_check(struct swt_suspension *s,
    const struct swt_codes *cs, const char **field, char *why, size_t whylen);

struct swt_suspension_out {
	enum swt_intake_res res;
	long long suspension_id, referral_id;
	char client_id[16];
	char deadline[11];	/* the clock's deadline after it: "" none */
	char changed[SF_N * 16];
};
struct swt_calendar;
/*
 * Store one checked record (swt-term): find the clock it is of, refuse
 * what SPEC 6b refuses (a reason the term does not allow, a suspension
 * outside its clock or over another, an extension the term allows none
 * of or notified after the deadline as it stood), else add it or update
 * the one of that clock, kind and from_date (notified_at for an
 * extension).  0 stored, -1 refused (field and why), -2 a database error.
 */
int swt_suspension_store(struct swt_db *db, const struct swt_calendar *cal,
    struct swt_suspension *s, struct swt_suspension_out *out,
    const char **field, char *why, size_t whylen);

/* A suspension (until "": none yet) or an extension, as stored. */
struct swt_span {
	long long id;
	int extension;
	char from[11], until[11], notified[11];
	long days;		/* an extension's */
	char reason[40];
	long long request_id, referral_id;	/* the clock's (0: none) */
	char term[40];
};

enum swt_clock_status { SWT_CLOCK_ON_TIME, SWT_CLOCK_LATE, SWT_CLOCK_OPEN,
	SWT_CLOCK_OVERDUE, SWT_CLOCK_SUSPENDED, SWT_CLOCK_NSTATUS };
/* on_time, late, open, overdue, suspended; the reverse: -1 if none. */
const char *swt_clock_status_name(enum swt_clock_status s);
int swt_clock_status_parse(const char *name);

#define SWT_CLOCK_STEPS 16	/* explanation steps kept (the rest: one) */
/*
 * A legal clock on a day: nothing of it is stored, so a corrected date
 * corrects it.  The strings live as long as the callback runs.
 */
struct swt_clock {
	const char *ref, *client_id, *term, *law, *staff;
	long long request_id, referral_id;	/* referral_id 0: none */
	char started_at[11], deadline[11], stopped_at[11];	/* "": none */
	long suspended_days, extended_days;
	enum swt_clock_status status;
	long days_left;		/* open and overdue clocks only */
	size_t at;		/* the day of the walk it is seen on */
	size_t nsteps;		/* how the deadline was reached (explain) */
	char step[SWT_CLOCK_STEPS][128];
};
/* The clocks swt_clocks walks, and the days it sees them on. */
struct swt_clock_walk {
	const long *on, *since;	/* n days; since[i] LONG_MIN: any */
	size_t n;
	const char *term;	/* NULL: all */
	long long request_id;	/* 0: all */
	int explain;		/* the steps of each deadline */
	/*
	 * From the KPIs' tables of the period from to end (db_kpi.c), with
	 * each clock's ref if cases; term and request_id are then all.
	 */
	const char *from, *end;
	int cases;
	unsigned by;		/* the groups asked (swt_db_kpi) */
};
/*
 * Call fn with each clock of w->term and w->request_id as it stands on
 * each day on[i] (c->at is i) on which it had started and had not
 * stopped before since[i]: suspensions from after on[i] and stops after
 * it are not yet known.  The clocks come by request, term and referral,
 * each on its days in turn.  cal gives the equated days (NULL: the law's
 * holidays alone).  0, -1 on a database error (swt_db_errmsg), else what
 * fn returned (non-zero stops).
 */
int swt_clocks(struct swt_db *db, const struct swt_calendar *cal,
    const struct swt_clock_walk *w,
    int (*fn)(void *ctx, const struct swt_clock *c), void *ctx);

/* The fields of an equated day (swt-term --load-holidays): date, name. */
enum swt_hf { HF_DATE, HF_NAME, HF_N };
extern const struct swt_field swt_holiday_fields[HF_N];
extern const struct swt_entity swt_holiday_entity;
/* Check an equated day (v by HF_*), normalised in place; -1 refused. */
int swt_holiday_check(const char **v, char (*buf)[SWT_FIELD_BUF],
    const struct swt_codes *cs, const char **field, char *why, size_t len);

/* ---- contacts (contact.c) ---- */

enum swt_cf {
	CF_REF, CF_REQUEST_ID, CF_CLIENT_ID, CF_CONTACT_REF, CF_DATE, CF_KIND,
	CF_STAFF, CF_MINUTES,
	CF_N
};
extern const struct swt_field swt_contact_fields[CF_N];
extern const struct swt_entity swt_contact_entity;

/* A contact record as strings, normalised; NULL = no value. */
struct swt_contact {
	const char *v[CF_N];
	char buf[CF_N][SWT_FIELD_BUF];
};
/*
 * Validate and normalise one record in place: each field, and that it
 * names a request or a resident.  -1 with the field and why.
 */
int swt_contact_check(struct swt_contact *c, const struct swt_codes *cs,
    const char **field, char *why, size_t whylen);
/*
 * The limit of eigen inzet's conversations (the norm eigen_inzet_contacts,
 * 002 3.2.2, 4.2.5; 15 where the database has none): 0, or -1 (db error).
 */
int swt_contact_limit(struct swt_db *db, long *limit);

struct swt_contact_out {
	enum swt_intake_res res;
	long long contact_id;
	long long request_id;	/* 0: a contact on the resident's plan */
	char client_id[16];
	long count;		/* the request's (plan's) contacts to its date */
	int over_limit;		/* eigen inzet, and more since its decision */
	char changed[CF_N * 16];	/* what an update changed */
};
/*
 * Store one checked contact (swt-contact): of a request, within its
 * received_at and closed_at, or on the resident's open plan; the same one
 * (contact_ref, else every value alike) updated or left, else a new one.
 * An update gets an audit entry naming what changed.  0 stored, -1
 * refused (field and why), -2 a database error (swt_db_errmsg).
 */
int swt_contact_store(struct swt_db *db, const struct swt_contact *c,
    long limit, struct swt_contact_out *out, const char **field, char *why,
    size_t whylen);
/* ---- KPIs (kpi.c): SPEC 7, the mandate's ch. 9.1 ---- */

/* What a figure may be split by: the groups, then the sub-periods. */
enum swt_by {
	SWT_BY_DISTRICT, SWT_BY_LAW, SWT_BY_SERVICE, SWT_BY_KIND,
	SWT_BY_CHANNEL, SWT_BY_SOURCE, SWT_BY_ROUTE, SWT_BY_STAFF,
	SWT_BY_YEAR, SWT_BY_QUARTER, SWT_BY_MONTH,	/* as enum swt_period */
	SWT_BY_N
};
extern const char *const swt_by_names[SWT_BY_N];
int swt_by_parse(const char *name);	/* -1: none of them */

enum swt_kpi {
	SWT_KPI_WACHTTIJD_INTAKE, SWT_KPI_WACHTTIJD_ONDERSTEUNING,
	SWT_KPI_DOORLOOPTIJD, SWT_KPI_KLACHTEN, SWT_KPI_EFFECTIVITEIT,
	SWT_KPI_EFFICIENTIE, SWT_KPI_PROCESKWALITEIT,
	SWT_KPI_WETTELIJKE_TERMIJNEN, SWT_KPI_BEWEGING, SWT_KPI_AFWIJKINGEN,
	SWT_KPI_N
};
const char *swt_kpi_name(int k);	/* NULL past the last */
int swt_kpi_parse(const char *name);	/* -1: no such KPI */
int swt_kpi_measure(int k, const char *measure);	/* -1: not of k */

/* What is asked: the period, its name, the split, published or not. */
struct swt_kpi_ask {
	long first, last;	/* days, as swt_date_days */
	const char *period;
	int by[SWT_BY_N];	/* the --by fields, in their order */
	int nby;
	int publish;
};
/* One figure: its groups by the ask's order; value "" when there is none. */
struct swt_kpi_fig {
	const char *period, *grp[SWT_BY_N], *kpi, *measure;
	char value[32];
	int count;		/* a count (publish rounds it) */
	int suppressed;		/* publish: too small to show */
};
/*
 * The KPIs (bit k: KPI k) whose figures are asked next: what is read for
 * them is read once, and only that (SPEC 8: a KPI alone in seconds).
 * Others may still be asked, at the cost of reading again.
 */
void swt_kpi_for(struct swt_db *db, unsigned which);
/* Each figure of KPI k, groups in order: 0, or -1 (fn's, or an error). */
int swt_kpi_figures(struct swt_db *db, const struct swt_kpi_ask *a, int k,
    int (*fn)(void *ctx, const struct swt_kpi_fig *f), void *ctx);
/* A row behind a figure, as what it was counted (measure). */
struct swt_kpi_case {
	const char *period, *grp[SWT_BY_N], *kpi, *measure;
	const char *ref, *request_id, *client_id, *from, *to;
	char days[16];
};
/*
 * The rows behind KPI k's figures, or behind its measure (NULL: all):
 * a share's rows are those of its count and of its whole (swt_kpi_for
 * that KPI).  0, -1.
 */
int swt_kpi_cases(struct swt_db *db, const struct swt_kpi_ask *a, int k,
    const char *measure, int (*fn)(void *ctx, const struct swt_kpi_case *c),
    void *ctx);
/* The type 7 quantile p of n sorted values (n > 0). */
double swt_quantile(const double *sorted, size_t n, double p);
/* A value as swt-kpi writes it: 2 decimals at most, no trailing zeros. */
void swt_kpi_num(double v, char out[32]);

/* ---- beside the KPIs (kpifile.c): baseline, targets, measurements ---- */

/*
 * The files are read whole; a line that is not right is reported (prog:
 * file:line: field: why) and left out.  A load returns the lines left
 * out, or -1 on an error (reported).
 */
struct swt_kpi_side;
struct swt_kpi_side *swt_kpi_side_new(const struct swt_kpi_ask *a);
void swt_kpi_side_free(struct swt_kpi_side *s);
/* Is kpi one measured outside (bereikbaarheid, ...)? */
int swt_kpi_outside(const char *kpi);
/* An earlier output; with publish, it must be a published one. */
long swt_kpi_load_baseline(struct swt_kpi_side *s, const char *path,
    int publish);
long swt_kpi_load_targets(struct swt_kpi_side *s, const char *path);
long swt_kpi_load_measurements(struct swt_kpi_side *s, const char *path);
/* The measurements within the period, of the KPIs want says yes to. */
int swt_kpi_measurements(struct swt_kpi_side *s, int (*want)(const char *kpi),
    int (*fn)(void *ctx, const struct swt_kpi_fig *f), void *ctx);
/* Baseline and change of f: 1, or 0 with change "no_baseline". */
int swt_kpi_compare(struct swt_kpi_side *s, const struct swt_kpi_fig *f,
    char baseline[32], char change[32]);
size_t swt_kpi_unmatched(const struct swt_kpi_side *s);
/* The target of f ("" none) and whether it is met (yes, no, ""). */
void swt_kpi_target(const struct swt_kpi_side *s, const struct swt_kpi_fig *f,
    char target[32], const char **met);

/* ---- the report (report.c): swt-kpi --report html ---- */

struct swt_report;
/* A report of ask a's period; compare, targets: those columns shown. */
struct swt_report *swt_report_new(const struct swt_kpi_ask *a, int compare,
    int targets);
void swt_report_free(struct swt_report *r);
/* How a's period splits: SWT_BY_QUARTER, SWT_BY_MONTH, or -1 (none). */
int swt_report_split(const struct swt_kpi_ask *a);
/*
 * A published figure, of the whole period (sub NULL) or of sub-period sub,
 * with what --compare and --targets add ("" none).  0, or -1 no memory.
 */
int swt_report_add(struct swt_report *r, const struct swt_kpi_fig *f,
    const char *sub, const char *baseline, const char *change,
    const char *target, const char *met);
/* The page, in Dutch (SPEC 7): 0, or -1 if writing failed. */
int swt_report_html(const struct swt_report *r, FILE *fp);

/* ---- triage rules (rules.c); the format is swt-rules(5) ---- */

#define SWT_NROUTES 4		/* advies < sociale_basis < eigen_inzet < maatwerk */
#define SWT_RULES_MAX 256
#define SWT_RULES_DEPTH 64	/* levels of parentheses and not */

const char *swt_route_name(int rank);	/* "" when out of range */
int swt_route_rank(const char *route);	/* -1 when not a route */

struct swt_rules;
struct swt_rule_info {
	const char *id, *when, *route, *regie, *source, *reason;
	long line;
	const char *kind, *tier, *partner, *choice;	/* a referral map's */
};
/* Parse a rules file; NULL with err "file:line: ..." on any mistake. */
struct swt_rules *swt_rules_load(const char *path,
    const struct swt_codes *cs, char *err, size_t errlen);
struct swt_rules *swt_rules_parse(const char *text, size_t len,
    const char *name, const struct swt_codes *cs, char *err, size_t errlen);
/*
 * A referral map (swt-refer --propose): the same format and conditions,
 * which may also name the triage's outcome; a rule sets a referral kind
 * (or none), the tier and preferred partners, and who chooses; the first
 * rule that matches decides.  Its values go by RF_* and SWT_COND_*.
 */
enum { SWT_COND_ROUTE = RF_N, SWT_COND_REGIE, SWT_COND_N };
struct swt_rules *swt_refmap_load(const char *path,
    const struct swt_codes *cs, char *err, size_t errlen);
struct swt_rules *swt_refmap_parse(const char *text, size_t len,
    const char *name, const struct swt_codes *cs, char *err, size_t errlen);
void swt_rules_free(struct swt_rules *rs);
/* A rules file's text, NUL-terminated, into *text (to free): 0, -1 err. */
int swt_rules_text(const char *path, char **text, size_t *len, char *err,
    size_t errlen);
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

/* ---- proposals (propose.c) ---- */

/* The partner registry's active partners, read once. */
struct swt_registry;
/* NULL: a database error (swt_db_errmsg) or no memory. */
struct swt_registry *swt_registry_load(struct swt_db *db);
void swt_registry_free(struct swt_registry *reg);
/* What swt-refer --propose appends; "" none.  Valid until the next call. */
struct swt_proposal {
	const char *kind, *partner;
	const char *candidates;		/* the other partners that fit: a|b */
};
/*
 * The proposal of a referral map's deciding rule (swt_refmap_load) for a
 * request of that life domain and district (NULL: any): the partners that
 * fit are active, of the rule's tier, serve the district and, unless the
 * rule names them, the life domain.  0, or -1 no memory.
 */
int swt_propose(struct swt_registry *reg, const struct swt_rule_info *ri,
    const char *domain, const char *district, struct swt_proposal *out);
/* ---- retention and erasure (retention.c) ---- */

/* What a dossier (one resident, all they have) holds, counted. */
enum { DN_REQUESTS, DN_DECISIONS, DN_REFERRALS, DN_PLANS, DN_GOALS,
	DN_CONTACTS, DN_SUSPENSIONS, DN_COMPLAINTS, DN_N };
/* A dossier as swt-db retention and erase report it: no person data. */
struct swt_dossier {
	char client_id[16];
	char rule[40], basis[80], counted_from[16];
	char from[11], due[11];	/* "" when they would tell a birth date */
	long n[DN_N];
};
#define SWT_DOSSIER_COLUMNS (6 + DN_N)
/* client_id, rule, basis, counted_from, from, due, then the counts. */
extern const char *const swt_dossier_columns[SWT_DOSSIER_COLUMNS];
/* A dossier's values as a record, by swt_dossier_columns: buf's room. */
void swt_dossier_values(const struct swt_dossier *d,
    char buf[DN_N][24], char **v);
/*
 * The dossiers past their term on the day on (swt_date_days): the
 * residents whose every request is closed and due, with no open plan
 * (a request without a term keeps its resident: *unknown counts them).
 * fn with each; with commit, all are first destroyed, each with an audit
 * entry, in one transaction (the caller then scrubs: swt_db_scrub).
 * 0, -1 on an error (swt_db_errmsg) or a non-zero return from fn.
 */
int swt_retention(struct swt_db *db, long on, int commit,
    int (*fn)(void *ctx, const struct swt_dossier *d), void *ctx,
    long *unknown);
/*
 * Erase a resident on their request (AVG art. 17) in one transaction
 * with an audit entry, unless the law requires keeping it (AVG art.
 * 17(3)(b)): 0 erased (d says what), 1 refused (why says why), 2 no such
 * resident, -1 on an error.
 */
int swt_erase(struct swt_db *db, const char *client_id, struct swt_dossier *d,
    char *why, size_t whylen);

/* ---- synthetic data (gen.c) ---- */

/* The random numbers of swt-gen: stream i of part `stream` of a seed. */
struct swt_rng {
	uint64_t s;
};
uint64_t swt_mix64(uint64_t z);
void swt_rng_init(struct swt_rng *r, uint64_t seed, uint64_t i,
    unsigned stream);
uint32_t swt_rng_below(struct swt_rng *r, uint32_t n);	/* [0, n) */
int swt_rng_chance(struct swt_rng *r, uint32_t pm);	/* pm per mille */
/* A code and its weight; a weighted draw. */
struct swt_wv {
	const char *v;
	uint32_t w;
};
const char *swt_rng_pick(struct swt_rng *r, const struct swt_wv *t,
    size_t n);

/* ---- the database (db.h) ---- */

#include "db.h"

/*
 * The follow-up of the caseload in a database (swt-gen --follow-up): the
 * records each command after triage reads, telling one story per request
 * up to the day on (yyyy-mm-dd), deterministic by seed.
 */
enum swt_follow {
	SWT_FOLLOW_PARTNERS, SWT_FOLLOW_REFERRALS, SWT_FOLLOW_TERMS,
	SWT_FOLLOW_CONTACTS, SWT_FOLLOW_CLOSURES, SWT_FOLLOW_PLANS,
	SWT_FOLLOW_STAFF, SWT_FOLLOW_COMPLAINTS
};
/*
 * The districts of swt-gen's five teams (Zwolle's): a database's list when
 * it has one, team i working in its district i (modulo their number).
 */
#define SWT_GEN_TEAMS 5
struct swt_gen_districts {
	const char *d[SWT_GEN_TEAMS];
	char buf[SWT_GEN_TEAMS][41];
	size_t n;
};
void swt_gen_districts_default(struct swt_gen_districts *gd);
int swt_gen_districts_db(struct swt_db *db, struct swt_gen_districts *gd);
/* The staff of team (0 to 4) as swt-gen names them: k 0 to 3. */
const char *swt_gen_staff(size_t team, uint32_t k);
int swt_gen_follow(struct swt_db *db, struct swt_writer *w,
    enum swt_follow what, uint64_t seed, const char *on);

/* ---- a municipality's profile (profile.c) ---- */

/* What loading came to: rows read, new, changed, unchanged, removed. */
struct swt_load {
	long read, added, changed, same, removed;
	char err[512];		/* refused: "file:line: field: what" */
};
/* The verb and file name of a table ("codes"), its columns, key first. */
const char *swt_ptable_name(enum swt_ptable t);
const char *const *swt_ptable_columns(enum swt_ptable t);
size_t swt_ptable_ncolumns(enum swt_ptable t);
/*
 * Load a file of rows into table t in one transaction, audited; with
 * replace, a code list (the lists the file names) or the table is
 * replaced whole.  0, -1 refused and nothing changed (out->err), -2 a
 * database error (out->err).  swt-db(1) says what is refused.
 */
int swt_ptable_load(struct swt_db *db, enum swt_ptable t, const char *path,
    int replace, struct swt_load *out);
/* A profile directory (swt-db(1)) in one transaction; as above. */
int swt_profile_load(struct swt_db *db, const char *dir,
    struct swt_load *out);
/*
 * The triage rules (refmap 0) or referral map the database keeps from
 * its profile: 1 with *rs, 0 none (the shipped ones apply), -1 with err.
 */
int swt_profile_rules(struct swt_db *db, int refmap,
    const struct swt_codes *cs, struct swt_rules **rs, char *err,
    size_t errlen);

#endif
