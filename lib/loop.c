/* loop.c - the one loop over records that every command runs */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "swt.h"

static int
nomem(void)
{
	swt_err("out of memory");
	return SWT_STEP_FATAL;
}

/* Is the file at path one of the inputs, which writing it would destroy? */
static int
is_input(const char *path, int argc, char *const *argv)
{
	struct stat p, s;
	int in = argc == 0;

	if (stat(path, &p) != 0)
		return 0;	/* a new file */
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-"))
			in = 1;
		else if (stat(argv[i], &s) == 0 && s.st_dev == p.st_dev &&
		    s.st_ino == p.st_ino)
			return 1;
	return in && fstat(STDIN_FILENO, &s) == 0 && s.st_dev == p.st_dev &&
	    s.st_ino == p.st_ino;
}

int
swt_loop_start(struct swt_loop *l, int argc, char *const *argv)
{
	enum swt_fmt fmt = l->o->fmt;
	FILE *fp = stdout;

	if (l->o->rejects && argv && is_input(l->o->rejects, argc, argv)) {
		swt_err("--rejects %s is an input too: writing it would destroy "
		    "the records; name another file", l->o->rejects);
		return SWT_STEP_USAGE;
	}
	if (fmt == SWT_FMT_AUTO)
		fmt = isatty(STDOUT_FILENO) ? SWT_FMT_TABLE : SWT_FMT_TSV;
	/*
	 * The echo of a storing command waits in a spool until the commit: a
	 * reader such as swt-triage --commit needs the records stored and the
	 * write lock free, and what was not stored is not echoed.
	 */
	if (l->spool && !(fp = l->spoolfp = swt_spool())) {
		swt_err("cannot make a temporary file: %s", strerror(errno));
		return SWT_STEP_FATAL;
	}
	if (!(l->out = swt_writer_open(fp, fmt)))
		return nomem();
	/* person data: written new, and in place only when whole */
	if (l->o->rejects && !(l->rej = swt_file_open(l->o->rejects,
	    SWT_FMT_TSV))) {
		swt_err("cannot write '%s': %s", l->o->rejects,
		    strerror(errno));
		return SWT_STEP_FATAL;
	}
	return 0;
}

int
swt_loop_begin(struct swt_loop *l)
{
	if (swt_db_begin(l->db)) {
		swt_err("%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	l->tx = 1;
	return 0;
}

int
swt_loop_closed(const struct swt_loop *l)
{
	if (l->spool)
		return SWT_STEP_DONE;	/* the spool is checked at the end */
	/* a reader that has gone (| head) ends a run that stores nothing */
	if (swt_stdout_gone())
		return l->stores ? SWT_STEP_DONE : SWT_STEP_QUIT;
	return SWT_STEP_FATAL;	/* reported by swt_close_stdout */
}

static int
write_failed(const struct swt_loop *l)
{
	if (l->spool) {
		swt_err("cannot keep the echo in a temporary file: %s",
		    strerror(errno));
		return SWT_STEP_FATAL;
	}
	return swt_loop_closed(l);
}

/* Person data: a field of the records' own entity says so itself. */
static int
is_person(const struct swt_loop *l, const char *name)
{
	int i;

	if (l->entity && (i = swt_entity_field(l->entity, name)) >= 0)
		return (l->entity->f[i].flags & SWT_F_PERSON) != 0;
	return swt_is_person_field(name);
}

/* What a source's header made: the output fields and their maps. */
static void
free_header(struct swt_loop *l)
{
	swt_fields_free(&l->oh);
	free(l->col);
	free(l->app);
	free(l->src);
	free(l->scan);
	free(l->ov);
	free(l->olen);
	l->col = l->app = l->src = NULL;
	l->scan = NULL;
	l->ov = NULL;
	l->olen = NULL;
}

int
swt_loop_header(struct swt_loop *l, const char *name, size_t n,
    char *const *names)
{
	size_t napp = 0;
	int k;

	l->name = name;
	if (l->header && (k = l->header(l, n, names)) != 0)
		return k;
	while (l->append && l->append[napp])
		napp++;
	free_header(l);
	if (!(l->col = calloc(n + 1, sizeof *l->col)) ||
	    !(l->app = calloc(napp + 1, sizeof *l->app)) ||
	    !(l->src = calloc(n + napp + 1, sizeof *l->src)) ||
	    !(l->scan = calloc(n + napp + 1, sizeof *l->scan)) ||
	    !(l->ov = calloc(n + napp + 1, sizeof *l->ov)) ||
	    !(l->olen = calloc(n + napp + 1, sizeof *l->olen)))
		return nomem();
	for (size_t i = 0; i < n; i++) {
		l->col[i] = -1;
		if (is_person(l, names[i]) && !l->o->show_pii) {
			/* a spelling swt does not store is no less person data */
			if (!swt_is_known_field(names[i]))
				swt_warn("%s: %s: person data: not written out "
				    "(--show-pii writes it)", l->name, names[i]);
			continue;
		}
		if ((k = swt_fields_add(&l->oh, names[i])) < 0)
			return nomem();
		l->col[i] = k;
		l->src[k] = (int)i;
		/* a field of its own: its values are looked at for a BSN */
		l->scan[k] = !l->o->show_pii && !swt_is_known_field(names[i]);
	}
	/* an added field that the input has already is replaced in place */
	for (size_t j = 0; j < napp; j++) {
		if ((k = swt_fields_add(&l->oh, l->append[j])) < 0)
			return nomem();
		l->app[j] = k;
		l->src[k] = -1;
	}
	if (l->echo && swt_writer_header(l->out, l->oh.n, l->oh.name))
		return write_failed(l);
	return 0;
}

/* A record refused: reported, kept in --rejects; under --strict, the end. */
static int
reject(struct swt_loop *l, const struct swt_rec *rec, const char *field,
    const char *why)
{
	l->rejected++;
	if (l->in) {
		if (swt_reject(l->rej, l->in, rec, field, why)) {
			swt_err("cannot write '%s': %s", l->o->rejects,
			    strerror(errno));
			return SWT_STEP_FATAL;
		}
	} else
		swt_errat(l->name, rec->line, field, "%s", why);
	if (l->o->strict) {
		swt_err("--strict: a record was rejected; %s", l->strict_what ?
		    l->strict_what : "nothing written");
		return SWT_STEP_FATAL;
	}
	return SWT_STEP_DONE;
}

/*
 * A value passed through that looks like a BSN (9 digits, 11-proef) is
 * left out unless --show-pii: once said for each field of a source.
 */
static int
bsn_in(struct swt_loop *l, const struct swt_rec *rec, size_t k)
{
	const char *v = l->ov[k];

	if (!swt_looks_like_bsn(v, rec->len ? rec->len[l->src[k]] :
	    strlen(v)))
		return 0;
	if (l->scan[k] == 1)
		swt_warn("%s:%ld: %s: a value like a BSN is left out of the "
		    "output (--show-pii writes it)", l->name, rec->line,
		    l->oh.name[k]);
	l->scan[k] = 2;
	return 1;
}

int
swt_loop_record(struct swt_loop *l, const struct swt_rec *rec)
{
	size_t n = l->oh.n;
	int rc;

	l->read++;
	if (rec->err[0])
		return reject(l, rec, NULL, rec->err);
	/* the step fills in what it adds or changes; the rest passes through */
	memset(l->ov, 0, n * sizeof *l->ov);
	l->field = NULL;
	l->why[0] = '\0';
	rc = l->step(l, rec, l->ov);
	if (rc == SWT_STEP_REJECT)
		return reject(l, rec, l->field, l->why);
	if (rc != SWT_STEP_DONE || !l->echo)
		return rc;
	/* a record here has the header's fields: a ragged one was refused */
	for (size_t k = 0; k < n; k++) {
		int s = l->src[k];

		if (l->ov[k])
			l->olen[k] = SIZE_MAX;
		else if (s >= 0) {
			/* a value passed through keeps its known length */
			l->ov[k] = rec->f[s];
			l->olen[k] = rec->len ? rec->len[s] : SIZE_MAX;
			if (l->scan[k] && bsn_in(l, rec, k)) {
				l->ov[k] = "";
				l->olen[k] = 0;
			}
		} else {
			l->ov[k] = "";
			l->olen[k] = 0;
		}
	}
	if (l->pii == 0 && l->o->show_pii)
		for (size_t k = 0; k < n && !l->pii; k++)
			l->pii = is_person(l, l->oh.name[k]);
	if (swt_writer_recordl(l->out, n, l->ov, l->olen))
		return write_failed(l);
	return SWT_STEP_DONE;
}

static int
one_file(struct swt_loop *l, const char *path)
{
	char err[512];
	struct swt_rec rec;
	struct swt_progress pg;
	long long done = 0;
	int st, rc = 0;
	size_t n;

	if (!(l->in = swt_reader_open(path, l->o->encoding, err, sizeof err))) {
		swt_err("%s", err);
		return SWT_STEP_FATAL;
	}
	swt_reader_hash(l->in, l->hash);
	l->name = swt_reader_name(l->in);
	/* an empty file has no header: nothing to map, nothing to read */
	if ((n = swt_reader_nfields(l->in)))
		rc = swt_loop_header(l, l->name, n, swt_reader_header(l->in));
	swt_progress_begin(&pg, "records");
	while (rc == 0 && (st = swt_reader_read(l->in, &rec)) == 1) {
		rc = swt_loop_record(l, &rec);
		done++;
		if (swt_progress_due(&pg))
			swt_progress_show(&pg, done, swt_reader_done(l->in));
	}
	swt_progress_end(&pg);
	if (rc == 0 && st < 0) {
		long line;
		const char *e = swt_reader_error(l->in, &line);

		swt_errat(l->name, line, NULL, "%s", e);
		rc = SWT_STEP_FATAL;
	}
	if (rc == 0 && l->source_end)
		rc = l->source_end(l);
	if (rc == 0 && l->batch)
		rc = swt_batch_end(l, &l->counts, l->batch);
	swt_reader_close(l->in);
	l->in = NULL;
	return rc;
}

int
swt_loop_files(struct swt_loop *l, int argc, char *const *argv)
{
	int rc = 0;

	if (argc == 0)
		return one_file(l, NULL);
	for (int i = 0; i < argc && rc == 0; i++)
		rc = one_file(l, argv[i]);
	return rc;
}

int
swt_loop_opendb(struct swt_loop *l)
{
	char err[512];

	if (l->db)
		return 0;
	if (swt_db_open(&l->db, l->dbpath, SWT_DB_CREATE |
	    (l->o->group ? SWT_DB_GROUP : 0), err, sizeof err)) {
		swt_err("%s", err);
		return SWT_STEP_FATAL;
	}
	if (!(l->codes = swt_db_codes(l->db))) {
		swt_err("%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	return swt_loop_begin(l);
}

int
swt_loop_keyed(struct swt_loop *l, const struct swt_entity *e, size_t n,
    char *const *names, int *map, const char *why)
{
	swt_entity_map(e, n, names, map);
	for (size_t f = 0; f < e->n; f++)
		if ((e->f[f].flags & SWT_F_KEY) && map[f] < 0)
			return swt_loop_missing(l, e->f[f].name, why);
	return 0;
}

int
swt_loop_missing(struct swt_loop *l, const char *field, const char *why)
{
	swt_errat(l->name, l->in ? swt_reader_header_line(l->in) : 1, field,
	    "no such field in the header: %s", why);
	return SWT_STEP_FATAL;
}

int
swt_batch_end(struct swt_loop *l, struct swt_batch *b, const char *action)
{
	char sum[65], detail[256], *line, **p;
	const char *base;
	long read = l->read - b->read0, added = b->added - b->added0,
	    updated = b->updated - b->updated0, same = b->same - b->same0,
	    rejected = l->rejected - b->rejected0;

	b->read0 = l->read;
	b->rejected0 = l->rejected;
	b->added0 = b->added;
	b->updated0 = b->updated;
	b->same0 = b->same;
	swt_reader_sha256(l->in, sum);
	swt_fmt(detail, sizeof detail, "sha256 %s; read %ld, new %ld, "
	    "updated %ld, unchanged %ld, rejected %ld", sum, read, added,
	    updated, same, rejected);
	/*
	 * The audit log is never erased, so it holds no free text: the file
	 * by its SHA-256, and by its name only when that cannot be a
	 * resident's ("aanmelding Jansen.csv").
	 */
	base = strrchr(l->name, '/') ? strrchr(l->name, '/') + 1 : l->name;
	if (swt_db_audit(l->db, swt_prog, action, "batch",
	    swt_code_like(base) ? base : "(name not logged)", detail)) {
		swt_err("%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	if (asprintf(&line, "%s: %ld read, %ld new, %ld updated, %ld "
	    "unchanged, %ld rejected", l->name, read, added, updated, same,
	    rejected) < 0)
		return nomem();
	if (!(p = realloc(b->lines, (b->nlines + 1) * sizeof *p))) {
		free(line);
		return nomem();
	}
	b->lines = p;
	b->lines[b->nlines++] = line;
	return 0;
}

int
swt_loop_result(struct swt_loop *l, const struct swt_rec *rec, int k,
    enum swt_intake_res res)
{
	if (k == -2) {
		swt_errat(l->name, rec->line, NULL, "%s", swt_db_errmsg(l->db));
		return SWT_STEP_FATAL;
	}
	if (k < 0)
		return SWT_STEP_REJECT;
	swt_batch_count(&l->counts, res);
	return SWT_STEP_DONE;
}

void
swt_batch_count(struct swt_batch *b, enum swt_intake_res res)
{
	if (res == SWT_INTAKE_NEW)
		b->added++;
	else if (res == SWT_INTAKE_UPDATED)
		b->updated++;
	else
		b->same++;
}

void
swt_loop_echo(const struct swt_loop *l, size_t n, const int *map,
    const char *const *v, char **out)
{
	for (size_t f = 0; f < n; f++)
		if (map[f] >= 0 && l->col[map[f]] >= 0)
			out[l->col[map[f]]] = (char *)(v[f] ? v[f] : "");
}

void
swt_batch_summary(struct swt_batch *b, int status)
{
	for (size_t i = 0; i < b->nlines; i++) {
		if (!swt_quiet)
			fprintf(stderr, "%s: %s%s\n", swt_prog, b->lines[i],
			    status == SWT_EXIT_DATA ? " (not written)" : "");
		free(b->lines[i]);
	}
	free(b->lines);
	b->lines = NULL;
	b->nlines = 0;
}

int
swt_display_logged(struct swt_db *db, const char *entity_id,
    const char *detail)
{
	if (swt_db_audit(db, swt_prog, "display", "person", entity_id,
	    detail)) {
		swt_err("%s", swt_db_errmsg(db));
		return -1;
	}
	return 0;
}

static int
display(struct swt_loop *l)
{
	return swt_display_logged(l->db, NULL,
	    "--show-pii: person data echoed");
}

int
swt_loop_finish(struct swt_loop *l, int rc)
{
	int status, done;	/* done: what was to be written, was */
	int logged = 0;		/* the display of person data */

	if (rc == SWT_STEP_QUIT)
		rc = 0;		/* the reader has had enough: a quiet end */
	/* the rejects kept whole, or nothing stored */
	if (l->rej && rc == 0 && swt_writer_flush(l->rej)) {
		swt_err("cannot write '%s': %s", l->o->rejects,
		    strerror(errno));
		rc = SWT_STEP_FATAL;
	}
	/* the echo kept whole, or nothing stored */
	if (l->spool && l->out) {
		if ((swt_writer_close(l->out) || fflush(l->spoolfp) != 0) &&
		    rc == 0)
			rc = write_failed(l);
		l->out = NULL;
	}
	if (l->db && l->tx) {
		/* person data shown: logged first, with the change it comes with */
		if (rc == 0 && !l->o->dry_run && (logged = l->pii &&
		    l->stores) && display(l))
			rc = SWT_STEP_FATAL;
		if (rc || l->o->dry_run)
			swt_db_rollback(l->db);
		else if (swt_db_commit(l->db)) {
			swt_err("%s", swt_db_errmsg(l->db));
			rc = SWT_STEP_FATAL;
		}
		l->tx = 0;
	}
	status = rc == SWT_STEP_USAGE ? SWT_EXIT_USAGE : rc ? SWT_EXIT_DATA :
	    l->rejected ? SWT_EXIT_REJECT : SWT_EXIT_OK;
	done = status == SWT_EXIT_OK || status == SWT_EXIT_REJECT;
	/* else in a transaction of its own, before the echo; --dry-run too */
	if (done && !logged && l->pii && l->stores && l->db && display(l)) {
		status = SWT_EXIT_DATA;
		done = 0;
	}
	/* stored: now the echo; a reader that left is no error */
	if (l->spool && done && swt_spool_copy(l->spoolfp, stdout) && !ferror(stdout)) {
		swt_err("cannot read the echo back: %s", strerror(errno));
		status = SWT_EXIT_DATA;
	}
	if (l->batch)
		swt_batch_summary(&l->counts, status);
	if (l->summary)
		l->summary(l, status);
	if (l->o->dry_run && l->stores && done && !swt_quiet)
		swt_err("--dry-run: nothing written");
	(void)swt_writer_close(l->out);
	l->out = NULL;
	if (l->spoolfp)
		fclose(l->spoolfp);
	l->spoolfp = NULL;
	/* nothing written: the rejects file is left as it was */
	if (swt_file_close(l->rej, done) && done) {
		swt_err("cannot write '%s': %s", l->o->rejects,
		    strerror(errno));
		status = SWT_EXIT_DATA;
	}
	l->rej = NULL;
	free_header(l);
	if (swt_close_stdout() && status == SWT_EXIT_OK)
		status = SWT_EXIT_DATA;
	return status;
}

int
swt_listing(const struct swt_opts *o, int db_flags,
    int (*fn)(struct swt_db *db, struct swt_writer *w, void *ctx),
    void *ctx)
{
	char err[512];
	struct swt_db *db = NULL;
	struct swt_writer *w;
	int rc = SWT_EXIT_OK;

	/* a reader that leaves (| head) is no error */
	signal(SIGPIPE, SIG_IGN);
	if (db_flags >= 0 && swt_db_open(&db, swt_db_path(o), db_flags, err,
	    sizeof err)) {
		swt_err("%s", err);
		return SWT_EXIT_DATA;
	}
	if (!(w = swt_writer_open(stdout, o->fmt))) {
		swt_err("out of memory");
		rc = SWT_EXIT_DATA;
	} else if (fn(db, w, ctx) && !swt_stdout_gone() && !ferror(stdout)) {
		swt_err("%s", db ? swt_db_errmsg(db) : "out of memory");
		rc = SWT_EXIT_DATA;
	}
	if (w && swt_writer_close(w) && !swt_stdout_gone())
		rc = SWT_EXIT_DATA;
	swt_db_close(db);
	if (swt_close_stdout() && rc == SWT_EXIT_OK)
		rc = SWT_EXIT_DATA;
	return rc;
}

int
swt_loop_input(int argc, const char *usage)
{
	if (argc == 0 && isatty(STDIN_FILENO)) {
		swt_err("no input: name a file, or pipe records in");
		swt_usage(usage);
		return SWT_EXIT_USAGE;
	}
	/* a run must not die half-way because a reader of the echo left */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int
swt_loop_run(struct swt_loop *l, int argc, char *const *argv,
    const char *usage)
{
	struct stat st;
	int rc;

	if ((rc = swt_loop_input(argc, usage)))
		return rc;
	l->dbpath = swt_db_path(l->o);
	/* no file, or an empty one: nothing to compare with, nothing to make */
	if (l->o->dry_run && (stat(l->dbpath, &st) != 0 || st.st_size == 0)) {
		/* a display of person data is logged, and here it could not be */
		if (l->o->show_pii) {
			swt_err("%s: no database to log --show-pii in: with "
			    "--dry-run none is made (swt-db init makes one)",
			    l->dbpath);
			return SWT_EXIT_USAGE;
		}
		l->dbpath = ":memory:";
	}
	if ((rc = swt_loop_start(l, argc, argv)) == 0)
		rc = swt_loop_files(l, argc, argv);
	rc = swt_loop_finish(l, rc);
	swt_codes_free(l->codes);
	swt_db_close(l->db);
	l->codes = NULL;
	l->db = NULL;
	return rc;
}
