/* opt.c - the options every command shares */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swt.h"

int
swt_opt(struct swt_opts *o, int c, const char *arg, const char *usage)
{
	switch (c) {
	case 'd': o->db = arg; return -1;
	case SWT_OPT_CSV: o->fmt = SWT_FMT_CSV; return -1;
	case SWT_OPT_TSV: o->fmt = SWT_FMT_TSV; return -1;
	case SWT_OPT_JSON: o->fmt = SWT_FMT_JSON; return -1;
	case SWT_OPT_TABLE: o->fmt = SWT_FMT_TABLE; return -1;
	case 'n': o->dry_run = 1; return -1;
	case SWT_OPT_STRICT: o->strict = 1; return -1;
	case SWT_OPT_REJECTS: o->rejects = arg; return -1;
	case SWT_OPT_SHOW_PII: o->show_pii = 1; return -1;
	case SWT_OPT_GROUP: o->group = 1; return -1;
	case 'q': swt_quiet = 1; return -1;
	case SWT_OPT_ENCODING:
		if (strcasecmp(arg, "utf-8") && strcasecmp(arg, "utf8") &&
		    strcasecmp(arg, "cp1252") && strcasecmp(arg, "windows-1252") &&
		    strcasecmp(arg, "latin1") && strcasecmp(arg, "iso-8859-1")) {
			swt_err("--encoding: '%s' is not one of utf-8, cp1252, "
			    "latin1", arg);
			return SWT_EXIT_USAGE;
		}
		o->encoding = arg;
		return -1;
	case 'h':
		fputs(usage, stdout);
		return SWT_EXIT_OK;
	case 'V':
		printf("%s (swt) %s, database schema %d\n", swt_prog,
		    SWT_VERSION, swt_schema_version());
		return SWT_EXIT_OK;
	}
	swt_usage(usage);	/* getopt has said what; or not ours */
	return SWT_EXIT_USAGE;
}

void
swt_usage(const char *usage)
{
	const char *nl = strchr(usage, '\n');

	/* the synopsis line only, as a hint */
	fprintf(stderr, "%.*s\n", nl ? (int)(nl - usage) : (int)strlen(usage),
	    usage);
}

const char *
swt_db_path(const struct swt_opts *o)
{
	const char *p;

	if (o->db && *o->db)
		return o->db;
	if ((p = getenv("SWT_DB")) && *p)
		return p;
	return "swt.db";
}

/*
 * A data file shipped with swt: $SWT_SHARE/name, else share/swt/name beside
 * the installed binaries (so an installed tree can be moved) or in the build
 * tree, else the directory the build was configured for.
 */
const char *
swt_share_path(const char *name, char *buf, size_t len)
{
	const char *env = getenv("SWT_SHARE");
	char exe[4096], *slash;
	ssize_t n;

	if (env && *env) {
		swt_fmt(buf, len, "%s/%s", env, name);
		return buf;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			*slash = '\0';
			swt_fmt(buf, len, "%s/../share/swt/%s", exe, name);
			if (access(buf, R_OK) == 0)
				return buf;
			/* the build tree: make; ./swt-triage */
			swt_fmt(buf, len, "%s/share/swt/%s", exe, name);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	swt_fmt(buf, len, "%s/%s", SWT_SHAREDIR, name);
	return buf;
}
