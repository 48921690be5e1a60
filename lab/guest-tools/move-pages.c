// SPDX-License-Identifier: GPL-2.0
/*
 * move-pages: migrate HugeTLB pages between NUMA nodes with move_pages(2).
 *
 *   move-pages NR ROUNDS NODE_A NODE_B
 *
 * Maps NR 2 MiB HugeTLB pages (the pool decides where they start), fills
 * them with a pattern, gathers them on NODE_A, then moves all of them to
 * NODE_B and back to NODE_A, ROUNDS times, checking after every move that each page is where it was
 * sent and still holds its pattern.  Prints one line per round; exits 0 if
 * every page moved and kept its data, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SZ_2M		(2UL << 20)
#define MPOL_MF_MOVE	(1 << 1)

static long move(unsigned long n, void **pages, const int *nodes, int *status)
{
	return syscall(SYS_move_pages, 0, n, pages, nodes, status, MPOL_MF_MOVE);
}

static int check(char *p, unsigned long nr, void **pages, int *status, int node)
{
	unsigned long i, j;

	if (syscall(SYS_move_pages, 0, nr, pages, NULL, status, 0)) {
		perror("move_pages (query)");
		return 1;
	}
	for (i = 0; i < nr; i++) {
		uint64_t *w = (uint64_t *)(p + i * SZ_2M);

		if (status[i] != node) {
			printf("page %lu: on node %d, want %d\n", i, status[i], node);
			return 1;
		}
		for (j = 0; j < SZ_2M / 8; j += 511)
			if (w[j] != (i << 32 | j)) {
				printf("page %lu: word %lu changed\n", i, j);
				return 1;
			}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long nr, rounds, i, j, r;
	int a, b, *nodes, *status;
	void **pages;
	char *p;

	if (argc != 5) {
		fprintf(stderr, "usage: move-pages NR ROUNDS NODE_A NODE_B\n");
		return 1;
	}
	nr = strtoul(argv[1], NULL, 0);
	rounds = strtoul(argv[2], NULL, 0);
	a = atoi(argv[3]);
	b = atoi(argv[4]);
	p = mmap(NULL, nr * SZ_2M, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	pages = calloc(nr, sizeof(*pages));
	nodes = calloc(nr, sizeof(*nodes));
	status = calloc(nr, sizeof(*status));
	if (p == MAP_FAILED || !pages || !nodes || !status) {
		fprintf(stderr, "move-pages: %lu HugeTLB pages: %s\n", nr, strerror(errno));
		return 1;
	}
	for (i = 0; i < nr; i++) {
		uint64_t *w = (uint64_t *)(p + i * SZ_2M);

		for (j = 0; j < SZ_2M / 8; j++)
			w[j] = i << 32 | j;
		pages[i] = w;
	}
	/* Round 0 only gathers the pages on NODE_A, wherever they started. */
	for (r = 0; r <= rounds; r++) {
		int to[2] = { b, a };

		for (j = !r; j < 2; j++) {
			long ret;

			for (i = 0; i < nr; i++)
				nodes[i] = to[j];
			ret = move(nr, pages, nodes, status);
			if (ret < 0) {
				printf("round %lu: move_pages to node %d: %s\n", r, to[j], strerror(errno));
				return 1;
			}
			if (ret > 0)
				printf("round %lu: %ld page(s) not moved to node %d\n", r, ret, to[j]);
			if (ret > 0 || check(p, nr, pages, status, to[j]))
				return 1;
		}
		if (r)
			printf("round %lu: %lu pages to node %d and back, data intact\n", r, nr, b);
	}
	return 0;
}
