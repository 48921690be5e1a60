// SPDX-License-Identifier: GPL-2.0
/*
 * map-hold: hold a shared mapping of a device-dax instance open while the
 * lab reconfigures the device under it.
 *
 *   map-hold PATH LENGTH
 *
 * Maps LENGTH bytes of PATH (aligned to LENGTH, at most 1 GiB), writes a
 * marker into every 2 MiB of it, prints "ready", then waits: on SIGUSR1 it
 * reads the markers back and prints "intact N", "corrupt N" or "sigbus"; on
 * SIGTERM it exits.  Stdout is line buffered for a reader polling a file.
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

#define SZ_2M	(2UL << 20)

static sigjmp_buf env;
static volatile sig_atomic_t want_check, want_quit;

static void on_sigbus(int sig) { siglongjmp(env, 1); }
static void on_usr1(int sig) { want_check = 1; }
static void on_term(int sig) { want_quit = 1; }

int main(int argc, char **argv)
{
	volatile size_t i, bad = 0;
	size_t len;
	char *p, *a;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: map-hold PATH LENGTH\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	len = strtoul(argv[2], NULL, 0);
	fd = open(argv[1], O_RDWR);
	p = mmap(NULL, 2 * len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || p == MAP_FAILED) {
		fprintf(stderr, "map-hold: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	a = (char *)(((uintptr_t)p + len - 1) & ~(len - 1));
	munmap(p, 2 * len);
	p = mmap(a, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "map-hold: mmap %zu bytes of %s: %s\n", len, argv[1], strerror(errno));
		return 1;
	}
	for (i = 0; i < len; i += SZ_2M)
		*(uint64_t *)(p + i) = 0x6d61702d686f6c64ULL ^ i;
	signal(SIGBUS, on_sigbus);
	signal(SIGUSR1, on_usr1);
	signal(SIGTERM, on_term);
	printf("ready\n");
	while (!want_quit) {
		pause();
		if (!want_check)
			continue;
		want_check = 0;
		bad = 0;
		if (sigsetjmp(env, 1)) {
			printf("sigbus\n");
			continue;
		}
		for (i = 0; i < len; i += SZ_2M)
			bad += *(uint64_t *)(p + i) != (0x6d61702d686f6c64ULL ^ i);
		printf("%s %zu\n", bad ? "corrupt" : "intact", bad ? bad : len / SZ_2M);
	}
	return 0;
}
