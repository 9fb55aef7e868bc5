/* fuzz/records.c - the record reader (CSV and TSV) and the TSV writer */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swt_reader *r;
	struct swt_rec rec;
	struct swt_writer *w;
	FILE *in, *out;
	char err[512], *buf = NULL;
	size_t len = 0;
	const char *enc = NULL;

	/* the first byte picks the encoding, as --encoding would */
	if (size && data[0] == 0xff) {
		enc = "cp1252";
		data++;
		size--;
	}
	if (!size || !(in = fmemopen((void *)(uintptr_t)data, size, "r")))
		return 0;
	if (!(r = swt_reader_fopen(in, "fuzz", 1, enc, err, sizeof err)))
		return fclose(in), 0;
	if (!(out = open_memstream(&buf, &len)) ||
	    !(w = swt_writer_open(out, SWT_FMT_TSV)))
		abort();
	swt_writer_header(w, swt_reader_nfields(r), swt_reader_header(r));
	while (swt_reader_read(r, &rec) == 1) {
		if (rec.err[0])
			continue;
		if (rec.n != swt_reader_nfields(r))
			abort();
		for (size_t i = 0; i < rec.n; i++)
			if (strlen(rec.f[i]) != rec.len[i])
				abort();
		swt_writer_recordl(w, rec.n, rec.f, rec.len);
	}
	swt_writer_close(w);
	fclose(out);
	free(buf);
	swt_reader_close(r);
	return 0;
}
