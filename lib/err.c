/* err.c - one message shape for every command */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "swt.h"

const char *swt_prog = "swt";
int swt_quiet;

void
swt_setprog(const char *argv0)
{
	const char *s = strrchr(argv0, '/');

	swt_prog = s ? s + 1 : argv0;
}

void
swt_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", swt_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
swt_errat(const char *file, long line, const char *field, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s:%ld: ", swt_prog, file, line);
	if (field && *field)
		fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
swt_warn(const char *fmt, ...)
{
	va_list ap;

	if (swt_quiet)
		return;
	fprintf(stderr, "%s: warning: ", swt_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
swt_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (len == 0)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

/* As git does: quiet on a closed pipe (SIGPIPE), loud on any other failure. */
int
swt_close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return 0;	/* the reader has had enough */
		swt_err("write error on standard output: %s", strerror(errno));
		return -1;
	}
	return 0;
}
