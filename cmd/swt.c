/* swt - run swt-NAME, as git runs its commands */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "swt.h"

static const struct {
	const char *name, *what;
} cmds[] = {
	{ "intake", "register support requests from CSV/TSV exports" },
	{ "triage", "decide each request's route by the mandate's rules" },
	{ "refer", "store referrals to partners; keep the partner registry" },
	{ "plan", "store plans and goals; list what is due; show a plan" },
	{ "term", "legal clocks: suspensions, extensions, deadlines" },
	{ "contact", "store contacts with residents, counted per request" },
	{ "kpi", "compute the mandate's KPIs for a period" },
	{ "db", "create, check, back up and export the database" },
	{ "gen", "write synthetic requests for demos and benchmarks" },
};

static const char usage[] =
    "usage: swt command [argument ...]\n"
    "       swt help\n"
    "Run swt-command. 'swt help' lists the commands; see swt(7).\n";

static void
help(void)
{
	fputs("usage: swt command [argument ...]\n\ncommands:\n", stdout);
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		printf("  %-8s %s\n", cmds[i].name, cmds[i].what);
	fputs("\nswt help COMMAND shows a command's usage; "
	    "man swt gives the overview.\n", stdout);
}

/* Is there a file of this name in a directory of $PATH? */
static int
on_path(const char *name)
{
	const char *p = getenv("PATH"), *e;
	char buf[PATH_MAX + 256];

	for (; p && *p; p = *e ? e + 1 : e) {
		e = strchrnul(p, ':');
		snprintf(buf, sizeof buf, "%.*s/%s", e > p ? (int)(e - p) : 1,
		    e > p ? p : ".", name);
		if (access(buf, F_OK) == 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	char name[256], self[PATH_MAX], path[PATH_MAX + 256];
	ssize_t n;
	char *slash;
	int found = 0;		/* errno of a swt-NAME that is there */

	swt_setprog(argv[0]);
	if (argc < 2) {
		fputs(usage, stderr);
		return SWT_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return SWT_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("swt %s, database schema %d\n", SWT_VERSION,
		    swt_schema_version());
		return SWT_EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc == 2) {
			help();
			return swt_close_stdout() ? SWT_EXIT_DATA : 0;
		}
		/* swt help NAME is swt NAME --help */
		argv[1] = argv[2];
		argv[2] = "--help";
		argc = 3;
	}
	if (argv[1][0] == '-' || strchr(argv[1], '/') ||
	    strlen(argv[1]) > 200) {
		swt_err("'%s' is not a command; see 'swt help'", argv[1]);
		return SWT_EXIT_USAGE;
	}
	snprintf(name, sizeof name, "swt-%s", argv[1]);
	argv[1] = name;
	/* prefer the swt-NAME installed beside this swt, then PATH */
	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/'))) {
			*slash = '\0';
			snprintf(path, sizeof path, "%s/%s", self, name);
			if (access(path, F_OK) == 0) {
				execv(path, argv + 1);
				found = errno;	/* there, but it does not run */
			}
		}
	}
	execvp(name, argv + 1);
	if (errno != ENOENT || on_path(name))
		found = errno;
	if (!found) {
		swt_err("'%s' is not a command; see 'swt help'", argv[1] + 4);
		return SWT_EXIT_USAGE;
	}
	swt_err("cannot run '%s': %s", name, strerror(found));
	return 126;
}
