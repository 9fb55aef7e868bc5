/* err.c - one message shape for every command */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "swt.h"

const char *swt_prog = "swt";
int swt_quiet;

/* The progress whose line is on the terminal now, if any. */
static struct swt_progress *shown;

/* Clear the progress line: a message comes. */
static void
unshow(void)
{
	if (!shown)
		return;
	fprintf(stderr, "\r%*s\r", shown->width, "");
	shown->width = 0;
	shown = NULL;
}

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

	unshow();
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

	unshow();
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
	unshow();
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

/* ---- progress ---- */

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
swt_progress_begin(struct swt_progress *p, const char *what)
{
	const char *after = getenv("SWT_PROGRESS");

	memset(p, 0, sizeof *p);
	p->what = what;
	p->on = !swt_quiet && isatty(STDERR_FILENO);
	p->start = seconds();
	p->after = after && *after ? atof(after) : 2;
}

int
swt_progress_due(struct swt_progress *p)
{
	double t;

	/* the clock is read once in 256 steps */
	if (!p->on || (++p->calls & 255) != 0)
		return 0;
	t = seconds();
	if (t - p->start < p->after || (p->last > 0 && t - p->last < 0.5))
		return 0;
	p->last = t;
	return 1;
}

void
swt_progress_show(struct swt_progress *p, long long n, double frac)
{
	char line[160];
	double t = p->last, left;
	int len;

	len = snprintf(line, sizeof line, "%s: %lld %s, %.0f/s", swt_prog, n,
	    p->what, t > p->start ? (double)n / (t - p->start) : 0.0);
	if (frac > 0 && frac < 1 && len > 0 && (size_t)len < sizeof line) {
		left = (t - p->start) * (1 - frac) / frac;
		len += snprintf(line + len, sizeof line - (size_t)len,
		    left < 60 ? ", %.0f s left" : ", %.0f min left",
		    left < 60 ? left : left / 60);
	}
	if (len < 0 || (size_t)len >= sizeof line)
		return;
	fprintf(stderr, "\r%s%*s", line, p->width > len ? p->width - len : 0,
	    "");
	fflush(stderr);
	p->width = len;
	shown = p;
}

void
swt_progress_end(struct swt_progress *p)
{
	if (shown == p)
		unshow();
}
