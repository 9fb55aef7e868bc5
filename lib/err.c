/* err.c - one message shape for every command */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* Has the reader of a pipe on standard output gone away? */
int
swt_stdout_gone(void)
{
	struct pollfd p = { STDOUT_FILENO, 0, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* As git does: quiet on a closed pipe (SIGPIPE), loud on any other failure. */
int
swt_close_stdout(void)
{
	int bad = fflush(stdout) != 0 || ferror(stdout), e = errno;

	if (bad && (e == EPIPE || swt_stdout_gone())) {
		fclose(stdout);
		return 0;	/* the reader has had enough */
	}
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad)
		return 0;
	swt_err("write error on standard output: %s", strerror(e));
	return -1;
}

int
swt_refuse(const char **field, const char *name, char *why, size_t len,
    const char *fmt, ...)
{
	va_list ap;

	*field = name;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}
