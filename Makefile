# swt - tools for the Sociaal Wijkteam.  make; make check; make install
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share
MANDIR ?= $(SHAREDIR)/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
ifneq ($(SANITIZE),)
CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif
SWT_CFLAGS = $(WARN) -Ilib -DSWT_SHAREDIR='"$(SHAREDIR)/swt"' $(CFLAGS)
LDLIBS = -lsqlite3 -lcsv

# rebuild everything when the flags change (make check SANITIZE=...)
BUILD = $(CC) $(SWT_CFLAGS) $(LDFLAGS)
$(shell echo '$(BUILD)' | cmp -s - .flags || echo '$(BUILD)' > .flags)

LIBSRC = $(wildcard lib/*.c)
LIBOBJ = $(LIBSRC:.c=.o)
CMDS = $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))

MAN1 = $(wildcard man/*.1)
MAN5 = $(wildcard man/*.5)
MAN7 = $(wildcard man/*.7)
SHARE = $(wildcard share/swt/*)
BASHCOMP = $(wildcard completions/bash/*)
ZSHCOMP = $(wildcard completions/zsh/_swt)
UNIT = tests/unit/unit
FUZZ = rules records
REPLAY = $(FUZZ:%=fuzz/replay-%)
FUZZ_TIME ?= 60
DEMO_N ?= 5000

all: $(CMDS)

lib/%.o: lib/%.c $(wildcard lib/*.h) .flags
	$(CC) $(SWT_CFLAGS) -c -o $@ $<

lib/libswt.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

%: cmd/%.c lib/libswt.a $(wildcard lib/*.h) .flags
	$(CC) $(SWT_CFLAGS) -o $@ $< lib/libswt.a $(LDFLAGS) $(LDLIBS)

$(UNIT): tests/unit/unit.c lib/libswt.a .flags
	$(CC) $(SWT_CFLAGS) -o $@ $< lib/libswt.a $(LDFLAGS) $(LDLIBS)

# each fuzz target also runs over its corpus in make check, with $(CC)
fuzz/replay-%: fuzz/%.c fuzz/replay.c lib/libswt.a .flags
	$(CC) $(SWT_CFLAGS) -o $@ fuzz/replay.c $< lib/libswt.a $(LDFLAGS) $(LDLIBS)

# first what the build and the tests need, as make demo does
check:
	@sh bench/deps.sh check
	@$(MAKE) --no-print-directory all $(UNIT) $(REPLAY)
	@tests/run

# libFuzzer with ASan and UBSan; FUZZ_TIME seconds per target
fuzz:
	@sh bench/deps.sh fuzz
	@for t in $(FUZZ); do \
		clang -std=c11 -D_GNU_SOURCE -Ilib -g -O1 \
		    -DSWT_SHAREDIR='"$(SHAREDIR)/swt"' \
		    -fsanitize=fuzzer,address,undefined \
		    -fno-sanitize-recover=all -o fuzz/fuzz-$$t fuzz/$$t.c \
		    $(LIBSRC) $(LDLIBS) || exit 1; \
		mkdir -p fuzz/out/$$t; \
		echo "fuzz: $$t for $(FUZZ_TIME) s"; \
		fuzz/fuzz-$$t -max_total_time=$(FUZZ_TIME) -timeout=10 \
		    -artifact_prefix=fuzz/out/ fuzz/out/$$t \
		    fuzz/corpus/$$t 2>&1 | tail -n 3 || exit 1; \
	done

bench: all
	@sh bench/deps.sh bench
	@bench/run

# swt-kpi on ten years of 10 M requests (building them takes hours: README)
bench-large: all
	@sh bench/deps.sh bench
	@BENCH_N=10000000 BENCH_FROM=2015-01-01 BENCH_PANDAS=no \
	    bench/run bench/40-kpi.sh

demo:
	@sh bench/deps.sh
	@$(MAKE) --no-print-directory all
	@DEMO_N=$(DEMO_N) sh share/demo.sh

lint:
	mandoc -T lint -W warning man/*.[157]

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/swt \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(SHAREDIR)/bash-completion/completions \
		$(DESTDIR)$(SHAREDIR)/zsh/site-functions
	cp $(CMDS) $(DESTDIR)$(BINDIR)/
	$(if $(SHARE),cp -R $(SHARE) $(DESTDIR)$(SHAREDIR)/swt/)
	$(if $(MAN1),cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(MAN5),cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/)
	$(if $(MAN7),cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/)
	$(if $(BASHCOMP),cp $(BASHCOMP) $(DESTDIR)$(SHAREDIR)/bash-completion/completions/)
	$(if $(ZSHCOMP),cp $(ZSHCOMP) $(DESTDIR)$(SHAREDIR)/zsh/site-functions/)

uninstall:
	cd $(DESTDIR)$(BINDIR) && rm -f $(CMDS)
	rm -rf $(DESTDIR)$(SHAREDIR)/swt
	for f in $(notdir $(MAN1)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$f; done
	for f in $(notdir $(MAN5)); do rm -f $(DESTDIR)$(MANDIR)/man5/$$f; done
	for f in $(notdir $(MAN7)); do rm -f $(DESTDIR)$(MANDIR)/man7/$$f; done
	for f in $(notdir $(BASHCOMP)); do \
		rm -f $(DESTDIR)$(SHAREDIR)/bash-completion/completions/$$f; done
	rm -f $(DESTDIR)$(SHAREDIR)/zsh/site-functions/_swt

clean:
	rm -f $(CMDS) lib/*.o lib/libswt.a $(UNIT) $(REPLAY) .flags
	rm -f $(FUZZ:%=fuzz/fuzz-%)
	rm -rf fuzz/out

.PHONY: all check bench bench-large demo fuzz lint install uninstall clean
