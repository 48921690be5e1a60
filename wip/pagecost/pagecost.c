// SPDX-License-Identifier: GPL-2.0
/*
 * pagecost: what a restore of an optimized HugeTLB page's vmemmap writes
 * into each 4 KiB page it allocates, timed on the host CPU (user space,
 * the kernel's own instruction sequences): init_on_alloc's zeroing
 * (clear_page_erms: rep stosb), copy_page (rep movsq), and the stores of
 * only the non-zero words of a page of identical 64-byte struct pages
 * (2 of 8 words for a tail as freeing leaves it, 4 for a shared tail).
 * The pages written cycle through a buffer of KB kilobytes (argument;
 * 262144, larger than the caches, by default: the page allocator's pages
 * are mostly not cached; 28 is the 7 pages of one 2 MiB page).  Prints ns
 * a page, the median of ROUNDS rounds, for: zero, copy, sparse2,
 * zero+copy (before) and zero+sparse2 (after).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE 4096
#define WORDS (PAGE / 8)
#define SP_WORDS 8
#define ROUNDS 15

static unsigned long tmpl[WORDS] __attribute__((aligned(PAGE)));

static void zero(void *p)
{
	unsigned long n = PAGE;

	asm volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

static void copy(void *to, const void *from)
{
	unsigned long n = WORDS;

	asm volatile("rep movsq" : "+D"(to), "+S"(from), "+c"(n) : : "memory");
}

static void sparse(unsigned long *dst, const unsigned long *src)
{
	unsigned long *p, w;
	int i;

	for (i = 0; i < SP_WORDS; i++) {
		w = src[i];
		if (!w)
			continue;
		for (p = dst + i; p < dst + WORDS; p += SP_WORDS)
			*(volatile unsigned long *)p = w;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

enum { ZERO, COPY, SPARSE, ZERO_COPY, ZERO_SPARSE, NR };
static const char *const names[NR] = {
	"zero", "copy", "sparse2", "zero+copy", "zero+sparse2"
};

int main(int argc, char **argv)
{
	unsigned long pool_bytes = (argc > 1 ? strtoul(argv[1], NULL, 0) : 262144) << 10;
	unsigned long npages = pool_bytes / PAGE, i, reps, k;
	double t[NR][ROUNDS], t0;
	char *pool;
	int m, r;

	if (!npages || posix_memalign((void **)&pool, PAGE, pool_bytes)) {
		perror("pagecost: posix_memalign");
		return 1;
	}
	memset(pool, 1, pool_bytes);
	/* At least 65536 pages a round, a small buffer written again. */
	reps = (65536 + npages - 1) / npages;
	/* One struct page as freeing leaves a tail: flags and _mapcount. */
	for (i = 0; i < WORDS; i += SP_WORDS) {
		tmpl[i] = 0x17ffffc0000000UL;
		tmpl[i + 6] = 0xffffffffUL;
	}
	for (r = 0; r < ROUNDS; r++) {
		for (m = 0; m < NR; m++) {
			t0 = now();
			for (k = 0; k < reps * npages; k++) {
				void *p = pool + (k % npages) * PAGE;

				if (m == ZERO || m == ZERO_COPY || m == ZERO_SPARSE)
					zero(p);
				if (m == COPY || m == ZERO_COPY)
					copy(p, tmpl);
				if (m == SPARSE || m == ZERO_SPARSE)
					sparse(p, tmpl);
			}
			t[m][r] = (now() - t0) / (reps * npages);
		}
	}
	for (m = 0; m < NR; m++) {
		qsort(t[m], ROUNDS, sizeof(double), cmp);
		printf("%-13s %6.1f ns a page (min %.1f, max %.1f)\n", names[m],
		       t[m][ROUNDS / 2], t[m][0], t[m][ROUNDS - 1]);
	}
	return 0;
}
