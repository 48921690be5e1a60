// SPDX-License-Identifier: GPL-2.0
/*
 * hwpoison: poison one 4 KiB page of a mapped compound page and report what
 * the kernel did, for the lab's soak.
 *
 *   hwpoison hugetlb hard|soft INDEX
 *   hwpoison PATH LENGTH hard|soft INDEX
 *
 * Maps one 2 MiB HugeTLB page (or LENGTH bytes of device-dax PATH), fills it
 * with a pattern, and calls madvise(MADV_HWPOISON) (hard) or
 * madvise(MADV_SOFT_OFFLINE) (soft) on its INDEXth 4 KiB page.  Prints
 * "key value" lines; the caller decides what is right for the kernel:
 *   pfn P        physical page behind the mapping's start before (HugeTLB)
 *   madvise R    0 or the errno name
 *   sigbus S     whether a SIGBUS came, and its si_code
 *   newpfn P     physical page behind the mapping's start after (HugeTLB)
 *   data D       "intact" if every page but a hard-poisoned one still holds
 *                the pattern, "lost" if reading it raised SIGBUS, "corrupt"
 * Exit status 0 when it could run, 1 on a setup error (with a message).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101	/* <linux/mman.h>; older libcs lack it */
#endif

#define SZ_4K	4096UL
#define SZ_2M	(2UL << 20)

static sigjmp_buf env;
static volatile sig_atomic_t sigbus_code = -1;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	sigbus_code = si->si_code;
	siglongjmp(env, 1);
}

static uint64_t pfn_of(void *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &e, sizeof(e), (uintptr_t)addr / SZ_4K * sizeof(e)) != sizeof(e))
		e = 0;
	if (fd >= 0)
		close(fd);
	return (e >> 63) ? e & ((1ULL << 55) - 1) : 0;
}

static uint64_t word(size_t i)
{
	return 0x9e3779b97f4a7c15ULL * (i + 1);
}

static void fill(uint64_t *p, size_t len)
{
	for (size_t i = 0; i < len / 8; i++)
		p[i] = word(i);
}

/* 0: the pattern is there, 1: a word differs; pages [skip, skip+1) not read. */
static int compare(uint64_t *p, size_t len, long skip)
{
	for (size_t i = 0; i < len / 8; i++) {
		if (skip >= 0 && i / (SZ_4K / 8) == (size_t)skip)
			continue;
		if (p[i] != word(i))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int hugetlb = argc == 4 && !strcmp(argv[1], "hugetlb");
	const char *how = argv[hugetlb ? 2 : 3];
	volatile size_t len = hugetlb ? SZ_2M : 0;
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	volatile int advice, rc = 0, err = 0, soft;
	long index;
	char *p;

	if (!hugetlb && argc != 5) {
		fprintf(stderr, "usage: hwpoison hugetlb hard|soft INDEX | hwpoison PATH LENGTH hard|soft INDEX\n");
		return 1;
	}
	soft = !strcmp(how, "soft");
	advice = soft ? MADV_SOFT_OFFLINE : MADV_HWPOISON;
	index = strtol(argv[argc - 1], NULL, 0);
	if (hugetlb) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	} else {
		int fd = open(argv[1], O_RDWR);

		len = strtoul(argv[2], NULL, 0);
		if (fd < 0) {
			perror(argv[1]);
			return 1;
		}
		/* device-dax wants the mapping aligned to its align. */
		p = mmap(NULL, 2 * len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			char *a = (char *)(((uintptr_t)p + len - 1) & ~(len - 1));

			munmap(p, 2 * len);
			p = mmap(a, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
		}
		close(fd);
	}
	if (p == MAP_FAILED || (long)index < 0 || (size_t)index >= len / SZ_4K) {
		fprintf(stderr, "hwpoison: mmap %zu bytes: %s\n", len, strerror(errno));
		return 1;
	}
	fill((uint64_t *)p, len);
	if (hugetlb)
		printf("pfn %llu\n", (unsigned long long)pfn_of(p));
	sigaction(SIGBUS, &sa, NULL);

	if (!sigsetjmp(env, 1)) {
		rc = madvise(p + index * SZ_4K, SZ_4K, advice);
		err = errno;
	}
	printf("madvise %s\n", rc ? strerrorname_np(err) : "0");
	printf("sigbus %s", sigbus_code < 0 ? "no\n" : "yes");
	if (sigbus_code >= 0)
		printf(" code=%d\n", sigbus_code);

	/* What a hard-poisoned page held is gone: read everything else. */
	sigbus_code = -1;
	if (!sigsetjmp(env, 1))
		rc = compare((uint64_t *)p, len, soft ? -1 : index);
	if (hugetlb && sigbus_code < 0)
		printf("newpfn %llu\n", (unsigned long long)pfn_of(p));
	printf("data %s\n", sigbus_code >= 0 ? "lost" : rc ? "corrupt" : "intact");
	return 0;
}
