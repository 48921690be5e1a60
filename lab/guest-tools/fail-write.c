// SPDX-License-Identifier: GPL-2.0
/*
 * fail-write: write VALUE to FILE with fault injection armed for this task
 * only, and for nothing but that write(2).
 *
 *   fail-write FILE VALUE
 *
 * With fail_page_alloc's task-filter on, the allocations that fail are those
 * of tasks whose /proc/PID/make-it-fail is 1.  A shell setting it for itself
 * would see its own page faults fail first; this tool locks its memory in,
 * opens everything beforehand, and sets make-it-fail around the one write.
 * Exit status 0 if the write succeeded, 1 if not (errno on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd, mif, ret, err;

	if (argc != 3) {
		fprintf(stderr, "usage: fail-write FILE VALUE\n");
		return 1;
	}
	if (mlockall(MCL_CURRENT | MCL_FUTURE)) {
		perror("mlockall");
		return 1;
	}
	fd = open(argv[1], O_WRONLY);
	mif = open("/proc/self/make-it-fail", O_WRONLY);
	if (fd < 0 || mif < 0) {
		perror(fd < 0 ? argv[1] : "/proc/self/make-it-fail");
		return 1;
	}
	if (write(mif, "1", 1) != 1) {
		perror("make-it-fail");
		return 1;
	}
	ret = write(fd, argv[2], strlen(argv[2]));
	err = errno;
	if (pwrite(mif, "0", 1, 0) != 1)
		perror("make-it-fail");
	if (ret < 0) {
		fprintf(stderr, "fail-write: %s: %s\n", argv[1], strerror(err));
		return 1;
	}
	return 0;
}
