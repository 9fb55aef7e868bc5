/* hash.c - SHA-256 (audit chain, file digests), SipHash-2-4 (pseudonyms), FNV-1a (tables) */
#include <errno.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif
#include <sys/random.h>

#include "swt.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
		    (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; k = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		    ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		    ((a & b) ^ (a & c) ^ (b & c));

		k = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

#if defined(__x86_64__)
/*
 * The same compression with the SHA extensions: a batch import hashes its
 * whole input for the audit log, and this is several times faster.
 */
__attribute__((target("sha,sse4.1"))) static void
block_ni(uint32_t h[8], const unsigned char *p)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i t, s0, s1, save0, save1, m[4];

	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xb1);
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1b);
	s0 = _mm_alignr_epi8(t, s1, 8);		/* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xf0);	/* CDGH */
	save0 = s0;
	save1 = s1;
	for (int g = 0; g < 16; g++) {
		__m128i w, x;

		if (g < 4)
			w = _mm_shuffle_epi8(_mm_loadu_si128(
			    (const __m128i *)(p + 16 * g)), mask);
		else
			w = _mm_sha256msg2_epu32(_mm_add_epi32(
			    _mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]),
			    _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4)),
			    m[(g + 3) & 3]);
		m[g & 3] = w;
		x = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K[4 * g]));
		s1 = _mm_sha256rnds2_epu32(s1, s0, x);
		s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(x, 0x0e));
	}
	s0 = _mm_add_epi32(s0, save0);
	s1 = _mm_add_epi32(s1, save1);
	t = _mm_shuffle_epi32(s0, 0x1b);	/* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xb1);	/* DCHG */
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, s1, 0xf0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(s1, t, 8));
}
#endif

int swt_sha_ni = -1;	/* -1: use the SHA extensions if the CPU has them */

static void
compress(uint32_t h[8], const unsigned char *p)
{
#if defined(__x86_64__)
	if (swt_sha_ni < 0) {
		unsigned a, b, c, d;

		/* CPUID leaf 7: SHA in EBX bit 29; leaf 1: SSE4.1 in ECX 19 */
		swt_sha_ni = __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
		    (b >> 29 & 1) && __get_cpuid(1, &a, &b, &c, &d) &&
		    (c >> 19 & 1);
	}
	if (swt_sha_ni) {
		block_ni(h, p);
		return;
	}
#endif
	block(h, p);
}

void
swt_sha256_init(struct swt_sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
	    0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, iv, sizeof iv);
	s->n = 0;
	s->fill = 0;
}

void
swt_sha256_add(struct swt_sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->n += len;
	if (s->fill) {
		size_t k = 64 - s->fill < len ? 64 - s->fill : len;

		memcpy(s->buf + s->fill, p, k);
		s->fill += k;
		p += k;
		len -= k;
		if (s->fill < 64)
			return;
		compress(s->h, s->buf);
		s->fill = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		compress(s->h, p);
	memcpy(s->buf, p, len);
	s->fill = len;
}

void
swt_sha256_hex(struct swt_sha256 *s, char out[65])
{
	uint64_t bits = s->n * 8;
	unsigned char pad = 0x80, len[8];

	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	swt_sha256_add(s, &pad, 1);
	pad = 0;
	while (s->fill != 56)
		swt_sha256_add(s, &pad, 1);
	swt_sha256_add(s, len, 8);
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 4; j++) {
			unsigned v = (s->h[i] >> (24 - 8 * j)) & 0xff;

			out[8 * i + 2 * j] = "0123456789abcdef"[v >> 4];
			out[8 * i + 2 * j + 1] = "0123456789abcdef"[v & 15];
		}
	out[64] = '\0';
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do { \
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
} while (0)

static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* SipHash-2-4 (Aumasson and Bernstein): a keyed PRF, fast on short input. */
uint64_t
swt_siphash(const unsigned char key[16], const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, b;
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0, v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0, v3 = 0x7465646279746573ULL ^ k1;
	size_t left = len & 7;
	const unsigned char *end = p + len - left;

	for (; p != end; p += 8) {
		m = le64(p);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	b = (uint64_t)len << 56;
	for (size_t i = 0; i < left; i++)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* The alphabet of a client_id after its C: RFC 4648 base32. */
static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
swt_client_id(const unsigned char key[16], const char *bsn, char out[16])
{
	uint64_t h = swt_siphash(key, bsn, strlen(bsn));

	out[0] = 'C';
	for (int i = 1; i <= 13; i++) {
		out[i] = b32[h & 31];
		h >>= 5;
	}
	out[14] = '\0';
}

void
swt_client_random(char out[16])
{
	unsigned char r[13];

	if (swt_random(r, sizeof r))
		memset(r, 0, sizeof r);	/* getrandom does not fail on Linux */
	out[0] = 'C';
	for (int i = 0; i < 13; i++)
		out[1 + i] = b32[r[i] & 31];
	out[14] = '\0';
}

int
swt_random(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

uint64_t
swt_hash64(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}
