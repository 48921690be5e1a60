// SPDX-License-Identifier: GPL-2.0
/*
 * hugetlb-fault: time the HugeTLB pages a mapping allocates and frees.
 *
 *   hugetlb-fault [-n] NPAGES
 *
 * Maps NPAGES 2 MiB pages with MAP_HUGETLB, writes one byte in each, and
 * unmaps them; prints "map_touch_ms=M unmap_ms=U" (CLOCK_MONOTONIC).  With
 * nr_overcommit_hugepages set, the pool grows by surplus pages for it: all
 * at mmap() time for the reservation, or with -n (MAP_NORESERVE) one at a
 * time, at each fault.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define SZ_2M	(2UL << 20)

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB;
	double t0, t1, t2;
	size_t i, n;
	char *p;

	if (argc == 3 && !strcmp(argv[1], "-n")) {
		flags |= MAP_NORESERVE;
		argv++;
		argc--;
	}
	if (argc != 2 || !(n = strtoul(argv[1], NULL, 0))) {
		fprintf(stderr, "usage: hugetlb-fault [-n] NPAGES\n");
		return 2;
	}
	t0 = now_ms();
	p = mmap(NULL, n * SZ_2M, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < n; i++)
		p[i * SZ_2M] = 1;
	t1 = now_ms();
	if (munmap(p, n * SZ_2M)) {
		perror("munmap");
		return 1;
	}
	t2 = now_ms();
	printf("map_touch_ms=%.1f unmap_ms=%.1f\n", t1 - t0, t2 - t1);
	return 0;
}
