/* fuzz/replay.c - run a fuzz target over files: its corpus, in make check */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, k;

		if (!fp) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (len == cap) {
				cap = cap ? cap * 2 : 4096;
				if (!(buf = realloc(buf, cap)))
					abort();
			}
			k = fread(buf + len, 1, cap - len, fp);
			len += k;
		} while (k > 0);
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	printf("ok - replayed %d inputs\n", argc - 1);
	return 0;
}
