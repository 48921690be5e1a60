// SPDX-License-Identifier: GPL-2.0
/*
 * growpoison N: inject a memory error into a 2 MiB HugeTLB page while the
 * pool grows by N pages, after the page got its head and before its tails
 * past the head's vmemmap page are written or mapped to the shared tail (the
 * window of a head-only allocation), and tell whether the error was recorded.
 *
 * It grows the pool to N once to learn where the pages go, empties it, then
 * grows it again from a child while it polls 16 of those heads, spread over
 * them, in /proc/kpageflags (all of them would take longer a round than the
 * window lasts): a head that is a HugeTLB head while its page 100 is not yet
 * a tail is in the window, and page 100 gets
 * /sys/kernel/debug/hwpoison/corrupt-pfn.
 * Once the pool has grown, the error must show on the folio's head (recorded
 * on the HugeTLB page) or on page 100 (the page was dissolved); a flag left
 * on page 100 alone is lost when its vmemmap page is freed.
 *
 * Prints "pfn P head_hwpoison 0|1 page_hwpoison 0|1 attempts A".
 * Exit: 0 recorded, 1 lost, 2 no page seen in its window (3 attempts), 3 error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_HUGE		17
#define KPF_HWPOISON		19
#define NR_2M			512
#define PAGE_IN			100	/* past the head's vmemmap page (64) */
#define ATTEMPTS		3
#define SAMPLE			16

static const char *pool = "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages";
static int kpf_fd;

static void die(const char *what)
{
	fprintf(stderr, "growpoison: %s: %s\n", what, strerror(errno));
	exit(3);
}

static uint64_t kpf(unsigned long pfn)
{
	uint64_t v;

	if (pread(kpf_fd, &v, sizeof(v), pfn * sizeof(v)) != sizeof(v))
		die("/proc/kpageflags");
	return v;
}

static int bit(uint64_t v, int b)
{
	return (v >> b) & 1;
}

static void set_pool(unsigned long n)
{
	char buf[32];
	int fd = open(pool, O_WRONLY), len;

	if (fd < 0)
		die(pool);
	len = snprintf(buf, sizeof(buf), "%lu\n", n);
	if (write(fd, buf, len) != len)
		die(pool);
	close(fd);
}

/* The heads of the 2 MiB HugeTLB pages now in the pool. */
static unsigned long find_heads(unsigned long **heads)
{
	static uint64_t chunk[65536];
	unsigned long pfn = 0, n = 0, cap = 4096;
	ssize_t got;

	*heads = malloc(cap * sizeof(**heads));
	if (!*heads)
		die("malloc");
	while ((got = pread(kpf_fd, chunk, sizeof(chunk), pfn * 8)) > 0) {
		for (long i = 0; i < got / 8; i++, pfn++) {
			if (pfn % NR_2M || !bit(chunk[i], KPF_HUGE) ||
			    !bit(chunk[i], KPF_COMPOUND_HEAD))
				continue;
			if (n == cap) {
				cap *= 2;
				*heads = realloc(*heads, cap * sizeof(**heads));
				if (!*heads)
					die("realloc");
			}
			(*heads)[n++] = pfn;
		}
	}
	if (got < 0)
		die("/proc/kpageflags");
	return n;
}

static void inject(unsigned long pfn)
{
	FILE *f = fopen("/sys/kernel/debug/hwpoison/corrupt-pfn", "w");

	if (!f)
		die("corrupt-pfn");
	/* memory_failure() may refuse it: what it recorded is checked after. */
	fprintf(f, "%lu\n", pfn);
	fclose(f);
}

/* Grow the pool to @n from a child; return the head poisoned, or 0. */
static unsigned long grow_and_poison(unsigned long n, unsigned long *heads,
				     unsigned long nr_heads, char *late)
{
	unsigned long target = 0, rounds = 0;
	int status;
	pid_t pid;

	memset(late, 0, nr_heads);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		set_pool(n);
		_exit(0);
	}
	while (!target && waitpid(pid, &status, WNOHANG) == 0) {
		rounds++;
		for (unsigned long i = 0; i < nr_heads && !target; i++) {
			uint64_t f;

			if (late[i])
				continue;
			f = kpf(heads[i]);
			if (!bit(f, KPF_HUGE) || !bit(f, KPF_COMPOUND_HEAD))
				continue;
			if (bit(kpf(heads[i] + PAGE_IN), KPF_COMPOUND_TAIL)) {
				late[i] = 1;	/* its tails are in place */
				continue;
			}
			inject(heads[i] + PAGE_IN);
			target = heads[i];
		}
	}
	if (target && waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (!target) {
		unsigned long nr_late = 0;

		for (unsigned long i = 0; i < nr_heads; i++)
			nr_late += late[i];
		printf("# %lu rounds, %lu of %lu heads first seen with their tails in place\n",
		       rounds, nr_late, nr_heads);
	}
	return target;
}

int main(int argc, char **argv)
{
	unsigned long n, nr_heads, *heads, target = 0;
	int head_hw, page_hw, attempt;
	char *late;

	if (argc != 2 || !(n = strtoul(argv[1], NULL, 0))) {
		fprintf(stderr, "usage: growpoison N   (2 MiB pages to grow the pool by)\n");
		return 3;
	}
	kpf_fd = open("/proc/kpageflags", O_RDONLY);
	if (kpf_fd < 0)
		die("/proc/kpageflags");

	set_pool(0);
	set_pool(n);
	nr_heads = find_heads(&heads);
	set_pool(0);
	if (!nr_heads) {
		fprintf(stderr, "growpoison: the pool did not grow\n");
		return 3;
	}
	/* Every (nr_heads / SAMPLE)th head: the buddy allocator reuses most. */
	if (nr_heads > SAMPLE) {
		for (unsigned long i = 0; i < SAMPLE; i++)
			heads[i] = heads[i * (nr_heads / SAMPLE)];
		nr_heads = SAMPLE;
	}
	late = malloc(nr_heads);
	if (!late)
		die("malloc");

	for (attempt = 1; attempt <= ATTEMPTS && !target; attempt++) {
		target = grow_and_poison(n, heads, nr_heads, late);
		if (!target)
			set_pool(0);
	}
	if (!target) {
		printf("no page of the %lu polled seen in its window in %d attempts\n",
		       nr_heads, ATTEMPTS);
		return 2;
	}
	head_hw = bit(kpf(target), KPF_HWPOISON);
	page_hw = bit(kpf(target + PAGE_IN), KPF_HWPOISON);
	printf("pfn %lu head_hwpoison %d page_hwpoison %d attempts %d\n",
	       target + PAGE_IN, head_hw, page_hw, attempt - 1);
	return head_hw || page_hw ? 0 : 1;
}
